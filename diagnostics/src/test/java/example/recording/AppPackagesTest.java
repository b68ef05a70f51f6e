package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import example.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.springframework.samples.petclinic.owner.PetLookup;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Application packages: the app's own frames, also when its package is under a framework prefix. */
class AppPackagesTest {
    private static DataSource raw;

    static synchronized DataSource raw() {
        if (raw == null) {
            raw = TestDatabase.freshSchema("diag_app_packages");
            TestDatabase.execute(raw,
                    "CREATE TABLE pet (id bigint PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO pet SELECT g, 'pet ' || g FROM generate_series(1, 10) g");
        }
        return raw;
    }

    static Finding onlyFinding(Diagnostics d) throws Exception {
        PetLookup pets = new PetLookup(d.wrap(raw()));
        UnitScope unit = d.open("GET /owners/{ownerId}");
        pets.namesOneByOne(4);
        UnitReport report = unit.end();
        assertThat(report.findings()).hasSize(1);
        return report.findings().get(0);
    }

    @Test
    void without_app_packages_an_app_under_a_framework_prefix_is_skipped_for_its_caller() throws Exception {
        Finding f = onlyFinding(Diagnostics.builder().build());
        assertThat(f.callSite()).startsWith("AppPackagesTest.onlyFinding(AppPackagesTest.java:");
    }

    @Test
    void an_app_package_under_a_framework_prefix_names_the_innermost_app_frame() throws Exception {
        Diagnostics d = Diagnostics.builder().appPackages(List.of("org.springframework.samples.petclinic")).build();
        assertThat(d.appPackages()).containsExactly("org.springframework.samples.petclinic");
        Finding f = onlyFinding(d);
        assertThat(f.kind()).isEqualTo(Finding.Kind.N_PLUS_ONE);
        assertThat(f.callSite()).isEqualTo("PetLookup.namesOneByOne(PetLookup.java:29)");
        // only frames of the application packages: the test calling it is not the application
        assertThat(f.stack()).containsExactly(
                "org.springframework.samples.petclinic.owner.PetLookup.namesOneByOne(PetLookup.java:29)");
        assertThat(f.message()).startsWith("GET /owners/{ownerId}: N+1: 4 × select name from pet where id = ? at"
                + " PetLookup.namesOneByOne(PetLookup.java:29) (");
    }

    @Test
    void a_trailing_dot_and_several_packages_are_accepted() throws Exception {
        Diagnostics d = Diagnostics.builder().appPackages("com.example.", "org.springframework.samples.petclinic.")
                .build();
        assertThat(d.appPackages()).containsExactly("com.example", "org.springframework.samples.petclinic");
        assertThat(onlyFinding(d).callSite()).isEqualTo("PetLookup.namesOneByOne(PetLookup.java:29)");
    }

    @Test
    void stacks_without_an_application_frame_say_so_and_name_the_setting() throws Exception {
        Diagnostics d = Diagnostics.builder().addFrameworkPrefixes("example.").build();
        Finding f = onlyFinding(d);
        assertThat(f.callSite()).isEqualTo("(no application frame in the call stack: every frame is under a"
                + " framework prefix; set the application packages: Diagnostics.builder().appPackages(\"com.example\"),"
                + " scalelab.diagnostics.app-packages or --app-packages)");
        assertThat(f.stack()).isEmpty();
        assertThat(f.message()).contains(" at (no application frame in the call stack: every frame is under a"
                + " framework prefix; set the application packages: ");
    }

    @Test
    void app_packages_that_match_no_frame_say_which_packages_were_looked_for() throws Exception {
        Finding f = onlyFinding(Diagnostics.builder().appPackages("com.example", "org.acme").build());
        assertThat(f.callSite()).isEqualTo("(no application frame in the call stack: no frame is under the"
                + " application packages com.example, org.acme; check the application packages:"
                + " Diagnostics.builder().appPackages(...), scalelab.diagnostics.app-packages or --app-packages)");
    }

    @Test
    void stacks_off_still_say_call_stacks_off() throws Exception {
        Finding f = onlyFinding(Diagnostics.builder().captureStacks(false).build());
        assertThat(f.callSite()).isEqualTo("(call stacks off)");
    }

    @Test
    void invalid_app_packages_are_reported_together_with_the_other_problems() {
        assertThatThrownBy(() -> Diagnostics.builder().threshold(1).appPackages("com.example", " ", "com..x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid diagnostics settings: threshold: expected >= 2 (one execution is never a loop),"
                        + " found 1; appPackages: expected package names such as \"com.example\", found \" \";"
                        + " appPackages: expected package names such as \"com.example\", found \"com..x\"");
    }

    @Test
    void the_junit_extension_uses_the_app_packages_of_its_diagnostics() {
        List<Event> failed = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(AppPackagesFixtures.PetclinicWithAppPackages.class)).execute()
                .testEvents().failed().list();
        assertThat(failed).hasSize(1);
        String message = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
        assertThat(message).contains("\nFindings:\n  PetclinicWithAppPackages.owners: N+1: 3 × select name from pet"
                + " where id = ? at PetLookup.namesOneByOne(PetLookup.java:29) (");
    }
}
