package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.testserver.ContractServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StoryWorkload in a real Gatling JVM against the contract server. */
class StoryWorkloadRunTest {

    @Test
    void client_counts_and_probes_equal_what_the_server_saw(@TempDir Path dir) throws Exception {
        Map<String, String> names = ContractServer.seededNames(50);
        Path csv = ContractServer.writeUsersCsv(dir.resolve("users.csv"), names);
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, names, "password")) {
            List<String> progress = new CopyOnWriteArrayList<>();
            AtomicInteger measurementStarts = new AtomicInteger();
            RunOutcome outcome = new SimulationRunner().run(RunSettings.builder()
                    .simulation("StoryWorkload")
                    .baseUrl(server.baseUrl())
                    .rate(8)
                    .warmup(Duration.ofSeconds(1))
                    .duration(Duration.ofSeconds(4))
                    .usersCsv(csv).articleIdMax(30).userIdMax(50)
                    .property("thinkMinMs", "50").property("thinkMaxMs", "200").property("signedInShare", "0.5")
                    .property("commentShare", "0.5")
                    .outputDir(dir.resolve("run"))
                    .build(), new RunListener() {
                        @Override
                        public void onProgress(String message) {
                            progress.add(message);
                        }

                        @Override
                        public void onMeasurementStart() {
                            measurementStarts.incrementAndGet();
                        }
                    });

            ClientResults r = outcome.results();
            System.out.println(r.toJson());
            long clientRequests = r.warmup().requests() + r.total().requests() + r.drain().requests();
            assertThat(clientRequests).isEqualTo(server.totalRequests());
            assertThat(r.unfinished()).isZero();
            assertThat(r.total().ko()).isZero();
            assertThat(measurementStarts).hasValue(1);
            assertThat(outcome.gatlingReport()).isNotNull();
            assertThat(outcome.gatlingReport().resolve("index.html")).exists();
            assertThat(Files.readString(outcome.log())).contains("scalelab: results written to");
        }
    }
}
