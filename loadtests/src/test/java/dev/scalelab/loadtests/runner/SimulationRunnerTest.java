package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.loadtests.testserver.ContractServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationRunnerTest {

    @TempDir
    Path dir;

    private RunSettings.Builder story(String baseUrl, Path csv) {
        return RunSettings.builder().simulation("StoryWorkload").baseUrl(baseUrl).rate(5)
                .warmup(Duration.ofSeconds(0)).duration(Duration.ofSeconds(2))
                .usersCsv(csv).articleIdMax(10).userIdMax(10)
                .outputDir(dir.resolve("run"));
    }

    private Path csv() throws IOException {
        return ContractServer.writeUsersCsv(dir.resolve("users.csv"), ContractServer.seededNames(10));
    }

    @Nested
    class BadInputIsRefusedBeforeAnyLoad {

        @Test
        void every_invalid_setting_is_listed_in_one_line() {
            RunSettings settings = RunSettings.builder().simulation("StoryWorkload").baseUrl("http://127.0.0.1:1")
                    .rate(-1).duration(Duration.ZERO).outputDir(dir)
                    .usersCsv(dir.resolve("missing.csv")).articleIdMax(10).userIdMax(10).build();
            assertThatThrownBy(() -> new SimulationRunner().run(settings))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessage("rate must be > 0 and <= 100000 visitors per second (got -1); "
                            + "durationSec must be between 1 and 86400 seconds (got 0); "
                            + "usersCsv " + dir.resolve("missing.csv").toAbsolutePath()
                            + " does not exist or is not a file; `scalelab` writes it when it seeds the app");
        }

        @Test
        void an_unknown_simulation_names_the_known_ones() {
            RunSettings settings = RunSettings.builder().simulation("SoakTest").baseUrl("http://127.0.0.1:1")
                    .outputDir(dir).build();
            assertThatThrownBy(() -> new SimulationRunner().run(settings))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessage("unknown simulation 'SoakTest'; expected one of StoryWorkload, QueryProfile, HealthLoad, "
                            + "WorkloadSimulation");
        }

        @Test
        void a_missing_rate_and_a_fractional_duration_are_reported() {
            RunSettings settings = RunSettings.builder().simulation("HealthLoad").baseUrl("ftp://example")
                    .duration(Duration.ofMillis(1500)).outputDir(dir).build();
            assertThatThrownBy(() -> new SimulationRunner().run(settings))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessage("duration must be a positive whole number of seconds (got 1.5 s)");
            RunSettings noRate = RunSettings.builder().simulation("HealthLoad").baseUrl("ftp://example")
                    .outputDir(dir).build();
            assertThatThrownBy(() -> new SimulationRunner().run(noRate))
                    .hasMessage("baseUrl must be an http(s) URL with a host, e.g. http://127.0.0.1:8080 (got 'ftp://example'); "
                            + "rate is required: new visitors per second, e.g. 20");
        }

        @Test
        void an_unreachable_target_fails_the_preflight_with_a_clear_line() throws Exception {
            int port = ContractServer.deadPort();
            RunSettings settings = story("http://127.0.0.1:" + port, csv()).build();
            assertThatThrownBy(() -> new SimulationRunner().run(settings))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessage("preflight failed: GET http://127.0.0.1:" + port + "/health could not connect "
                            + "(connection refused); start the app or check the base URL");
            assertThat(dir.resolve("run/injector.log")).doesNotExist();
        }

        @Test
        void a_target_whose_health_is_not_200_is_refused() throws Exception {
            try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password")) {
                RunSettings settings = story(server.baseUrl() + "/nothing-here", csv()).build();
                assertThatThrownBy(() -> new SimulationRunner().run(settings))
                        .isInstanceOf(InvalidRunException.class)
                        .hasMessage("preflight failed: GET " + server.baseUrl() + "/nothing-here/health answered 404, "
                                + "expected 200 (is this the right base URL? the app answers /health)");
            }
        }

        @Test
        void the_simulation_checks_the_target_itself_too() throws Exception {
            int port = ContractServer.deadPort();
            RunSettings settings = story("http://127.0.0.1:" + port, csv()).build();
            assertThatThrownBy(() -> new SimulationRunner().run(settings, RunListener.none(), false))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessage("preflight failed: GET http://127.0.0.1:" + port + "/health could not connect "
                            + "(connection refused); start the app or check the base URL");
        }
    }

    @Nested
    class TheChildNeverHangsTheCaller {

        @Test
        void a_child_that_cannot_start_gatling_is_a_clear_failure() throws Exception {
            try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password")) {
                RunSettings settings = story(server.baseUrl().toString(), csv()).classpath(dir.toString()).build();
                assertThatThrownBy(() -> new SimulationRunner().run(settings))
                        .isInstanceOf(RunFailedException.class)
                        .hasMessageStartingWith("the Gatling JVM exited with code 1 after ")
                        .hasMessageContaining(" s: Error: Could not find or load main class io.gatling.app.Gatling (all output: ")
                        .satisfies(e -> assertThat(((RunFailedException) e).exitCode()).isEqualTo(1));
            }
        }

        @Test
        void a_run_past_its_time_limit_is_stopped(@TempDir Path out) throws Exception {
            try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password")) {
                RunSettings settings = story(server.baseUrl().toString(), csv()).duration(Duration.ofSeconds(60))
                        .timeLimit(Duration.ofSeconds(4)).outputDir(out).build();
                long start = System.nanoTime();
                assertThatThrownBy(() -> new SimulationRunner().run(settings))
                        .isInstanceOf(RunFailedException.class)
                        .hasMessageStartingWith("the Gatling JVM did not finish within the time limit of 4 s and was stopped;");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
                assertThat(ChildProcesses.aliveWith(out)).isEmpty();
            }
        }

        @Test
        void interrupting_the_caller_stops_the_child(@TempDir Path out) throws Exception {
            try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password")) {
                RunSettings settings = story(server.baseUrl().toString(), csv()).duration(Duration.ofSeconds(60))
                        .outputDir(out).build();
                CountDownLatch measuring = new CountDownLatch(1);
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                Thread caller = new Thread(() -> {
                    try {
                        new SimulationRunner().run(settings, new RunListener() {
                            @Override
                            public void onMeasurementStart() {
                                measuring.countDown();
                            }
                        });
                        failure.complete(null);
                    } catch (Throwable t) {
                        failure.complete(t);
                    }
                });
                caller.start();
                assertThat(measuring.await(30, TimeUnit.SECONDS)).as("measurement started").isTrue();
                assertThat(ChildProcesses.aliveWith(out)).hasSize(1);
                caller.interrupt();
                assertThat(failure.get(15, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
                assertThat(ChildProcesses.aliveWith(out)).isEmpty();
            } catch (ExecutionException e) {
                throw e;
            }
        }
    }
}
