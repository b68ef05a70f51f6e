package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.junit.DiagnosticsExtension;
import dev.scalelab.diagnostics.junit.NoNPlusOne;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.samples.petclinic.owner.PetLookup;

import java.sql.SQLException;

/** Test classes run by {@link AppPackagesTest} through the JUnit test kit (not by Surefire: no "Test" suffix). */
final class AppPackagesFixtures {
    private AppPackagesFixtures() {
    }

    /** The JUnit extension classifies frames with the application packages of its Diagnostics. */
    @NoNPlusOne
    static class PetclinicWithAppPackages {
        static final Diagnostics diagnostics = Diagnostics.builder()
                .appPackages("org.springframework.samples.petclinic").build();

        @RegisterExtension
        static final DiagnosticsExtension queries = new DiagnosticsExtension(diagnostics);

        @Test
        void owners() throws SQLException {
            new PetLookup(diagnostics.wrap(AppPackagesTest.raw())).namesOneByOne(3);
        }
    }
}
