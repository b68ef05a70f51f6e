package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.loadtests.testserver.ContractServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Gatling JVM started ahead of its target ({@link SimulationRunner#launch}) boots, waits, and is never left behind. */
class LaunchTest {

    @TempDir
    Path dir;

    private RunSettings settings(String baseUrl) throws IOException {
        return RunSettings.builder().simulation("StoryWorkload").baseUrl(baseUrl).rate(5)
                .warmup(Duration.ofSeconds(0)).duration(Duration.ofSeconds(2))
                .usersCsv(ContractServer.writeUsersCsv(dir.resolve("users.csv"), ContractServer.seededNames(10)))
                .articleIdMax(10).userIdMax(10)
                .outputDir(dir.resolve("run")).build();
    }

    private List<ProcessHandle> gatlingChildren() {
        return ChildProcesses.aliveWith(dir.resolve("run"));
    }

    @Test
    void a_launched_injector_sends_nothing_until_told_to_go() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, Map.of(), "password");
             SimulationRunner.Launch launch = new SimulationRunner().launch(settings(server.baseUrl().toString()),
                     RunListener.none())) {
            Thread.sleep(4_000); // long enough for the JVM and Gatling to boot on a small machine
            assertThat(gatlingChildren()).as("the injector waits, booted").hasSize(1);
            assertThat(server.totalRequests()).isZero();
            assertThat(server.preflights.sum()).isZero();

            RunOutcome outcome = launch.go();

            assertThat(outcome.results().total().requests()).isPositive();
            assertThat(server.preflights.sum()).as("the runner's and the simulation's own").isEqualTo(2);
        }
        assertThat(gatlingChildren()).isEmpty();
    }

    @Test
    void a_launch_that_never_goes_is_stopped_when_closed() throws Exception {
        SimulationRunner.Launch launch = new SimulationRunner().launch(settings("http://127.0.0.1:1"), RunListener.none());
        assertThat(gatlingChildren()).hasSize(1);
        launch.close();
        assertThat(gatlingChildren()).isEmpty();
    }

    @Test
    void going_against_a_target_that_does_not_answer_is_refused_and_stops_the_injector() throws Exception {
        int port = ContractServer.deadPort();
        SimulationRunner.Launch launch = new SimulationRunner().launch(settings("http://127.0.0.1:" + port),
                RunListener.none());
        assertThatThrownBy(launch::go)
                .isInstanceOf(InvalidRunException.class)
                .hasMessageStartingWith("preflight failed: GET http://127.0.0.1:" + port + "/health could not connect");
        assertThat(gatlingChildren()).isEmpty();
    }
}
