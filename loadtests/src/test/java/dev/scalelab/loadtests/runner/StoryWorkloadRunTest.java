package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.record.ClientResults.RouteResult;
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

/** StoryWorkload in a real Gatling JVM against the contract server; the server's counts are the reference. */
class StoryWorkloadRunTest {

    @TempDir
    Path dir;

    private final Map<String, String> names = ContractServer.seededNames(40);

    /** One second of warm-up and three measured, against {@code server}, with its users. */
    private RunSettings.Builder story(ContractServer server, double rate, String outputDir) throws Exception {
        return RunSettings.builder()
                .simulation("StoryWorkload")
                .baseUrl(server.baseUrl())
                .rate(rate)
                .warmup(Duration.ofSeconds(1))
                .duration(Duration.ofSeconds(3))
                .usersCsv(ContractServer.writeUsersCsv(dir.resolve("users.csv"), names))
                .articleIdMax(30).userIdMax(40)
                .outputDir(dir.resolve(outputDir));
    }

    private RunOutcome run(ContractServer server, List<String> progress, AtomicInteger measurementStarts)
            throws Exception {
        return new SimulationRunner().run(story(server, 8, "run")
                .property("thinkMinMs", "20").property("thinkMaxMs", "150")
                .property("signedInShare", "0.5").property("commentShare", "0.5")
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
    }

    private RunOutcome run(ContractServer server) throws Exception {
        return run(server, new CopyOnWriteArrayList<>(), new AtomicInteger());
    }

    private static long allPhases(ClientResults r) {
        return r.warmup().requests() + r.total().requests() + r.drain().requests();
    }

    @Test
    void client_counts_and_probes_equal_what_the_server_saw() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, names, "password")) {
            List<String> progress = new CopyOnWriteArrayList<>();
            AtomicInteger measurementStarts = new AtomicInteger();
            RunOutcome outcome = run(server, progress, measurementStarts);
            ClientResults r = outcome.results();

            assertThat(allPhases(r)).isEqualTo(server.totalRequests()).isGreaterThan(50);
            assertThat(r.unfinishedVisits()).isZero();
            assertThat(r.total().ko()).isZero();
            assertThat(r.identityLeaks().count()).isZero();
            assertThat(r.identityLeaks().checked())
                    .isEqualTo(r.route("GET /").requests() + r.route("GET /articles/{id}").requests()
                            + r.route("GET /users/{id}").requests() + r.route("GET /login").requests());
            assertThat(r.run().signedInVisitors()).isPositive().isLessThan(r.run().visitors());

            RouteResult feed = r.route("GET /");
            assertThat(feed.statements().histogram()).containsExactly(new ClientResults.ValueCount(4, feed.requests()));
            assertThat(feed.cache().consulted()).isTrue();
            assertThat(feed.cache().hitRate()).isEqualTo(0.0);
            RouteResult article = r.route("GET /articles/{id}");
            assertThat(article.statements().histogram()).extracting(ClientResults.ValueCount::value)
                    .isSubsetOf(2L, 3L, 4L);
            assertThat(article.cache().hits() + article.cache().misses()).isEqualTo(article.requests());
            RouteResult profile = r.route("GET /users/{id}");
            assertThat(profile.statements().mean()).isEqualTo(3.0);
            assertThat(profile.cache().consulted()).isFalse();
            assertThat(profile.cache().hitRate()).isNull();
            assertThat(r.route("POST /login").statusCounts()).containsOnlyKeys("303");
            assertThat(r.route("POST /logout").statusCounts()).containsOnlyKeys("303");
            assertThat(r.route("POST /articles/{id}/comments")).isNotNull();

            assertThat(measurementStarts).hasValue(1);
            assertThat(progress).anyMatch(line -> line.startsWith("preflight ok: GET " + server.baseUrl() + "/health"));
            assertThat(progress).anyMatch(line -> line.startsWith("measured " + r.total().requests() + " requests in 3 s"));
            assertThat(outcome.gatlingReport().resolve("index.html")).exists();
            String log = Files.readString(outcome.log());
            assertThat(log).contains("scalelab: results written to " + outcome.resultsFile());
            assertThat(log).as("no version check against Maven Central").doesNotContain("is available");
        }
    }

    @Test
    void visits_stop_thinking_when_the_measurement_window_closes() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, names, "password")) {
            // think times of 2.5-3 s: without cutting them at the end of the 4 s window, the last visits would
            // keep the run going for up to 3 s more
            ClientResults r = new SimulationRunner().run(story(server, 4, "think")
                    .property("thinkMinMs", "2500").property("thinkMaxMs", "3000")
                    .build(), new RunListener() { }).results();

            assertThat(r.total().requests()).isPositive();
            assertThat(r.drain().requests()).isZero();
            assertThat(r.unfinishedVisits()).isZero();
            assertThat(r.injector().wallMillis()).isBetween(4_000L, 5_500L);
        }
    }

    @Test
    void every_page_served_to_the_wrong_person_is_an_identity_leak() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.SHARED_PAGE_CACHE, 0, names, "password")) {
            RunOutcome outcome = run(server);
            ClientResults r = outcome.results();

            long leaks = r.warmup().identityLeaks() + r.identityLeaks().count() + r.drain().identityLeaks();
            assertThat(leaks).isEqualTo(server.leaksServed.sum()).isPositive();
            assertThat(allPhases(r)).isEqualTo(server.totalRequests());
            assertThat(r.identityLeaks().examples()).hasSizeLessThanOrEqualTo(10).isNotEmpty();
            for (ClientResults.LeakExample e : r.identityLeaks().examples()) {
                assertThat(e.saw()).isNotEqualTo(e.expected());
            }
            assertThat(r.total().koMessages()).allSatisfy(m -> assertThat(m.message())
                    .matches("identity leak: expected (anonymous|Gina Caputo|Reader \\d+ O'Neil), "
                            + "saw (anonymous|Gina Caputo|Reader \\d+ O'Neil)"));
            assertThat(r.total().ko()).isEqualTo(r.identityLeaks().count());
            assertThat(r.route("GET /").cache().hitRate()).isGreaterThan(0.5);
            assertThat(Files.readString(outcome.log())).contains("> identity, found identity leak: expected ");
        }
    }

    @Test
    void a_database_refusing_connections_is_counted_apart_from_other_errors() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CONNECTIONS_EXHAUSTED, 3, names, "password")) {
            ClientResults r = run(server).results();

            long refused = r.warmup().connectionErrors() + r.total().connectionErrors() + r.drain().connectionErrors();
            assertThat(refused).isEqualTo(server.refused.sum()).isPositive();
            assertThat(r.total().connectionErrorCodes()).containsOnlyKeys("53300");
            assertThat(r.total().serverErrors()).isZero();
            assertThat(r.total().koMessages()).containsExactly(new ClientResults.MessageCount(
                    "database refused a connection: 503 with X-Db-Error: 53300", r.total().connectionErrors()));
            assertThat(r.total().statusCounts()).containsEntry("503", r.total().connectionErrors());
            assertThat(r.timeSeries().stream().mapToLong(ClientResults.SecondSample::connectionErrors).sum())
                    .isEqualTo(refused);
        }
    }

    @Test
    void a_request_without_any_response_is_a_ko_of_its_own_class() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.DROPS_CONNECTIONS, 4, names, "password")) {
            ClientResults r = run(server).results();

            long noResponse = r.total().noResponse() + r.warmup().ko() + r.drain().ko();
            assertThat(noResponse).isPositive().isLessThanOrEqualTo(server.dropped.sum());
            // Gatling's client retries a GET once when a reused keep-alive connection closes without
            // answering, so the server sees one extra request per drop the client did not report.
            assertThat(server.totalRequests() - allPhases(r)).isEqualTo(server.dropped.sum() - noResponse);
            assertThat(r.total().koMessages()).containsExactly(new ClientResults.MessageCount(
                    "no response: connection failed, was reset or timed out", r.total().noResponse()));
            assertThat(r.total().statusCounts()).containsEntry("none", r.total().noResponse());
            assertThat(r.total().latencyMs().count()).isEqualTo(r.total().requests() - r.total().noResponse());
        }
    }
}
