package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @Test
    void relative_classpath_entries_are_made_absolute_because_the_child_runs_in_the_output_folder() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(ChildJvm.absolute("a.jar" + File.pathSeparator + "/opt/b.jar" + File.pathSeparator + "lib/*"))
                .isEqualTo(cwd + "/a.jar" + File.pathSeparator + "/opt/b.jar" + File.pathSeparator + cwd + "/lib/*");
    }

    @Test
    void the_command_has_the_required_flags_and_gatlings_version_check_is_recorded_as_done(@TempDir Path dir)
            throws Exception {
        RunSettings settings = RunSettings.builder().simulation("HealthLoad").baseUrl("http://127.0.0.1:1").rate(1)
                .duration(Duration.ofSeconds(1)).outputDir(dir).gatlingReport(false).build();
        List<String> command = ChildJvm.prepare(settings, ClassArchive.none());
        assertThat(command).contains("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dgatling.data.enableAnalytics=false",
                "-Djava.util.prefs.userRoot=" + dir.resolve(".injector/prefs"), "io.gatling.app.Gatling",
                "dev.scalelab.loadtests.sim.HealthLoad", "--no-reports", "-Drate=1", "-DdurationSec=1");
        String prefs = Files.readString(dir.resolve(".injector/prefs/.java/.userPrefs/io/gatling/latestVersion/prefs.xml"));
        assertThat(prefs).contains("<entry key=\"latestReleaseNumber\" value=\"3.14.9\"/>")
                .contains("<entry key=\"lastCheckTimestamp\" value=\"");
    }
}
