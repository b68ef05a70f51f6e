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
        List<String> command = ChildJvm.prepare(settings, ClassArchive.none(), null);
        assertThat(command).contains("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dgatling.data.enableAnalytics=false",
                "-Djava.util.prefs.userRoot=" + dir.resolve(".injector/prefs"), "io.gatling.app.Gatling",
                "dev.scalelab.loadtests.sim.HealthLoad", "--no-reports", "-Drate=1", "-DdurationSec=1");
        String prefs = Files.readString(dir.resolve(".injector/prefs/.java/.userPrefs/io/gatling/latestVersion/prefs.xml"));
        assertThat(prefs).contains("<entry key=\"lastCheckTimestamp\" value=\"");
    }

    /**
     * Gatling's lookup runs in a child JVM whose HTTPS goes through a "proxy" that is a socket of this test: any
     * attempt to reach Maven Central shows up there as a connection, whatever this machine's network.
     */
    @Test
    void with_the_seeded_preferences_gatling_does_not_look_for_a_newer_release(@TempDir Path dir) throws Exception {
        Path seeded = dir.resolve("seeded");
        ChildJvm.seedVersionCheck(seeded);
        assertThat(lookup(seeded, Duration.ofSeconds(5))).as("connections to the proxy").isZero();
        // the probe can see a lookup: without the seed, Gatling tries
        assertThat(lookup(dir.resolve("empty"), Duration.ZERO)).as("connections without the seed").isPositive();
    }

    /** Runs Gatling's lookup {@code delay} after seeding (a slow JVM start) and counts connections to the proxy. */
    private static int lookup(Path prefs, Duration delay) throws Exception {
        Thread.sleep(delay.toMillis());
        try (java.net.ServerSocket proxy = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            proxy.setSoTimeout(200);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.util.prefs.userRoot=" + prefs, "-Dhttps.proxyHost=127.0.0.1",
                    "-Dhttps.proxyPort=" + proxy.getLocalPort(), "-Dhttp.proxyHost=127.0.0.1",
                    "-Dhttp.proxyPort=" + proxy.getLocalPort(), "-cp", System.getProperty("java.class.path"),
                    VersionCheckProbe.class.getName()).redirectErrorStream(true)
                    .redirectOutput(prefs.resolveSibling(prefs.getFileName() + ".log").toFile()).start();
            int connections = 0;
            try {
                while (p.isAlive()) {
                    try (java.net.Socket s = proxy.accept()) {
                        connections++;
                    } catch (java.net.SocketTimeoutException quiet) {
                        // nobody called
                    }
                }
            } finally {
                p.destroyForcibly().waitFor();
            }
            return connections;
        }
    }
}
