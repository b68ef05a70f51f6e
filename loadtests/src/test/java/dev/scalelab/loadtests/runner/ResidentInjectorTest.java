package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.loadtests.testserver.ContractServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Gatling JVM runs the simulations of several steps, one after the other, and is never left behind. */
class ResidentInjectorTest {

    @TempDir
    Path dir;

    private RunSettings settings(String baseUrl, String step, long seed) throws IOException {
        Path users = dir.resolve("users.csv");
        if (!Files.exists(users)) {
            ContractServer.writeUsersCsv(users, ContractServer.seededNames(10));
        }
        return RunSettings.builder().simulation("StoryWorkload").baseUrl(baseUrl).rate(5).seed(seed)
                .warmup(Duration.ofSeconds(0)).duration(Duration.ofSeconds(2))
                .usersCsv(users).articleIdMax(10).userIdMax(10)
                .outputDir(dir.resolve(step)).build();
    }

    /** After a stopped JVM, the next launch starts another one, and its run works. */
    private void aNewJvmRunsTheNextStep(ResidentInjector injector, String url, List<Long> stopped) throws Exception {
        try (SimulationRunner.Launch launch = injector.launch(settings(url, "next", 2), RunListener.none())) {
            assertThat(injector.pids()).hasSize(1).doesNotContainAnyElementsOf(stopped);
            assertThat(launch.go().results().total().requests()).isPositive();
        }
    }

    private List<ProcessHandle> hostJvms() {
        return ChildProcesses.aliveWith(dir.resolve("host"));
    }

    @Test
    void runs_one_after_the_other_in_one_jvm_each_with_its_own_results_and_log() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password");
             ResidentInjector injector = new ResidentInjector(dir.resolve("host"))) {
            String url = server.baseUrl().toString();
            RunOutcome first;
            try (SimulationRunner.Launch launch = injector.launch(settings(url, "one", 1), RunListener.none())) {
                Thread.sleep(3_000);
                assertThat(server.totalRequests()).as("nothing before go").isZero();
                first = launch.go();
            }
            List<Long> jvm = injector.pids();
            long afterFirst = server.totalRequests();

            RunOutcome second;
            try (SimulationRunner.Launch launch = injector.launch(settings(url, "two", 2), RunListener.none())) {
                Thread.sleep(500);
                assertThat(server.totalRequests()).as("nothing before go").isEqualTo(afterFirst);
                second = launch.go();
            }

            assertThat(jvm).hasSize(1);
            assertThat(injector.pids()).as("the same JVM ran both").isEqualTo(jvm);
            assertThat(first.results().total().requests()).isPositive();
            assertThat(second.results().total().requests()).isPositive();
            long during = server.totalRequests() - afterFirst;
            assertThat(second.results().total().requests()).as("the second run's results are its own requests")
                    .isLessThanOrEqualTo(during);
            assertThat(first.results().total().requests()).isLessThanOrEqualTo(afterFirst);
            assertThat(first.resultsFile()).isEqualTo(dir.resolve("one/client-results.json").toAbsolutePath());
            assertThat(second.resultsFile()).isEqualTo(dir.resolve("two/client-results.json").toAbsolutePath());
            assertThat(Files.readString(second.log())).contains("scalelab: measured").doesNotContain("scalelab-host");
            assertThat(first.gatlingReport()).isNotEqualTo(second.gatlingReport());
        }
        assertThat(hostJvms()).as("closed: the JVM has exited").isEmpty();
    }

    @Test
    void a_run_past_its_time_limit_stops_the_jvm_and_the_next_run_gets_a_new_one() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password");
             ResidentInjector injector = new ResidentInjector(dir.resolve("host"))) {
            String url = server.baseUrl().toString();
            RunSettings endless = RunSettings.builder().simulation("StoryWorkload").baseUrl(url).rate(5).seed(1)
                    .warmup(Duration.ofSeconds(0)).duration(Duration.ofSeconds(60)).timeLimit(Duration.ofSeconds(4))
                    .usersCsv(ContractServer.writeUsersCsv(dir.resolve("users.csv"), ContractServer.seededNames(10)))
                    .articleIdMax(10).userIdMax(10).outputDir(dir.resolve("endless")).build();
            List<Long> first;
            try (SimulationRunner.Launch launch = injector.launch(endless, RunListener.none())) {
                first = injector.pids();
                long start = System.nanoTime();
                assertThatThrownBy(launch::go).isInstanceOf(RunFailedException.class)
                        .hasMessageStartingWith("the Gatling run did not finish within the time limit of 4 s and was stopped;");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            }
            assertThat(injector.pids()).isEmpty();
            assertThat(hostJvms()).isEmpty();

            aNewJvmRunsTheNextStep(injector, url, first);
        }
        assertThat(hostJvms()).isEmpty();
    }

    @Test
    void an_abandoned_run_stops_the_jvm_and_the_next_run_gets_a_new_one() throws Exception {
        int port = ContractServer.deadPort();
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password");
             ResidentInjector injector = new ResidentInjector(dir.resolve("host"))) {
            SimulationRunner.Launch refused = injector.launch(settings("http://127.0.0.1:" + port, "refused", 1),
                    RunListener.none());
            List<Long> first = injector.pids();
            assertThatThrownBy(refused::go).isInstanceOf(InvalidRunException.class)
                    .hasMessageStartingWith("preflight failed: GET http://127.0.0.1:" + port + "/health could not connect");
            assertThat(injector.pids()).as("stopped with its run").isEmpty();
            assertThat(hostJvms()).isEmpty();

            aNewJvmRunsTheNextStep(injector, server.baseUrl().toString(), first);
        }
        assertThat(hostJvms()).isEmpty();
    }
}
