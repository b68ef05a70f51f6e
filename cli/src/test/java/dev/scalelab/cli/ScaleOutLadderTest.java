package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.Programs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out rung through the real command in a child JVM: two instances behind nginx, PgBouncer, a shared
 * memcached and a task worker, leak-free, with every process gone when the command ends or is interrupted; and a
 * machine without the servers skips the step with the install command instead of failing.
 */
class ScaleOutLadderTest {

    static final String SCALE_OUT = """
            name: scale-out
            workload: {rate: 4, warmupSec: 1, durationSec: 4, drainSec: 5}
            steps:
              - name: scale-out
                description: two instances behind nginx, PgBouncer, shared memcached, queued tasks
                app: {fetch: eager, connections: pool, cache: fragment, tasks: queue, notify-latency-ms: 20}
                stack: {instances: 2, pgbouncer: true, memcached: true}
            """;

    static String dbUrl;

    @BeforeAll
    static void database() throws Exception {
        dbUrl = TestDb.url("scalelab_scaleout_it");
    }

    @Test
    void scale_out_runs_leak_free_and_leaves_no_process_when_it_ends_or_is_interrupted(@TempDir Path tmp) throws Exception {
        StackPrograms.assumeInstalled();
        Path ladder = Files.writeString(tmp.resolve("scale-out.yaml"), SCALE_OUT);
        Run done = cli(tmp, Map.of(), line -> false, "ladder", "--ladder", ladder.toString(), "--db-url", dbUrl,
                "--out", tmp.resolve("done").toString());
        assertThat(done.exitCode()).as(done.output()).isZero();
        assertThat(done.output()).contains("starting PgBouncer").contains("starting memcached")
                .contains("starting 2 app instances").contains("starting nginx in front of 2 instances")
                .contains("starting the task worker").contains("CPU by process");
        JsonNode step = new ObjectMapper().readTree(tmp.resolve("done/summary.json").toFile()).get("steps").get(0);
        assertThat(step.get("status").asText()).as(done.output()).isEqualTo("PASSED");
        assertThat(step.get("identityLeaks").asLong()).isZero();
        assertThat(step.get("requests").asLong()).isPositive();
        assertThat(step.get("ko").asLong()).isZero();
        assertThat(step.at("/switches/instances").asText()).isEqualTo("2 behind nginx");
        JsonNode usage = new ObjectMapper().readTree(tmp.resolve("done/scale-out/resources.json").toFile()).get("usage");
        for (String role : List.of("app", "app-1", "app-2", "database", "worker", "pgbouncer", "memcached", "nginx")) {
            assertThat(usage.has(role)).as("CPU of %s sampled", role).isTrue();
        }
        assertThat(done.leftRunning()).as("processes that outlived the command").isEmpty();

        Run interrupted = cli(tmp, Map.of(), line -> line.contains("scale-out [") && line.contains("measuring"),
                "ladder", "--ladder", ladder.toString(), "--db-url", dbUrl, "--out", tmp.resolve("interrupted").toString());
        assertThat(interrupted.children()).as("children seen while running").hasSizeGreaterThanOrEqualTo(6);
        assertThat(interrupted.leftRunning()).as("processes that outlived the interrupted command").isEmpty();
    }

    @Test
    void without_the_servers_the_step_is_skipped_with_the_install_command(@TempDir Path tmp) throws Exception {
        Path ladder = Files.writeString(tmp.resolve("scale-out.yaml"), SCALE_OUT);
        Path nothing = Files.createDirectories(tmp.resolve("no-programs"));
        Map<String, String> env = Map.of(Programs.PATH_VARIABLE, nothing.toString());
        Run run = cli(tmp, env, line -> false, "ladder", "--ladder", ladder.toString(), "--db-url", dbUrl,
                "--out", tmp.resolve("skipped").toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("step 1/1 scale-out: SKIPPED (pgbouncer, memcached, nginx are not installed; "
                + "install with: apt-get install -y pgbouncer memcached nginx)");
        JsonNode step = new ObjectMapper().readTree(tmp.resolve("skipped/summary.json").toFile()).get("steps").get(0);
        assertThat(step.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(step.get("statusReason").asText()).contains("apt-get install -y pgbouncer memcached nginx");

        Run doctor = cli(tmp, env, line -> false, "doctor", "--data-dir", tmp.resolve("doctor-pg").toString());
        assertThat(doctor.output()).contains("missing  nginx: scale-out step, reverse proxy balancing the app instances "
                + "(the ladder skips scale-out without it); install with: apt-get install -y nginx");
        assertThat(doctor.exitCode()).isZero();
    }

    record Run(int exitCode, String output, List<ProcessHandle> children) {
        List<String> leftRunning() {
            return children.stream().filter(ProcessHandle::isAlive)
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("")).toList();
        }
    }

    /** Runs the command in a child JVM, sends SIGTERM at the first output line {@code interruptAt} accepts. */
    static Run cli(Path dir, Map<String, String> env, Predicate<String> interruptAt, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", AppProcess.ownClasspath(), "dev.scalelab.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        List<ProcessHandle> seen = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        boolean sent = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                p.descendants().filter(h -> !seen.contains(h)).forEach(seen::add);
                if (!sent && interruptAt.test(line)) {
                    p.toHandle().destroy(); // SIGTERM, as Ctrl-C or a CI timeout would
                    sent = true;
                }
            }
        }
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(output.toString()).isTrue();
        Thread.sleep(500);
        return new Run(p.exitValue(), output.toString(), seen);
    }
}
