package dev.scalelab.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate reads call sites from a trace with the app's packages, as {@code scalelab analyze --app-packages} does. */
class ProfileBuilderAppPackagesTest {

    static final String PETS = "select p.id, p.name from pet p where p.owner_id = ?";

    /** An owners page of an app whose own classes live under org.springframework.: four lazy loads of pets. */
    static Path trace(Path dir) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int owner = 1; owner <= 4; owner++) {
            lines.append("{\"unit\":\"GET /owners\",\"unitId\":1,\"sql\":\"").append(PETS).append("\",\"params\":[")
                    .append(owner).append("],\"stack\":[\"org.hibernate.loader.Loader.load(Loader.java:10)\","
                            + "\"org.springframework.samples.clinic.OwnerView.pets(OwnerView.java:18)\","
                            + "\"org.springframework.samples.clinic.OwnerController.list(OwnerController.java:41)\","
                            + "\"org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1)\"]}\n");
        }
        return Files.writeString(dir.resolve("trace.jsonl"), lines);
    }

    static QueryProfile.Route owners(ProfileBuilder builder, Path trace) throws Exception {
        List<String> uncounted = new ArrayList<>();
        QueryProfile profile = builder.fromWorkload("clinic", Map.of("GET /owners",
                new WorkloadProfiler.Tally(1, 0, 4, List.of())), Optional.empty(), trace, uncounted);
        return profile.routes().get("GET /owners");
    }

    @Test
    void with_the_app_packages_the_call_site_is_the_apps_own_frame_under_a_framework_prefix(@TempDir Path dir)
            throws Exception {
        QueryProfile.Route route = owners(new ProfileBuilder(List.of("org.springframework.samples.clinic")), trace(dir));

        assertThat(route.statementsPerRequest()).isEqualTo(4);
        assertThat(route.statements().get(PETS).callSite()).isEqualTo("OwnerView.pets(OwnerView.java:18)");
        assertThat(route.nPlusOne()).containsExactly(PETS + " at OwnerView.pets(OwnerView.java:18)");
    }

    @Test
    void without_them_every_frame_is_the_frameworks_and_no_call_site_is_named(@TempDir Path dir) throws Exception {
        QueryProfile.Route route = owners(new ProfileBuilder(), trace(dir));

        assertThat(route.statementsPerRequest()).isEqualTo(4);
        assertThat(route.statements().get(PETS).callSite()).isNull();
        assertThat(route.nPlusOne()).singleElement().asString()
                .startsWith(PETS + " at (no application frame in the call stack");
    }
}
