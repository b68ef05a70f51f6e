package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.proc.AppProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during a ladder, on a real command in a child JVM: Ctrl-C (SIGINT) keeps the finished steps and
 * {@code scalelab report} rebuilds the report from them; the database killed during a step ends that step in ERROR
 * with one line and stops the ladder cleanly. In both, no process outlives the command.
 */
class FaultsTest {
    static String dbUrl;

    static final String TWO_STEPS = """
            name: two-steps
            workload: {rate: 3, warmupSec: 1, durationSec: 4, drainSec: 5}
            steps:
              - name: lazy
                description: lazy loading
                app: {fetch: lazy, connections: pool, cache: none}
              - name: eager
                description: eager loading
                app: {fetch: eager}
            """;

    @BeforeAll
    static void database() throws Exception {
        dbUrl = TestDb.url("scalelab_harden_faults_it");
    }

    record Run(int exitCode, String output, List<ProcessHandle> children) {
        List<String> survivors() {
            return children.stream().filter(ProcessHandle::isAlive)
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("")).toList();
        }
    }

    /** Runs the CLI in a child JVM; {@code act} sees every output line and may act on the process (once). */
    static Run cli(List<String> args, BiPredicate<String, Process> act) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", AppProcess.ownClasspath(), "dev.scalelab.cli.Main"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<ProcessHandle> seen = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        boolean acted = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                p.descendants().forEach(seen::add);
                if (!acted && act.test(line, p)) {
                    acted = true;
                }
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(output.toString()).isTrue();
        Thread.sleep(500);
        return new Run(p.exitValue(), output.toString(), seen);
    }

    static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } catch (Exception e) {
            throw new AssertionError("kill -" + signal + " " + pid + " failed", e);
        }
    }

    @Test
    void ctrl_c_keeps_the_finished_steps_and_report_rebuilds_the_report_from_them(@TempDir Path tmp) throws Exception {
        Path ladder = Files.writeString(tmp.resolve("two.yaml"), TWO_STEPS);
        Path out = tmp.resolve("run");
        Run run = cli(List.of("ladder", "--ladder", ladder.toString(), "--db-url", dbUrl, "--out", out.toString()),
                (line, p) -> {
                    if (line.contains("step 2/2 eager [") && line.contains("measuring")) {
                        signal("INT", p.pid()); // what Ctrl-C sends
                        return true;
                    }
                    return false;
                });
        assertThat(run.output()).contains("step 1/2 lazy: PASSED: ").doesNotContain("Exception");
        // the JVM ends with 128 + SIGINT, as a shell expects of a command stopped by Ctrl-C
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(run.children()).isNotEmpty();
        assertThat(run.survivors()).as("processes that outlived the command").isEmpty();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("steps")).hasSize(1);
        assertThat(summary.at("/steps/0/name").asText()).isEqualTo("lazy");

        Files.delete(out.resolve("report.html"));
        Files.delete(out.resolve("report.md"));
        AppCommandTest.Result report = AppCommandTest.run("report", out.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("report: " + out.resolve("report.html"));
        assertThat(Files.readString(out.resolve("report.md"))).contains("| lazy | PASSED |")
                .contains("1 step, 1 run each · 1 passed · 1 as expected");
    }

    @Test
    void the_database_killed_during_a_step_ends_it_in_error_and_stops_the_ladder(@TempDir Path tmp) throws Exception {
        // the embedded database, the only one scalelab may kill; kept between runs so it is seeded once
        Path data = Path.of("target", "faults-data").toAbsolutePath();
        Path ladder = Files.writeString(tmp.resolve("two.yaml"), TWO_STEPS.replace(
                "app: {fetch: lazy, connections: pool, cache: none}",
                "app: {fetch: lazy, connections: pool, cache: none}\n    stack: {split: true}"));
        Path out = tmp.resolve("run");
        Path pidFile = data.resolve("pgdata").resolve("postmaster.pid");
        Run run = cli(List.of("ladder", "--ladder", ladder.toString(), "--data-dir", data.toString(), "--out",
                out.toString()), (line, p) -> {
                    if (line.contains("step 1/2 lazy [") && line.contains("measuring")) {
                        try {
                            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                            signal("KILL", postmaster);
                        } catch (java.io.IOException e) {
                            throw new AssertionError(e);
                        }
                        return true;
                    }
                    return false;
                });
        String output = run.output();
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
        if (Files.exists(Path.of("/usr/bin/taskset")) && Runtime.getRuntime().availableProcessors() >= 2) {
            assertThat(output).contains("split: the database on CPU 0, the rest on the other CPUs");
        }
        assertThat(output.lines().filter(l -> l.startsWith("step 1/2 lazy: ") && !l.contains("lazy loading [")).toList())
                .singleElement()
                .asString().startsWith("step 1/2 lazy: ERROR (the database stopped during the step (");
        assertThat(output).contains("ladder stopped: the database stopped during lazy; the steps after it were not "
                + "run; the summary and report keep the finished steps");
        assertThat(output).doesNotContain("step 2/2 eager: ");
        assertThat(run.exitCode()).as(output).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.survivors()).as("processes that outlived the command").isEmpty();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("steps")).hasSize(1);
        assertThat(summary.at("/steps/0/status").asText()).isEqualTo("ERROR");
        assertThat(summary.at("/steps/0/switches/split").asText()).isEqualTo("database on its own CPU");
        assertThat(out.resolve("report.html")).isRegularFile();
    }
}
