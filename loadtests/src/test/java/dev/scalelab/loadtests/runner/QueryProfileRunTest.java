package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.testserver.ContractServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QueryProfile in a real Gatling JVM against the contract server. */
class QueryProfileRunTest {

    @Test
    void every_route_once_per_audience_and_leaks_reported_with_the_documented_message(@TempDir Path dir)
            throws Exception {
        Map<String, String> names = ContractServer.seededNames(3);
        Path csv = ContractServer.writeUsersCsv(dir.resolve("users.csv"), names);
        // The shared page cache stores the anonymous pages first, then serves them to Gina.
        try (ContractServer server = new ContractServer(ContractServer.Mode.SHARED_PAGE_CACHE, 0, names, "password")) {
            RunOutcome outcome = new SimulationRunner().run(RunSettings.builder()
                    .simulation("QueryProfile").baseUrl(server.baseUrl()).usersCsv(csv)
                    .outputDir(dir.resolve("run")).gatlingReport(false).build());
            ClientResults r = outcome.results();

            assertThat(r.routes()).extracting(ClientResults.RouteResult::key, ClientResults.RouteResult::requests,
                            rr -> rr.statements().mean())
                    .containsExactly(
                            tuple("GET / [anonymous]", 1L, 4.0),
                            tuple("GET / [signed-in]", 1L, 0.0),
                            tuple("GET /articles/{id} [anonymous]", 1L, 3.0),
                            tuple("GET /articles/{id} [signed-in]", 1L, 0.0),
                            tuple("GET /health [anonymous]", 1L, 1.0),
                            tuple("GET /health [signed-in]", 1L, 1.0),
                            tuple("GET /login [anonymous]", 1L, 0.0),
                            tuple("GET /login [signed-in]", 1L, 0.0),
                            tuple("GET /users/{id} [anonymous]", 1L, 3.0),
                            tuple("GET /users/{id} [signed-in]", 1L, 0.0),
                            tuple("POST /articles/{id}/comments [anonymous]", 1L, 2.0),
                            tuple("POST /articles/{id}/comments [signed-in]", 1L, 2.0),
                            tuple("POST /login [signed-in]", 1L, 2.0),
                            tuple("POST /logout [signed-in]", 1L, 0.0));
            assertThat(server.totalRequests()).isEqualTo(r.total().requests()).isEqualTo(14);
            assertThat(r.route("POST /articles/{id}/comments", "anonymous").statusCounts()).containsOnlyKeys("401");
            assertThat(r.route("POST /articles/{id}/comments", "anonymous").ko()).isZero();

            assertThat(r.identityLeaks().count()).isEqualTo(4).isEqualTo(server.leaksServed.sum());
            assertThat(r.total().koMessages()).containsExactly(
                    new ClientResults.MessageCount("identity leak: expected Gina Caputo, saw anonymous", 4));
            assertThat(r.identityLeaks().examples()).extracting(ClientResults.LeakExample::path)
                    .containsExactly("/", "/articles/1", "/users/1", "/login");
            assertThat(r.identityLeaks().examples()).allSatisfy(e -> assertThat(e.user()).isEqualTo("user1@scalelab.test"));
            assertThat(outcome.gatlingReport()).isNull();
            assertThat(Files.readString(outcome.log()))
                    .contains("> identity, found identity leak: expected Gina Caputo, saw anonymous");
        }
    }
}
