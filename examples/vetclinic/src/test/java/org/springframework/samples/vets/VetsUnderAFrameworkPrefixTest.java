package org.springframework.samples.vets;

import com.example.vetclinic.ClinicDatabase;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.junit.QueryBudget;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.scalelab.diagnostics.junit.Queries.assertQueries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app in {@code org.springframework.samples.vets}: no setting, and the N+1's call site is the app's own
 * method, because the application packages default to the {@code @SpringBootApplication} class's package.
 */
@SpringBootTest(classes = VetsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class VetsUnderAFrameworkPrefixTest extends ClinicDatabase {
    @Autowired
    Diagnostics diagnostics;
    @Autowired
    VetRoster roster;
    @Autowired
    VetRepository vets;

    @Test
    void nPlusOne_namesTheAppsCallSite_althoughTheAppIsUnderOrgSpringframework() throws Throwable {
        UnitReport report = assertQueries(diagnostics, roster::summaries);

        assertThat(report.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.N_PLUS_ONE);
            assertThat(finding.count()).isEqualTo(4);
            assertThat(finding.callSite())
                    .matches("VetRoster\\.summaries\\(VetRoster\\.java:\\d+\\)");
        });
    }

    @Test
    @QueryBudget(max = 1)
    void queryBudget_isCheckedByTheStarter_withoutExtensionOrField() {
        assertThat(vets.count()).isEqualTo(4);
    }
}
