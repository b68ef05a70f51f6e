package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.cli.proc.AppProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps of "your own app" as real processes on loopback: the owners-and-pets test app ({@code PetsApp}) started by a
 * command with env and args, or built from a git ref in a worktree. The load is the injector's health load, so these
 * tests see how the app starts and stops, not what a workload file sends.
 */
class OwnAppStepsTest {

    static String dbUrl;
    /** The test app, started as the user's own command would start it. */
    static String startPets;

    @BeforeAll
    static void database() throws Exception {
        dbUrl = TestDb.url("scalelab_ownapp_steps_it");
        startPets = "exec java -Xmx128m -cp '" + AppProcess.ownClasspath() + "' dev.scalelab.cli.ownapp.PetsApp";
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static JsonNode steps(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("steps");
    }

    @Nested
    class A_command_step {

        @Test
        void starts_the_app_with_its_env_and_args_on_a_free_port_and_stops_it_afterwards(@TempDir Path tmp)
                throws Exception {
            Path ladder = Files.writeString(tmp.resolve("pets.yaml"), """
                    workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2, drainSec: 2}
                    steps:
                      - name: batch-on
                        start: %s
                        args: [--batch-fetch, 'on']
                        env: {DB_URL: %s}
                        health: /health
                    """.formatted(quoted(startPets), quoted(dbUrl)));
            Path out = tmp.resolve("run");

            Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

            assertThat(r.exitCode()).as(r.out()).isZero();
            assertThat(r.out()).contains("starting your app: exec java").doesNotContain("database: ");
            JsonNode step = steps(out).get(0);
            assertThat(step.get("status").asText()).isEqualTo("PASSED");
            assertThat(step.at("/switches/start").asText()).endsWith("PetsApp --batch-fetch on");
            String log = Files.readString(out.resolve("batch-on/app.log"));
            assertThat(log).contains("batch fetch on");
            int port = Integer.parseInt(log.replaceAll("(?s).*listening on http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
            assertThat(listening(port)).as("the app is stopped when the command ends").isFalse();
        }

        @Test
        void whose_app_exits_at_start_is_an_error_with_its_last_log_lines(@TempDir Path tmp) throws Exception {
            Path ladder = Files.writeString(tmp.resolve("pets.yaml"), """
                    workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2}
                    steps:
                      - name: no-db
                        start: "pwd > started-in.txt; echo 'pets: DB_URL is not set' >&2; exit 3"
                    """);
            Path out = tmp.resolve("run");

            Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

            assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
            JsonNode step = steps(out).get(0);
            assertThat(step.get("status").asText()).isEqualTo("ERROR");
            assertThat(step.get("statusReason").asText()).matches("your app exited with code 3 before GET "
                    + "http://127\\.0\\.0\\.1:\\d+/health answered 200; last lines of app\\.log: pets: DB_URL is not set "
                    + "\\(run the start command by hand to see why\\)");
            assertThat(r.out()).contains("step 1/1 no-db: ERROR (your app exited with code 3");
            assertThat(Files.readString(tmp.resolve("started-in.txt")).strip())
                    .as("a step's command runs in the ladder file's folder").isEqualTo(tmp.toRealPath().toString());
        }

        @Test
        void whose_health_path_never_answers_200_is_an_error_saying_which_url_what_it_answered_and_what_to_do(
                @TempDir Path tmp) throws Exception {
            Path ladder = Files.writeString(tmp.resolve("pets.yaml"), """
                    workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2}
                    steps:
                      - name: wrong-health
                        start: %s
                        env: {DB_URL: %s}
                        health: /actuator/health
                        startTimeoutSec: 25
                    """.formatted(quoted(startPets), quoted(dbUrl)));
            Path out = tmp.resolve("run");

            Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

            assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
            assertThat(steps(out).get(0).get("statusReason").asText()).matches("your app did not answer GET "
                    + "http://127\\.0\\.0\\.1:\\d+/actuator/health with 200 within 25 s \\(it answered 404\\); last lines of "
                    + "app\\.log: pets: listening on http://127\\.0\\.0\\.1:\\d+, batch fetch off; set the step's 'health' "
                    + "to a path that answers 200 once the app is ready \\(e\\.g\\. /actuator/health\\)");
        }
    }

    @Test
    void a_command_step_whose_app_never_listens_is_an_error_saying_where_it_was_expected(@TempDir Path tmp)
            throws Exception {
        Path ladder = Files.writeString(tmp.resolve("pets.yaml"), """
                workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2}
                steps:
                  - name: silent
                    start: "echo starting; exec sleep 60"
                    startTimeoutSec: 2
                """);
        Path out = tmp.resolve("run");

        Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(steps(out).get(0).get("statusReason").asText()).matches("your app did not answer GET "
                + "http://127\\.0\\.0\\.1:(\\d+)/health with 200 within 2 s \\(it did not answer \\(ConnectException\\)\\); "
                + "last lines of app\\.log: starting; check that the app listens on http://127\\.0\\.0\\.1:\\1 \\(set the "
                + "step's 'url', or use \\$\\{port\\} in the command\\), or give it more time with 'startTimeoutSec'");
    }

    @Nested
    class A_git_ref_step {

        /** A repository of the app's settings: "before" has batch fetch off, HEAD has it on. */
        Path repository(Path tmp) throws Exception {
            Path repo = Files.createDirectories(tmp.resolve("repo"));
            git(repo, "init", "-q", "-b", "main");
            Files.writeString(repo.resolve("pets.properties"), "batchFetch=off\n");
            git(repo, "add", ".");
            git(repo, "commit", "-q", "-m", "pets");
            git(repo, "tag", "before");
            Files.writeString(repo.resolve("pets.properties"), "batchFetch=on\n");
            git(repo, "commit", "-q", "-am", "batch fetch");
            return repo;
        }

        @Test
        void builds_each_commit_in_a_worktree_starts_it_there_and_removes_the_worktree(@TempDir Path tmp)
                throws Exception {
            Path repo = repository(tmp);
            Path ladder = Files.writeString(repo.resolve("refs.yaml"), """
                    workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2, drainSec: 2}
                    steps:
                      - name: before
                        ref: before
                        build: "echo compiling; grep batchFetch pets.properties"
                        start: %1$s
                        env: {DB_URL: %2$s}
                      - name: after
                        ref: main
                        build: "echo compiling; grep batchFetch pets.properties"
                        start: %1$s
                        env: {DB_URL: %2$s}
                    """.formatted(quoted(startPets), quoted(dbUrl)));
            Path out = tmp.resolve("run");

            Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

            assertThat(r.exitCode()).as(r.out()).isZero();
            assertThat(r.out()).containsPattern("building before \\([0-9a-f]{10}\\): echo compiling; grep batchFetch "
                    + "pets.properties \\(output in build.log\\)").contains("built before in ");
            assertThat(Files.readString(out.resolve("before/build.log"))).isEqualTo("compiling\nbatchFetch=off\n");
            assertThat(Files.readString(out.resolve("after/build.log"))).isEqualTo("compiling\nbatchFetch=on\n");
            assertThat(Files.readString(out.resolve("before/app.log"))).contains("batch fetch off");
            assertThat(Files.readString(out.resolve("after/app.log"))).contains("batch fetch on");
            JsonNode steps = steps(out);
            assertThat(steps.get(0).get("status").asText()).isEqualTo("PASSED");
            assertThat(steps.get(1).get("status").asText()).isEqualTo("PASSED");
            assertThat(steps.get(0).at("/switches/ref").asText()).isEqualTo("before");
            assertThat(steps.get(0).at("/links/rawFiles/build log").asText()).isEqualTo("before/build.log");
            assertThat(out.resolve(".worktrees")).doesNotExist();
            assertThat(git(repo, "worktree", "list")).hasSize(1);
        }

        @Test
        void whose_build_fails_is_an_error_with_the_build_output_and_leaves_no_worktree(@TempDir Path tmp)
                throws Exception {
            Path repo = repository(tmp);
            Path ladder = Files.writeString(repo.resolve("refs.yaml"), """
                    workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2}
                    steps:
                      - name: broken
                        ref: before
                        build: "echo 'error: cannot find symbol BatchFetch'; exit 1"
                        start: %s
                      - name: unknown
                        ref: no-such-branch
                        build: "true"
                        start: %1$s
                    """.formatted(quoted(startPets)));
            Path out = tmp.resolve("run");

            Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", out.toString());

            assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
            JsonNode steps = steps(out);
            assertThat(steps.get(0).get("statusReason").asText()).isEqualTo("the build of before (echo 'error: cannot "
                    + "find symbol BatchFetch'; exit 1) failed with exit code 1: error: cannot find symbol BatchFetch; see "
                    + out.resolve("broken/build.log").toAbsolutePath());
            assertThat(steps.get(1).get("statusReason").asText()).isEqualTo("no commit 'no-such-branch' in the git "
                    + "repository at " + repo.toAbsolutePath() + " (give a branch, tag or commit of it as 'ref')");
            assertThat(out.resolve(".worktrees")).doesNotExist();
            assertThat(git(repo, "worktree", "list")).hasSize(1);
        }
    }

    @Test
    void sigterm_during_a_build_stops_the_build_and_removes_the_worktree(@TempDir Path tmp) throws Exception {
        Path repo = new A_git_ref_step().repository(tmp);
        Path ladder = Files.writeString(repo.resolve("slow.yaml"), """
                workload: {simulation: HealthLoad, rate: 2, warmupSec: 1, durationSec: 2}
                steps:
                  - name: slow
                    ref: before
                    build: "echo compiling; exec sleep 120"
                    start: "true"
                """);
        Path out = tmp.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", AppProcess.ownClasspath(), "dev.scalelab.cli.Main", "ladder", "--ladder", ladder.toString(),
                "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<ProcessHandle> seen = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (line.contains("building before (")) {
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (Files.notExists(out.resolve("slow/build.log")) || Files.size(out.resolve("slow/build.log")) == 0) {
                        if (System.nanoTime() > deadline) {
                            break;
                        }
                        Thread.sleep(50);
                    }
                    p.descendants().forEach(seen::add);
                    assertThat(Files.isDirectory(out.resolve(".worktrees/slow-1"))).as(output.toString()).isTrue();
                    p.toHandle().destroy(); // SIGTERM, as Ctrl-C or a CI timeout would
                }
            }
        }
        assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as(output.toString()).isTrue();
        assertThat(seen).as("the build was running").isNotEmpty();
        Thread.sleep(500);
        assertThat(seen.stream().filter(ProcessHandle::isAlive).map(h -> h.pid() + " " + h.info().commandLine().orElse("")))
                .as("processes that outlived the command").isEmpty();
        assertThat(out.resolve(".worktrees")).as(output.toString()).doesNotExist();
        assertThat(git(repo, "worktree", "list")).hasSize(1);
    }

    static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static List<String> git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@example.test"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().toList();
    }
}
