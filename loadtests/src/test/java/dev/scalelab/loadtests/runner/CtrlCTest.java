package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.loadtests.testserver.ContractServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a JVM using the runner leaves no Gatling JVM behind. */
class CtrlCTest {

    /** A caller of the runner, in its own JVM: args base URL, users CSV, output folder. */
    public static void main(String[] args) throws Exception {
        new SimulationRunner().run(RunSettings.builder().simulation("StoryWorkload").baseUrl(args[0]).rate(5)
                .warmup(Duration.ZERO).duration(Duration.ofSeconds(120)).usersCsv(Path.of(args[1]))
                .articleIdMax(10).userIdMax(10).outputDir(Path.of(args[2])).build(), new RunListener() {
                    @Override
                    public void onMeasurementStart() {
                        System.out.println("MEASURING");
                        System.out.flush();
                    }
                });
    }

    @Test
    void sigint_to_the_caller_stops_the_gatling_jvm(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), "skipped: SIGINT is ignored in this process "
                + "(started as a background job without job control), so the child JVM would ignore Ctrl-C too; "
                + "run the tests in the foreground");
        Path csv = ContractServer.writeUsersCsv(dir.resolve("users.csv"), ContractServer.seededNames(10));
        Path out = dir.resolve("run");
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, ContractServer.seededNames(10),
                "password")) {
            Process caller = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CtrlCTest.class.getName(),
                    server.baseUrl().toString(), csv.toString(), out.toString())
                    .redirectErrorStream(true).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(caller.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null && !line.equals("MEASURING")) {
                    // wait until the Gatling JVM is sending load
                }
                assertThat(line).as("the caller reported that measurement started").isEqualTo("MEASURING");
                List<ProcessHandle> gatling = ChildProcesses.aliveWith(out).stream()
                        .filter(p -> p.parent().map(parent -> parent.pid() == caller.pid()).orElse(false)).toList();
                assertThat(gatling).hasSize(1);

                new ProcessBuilder("kill", "-INT", String.valueOf(caller.pid())).start().waitFor();

                assertThat(caller.waitFor(20, TimeUnit.SECONDS)).as("caller exited").isTrue();
                assertThat(gatling.get(0).onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
                assertThat(ChildProcesses.aliveWith(out)).isEmpty();
            } finally {
                caller.destroyForcibly();
            }
        }
    }

    /**
     * A shell without job control starts background jobs with SIGINT ignored; the JVM then keeps it ignored, and so
     * does every child it starts. Read from the ignored-signals mask in /proc (Linux; elsewhere assumed not ignored).
     */
    static boolean sigintIgnored() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (mask & (1L << (2 - 1))) != 0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
