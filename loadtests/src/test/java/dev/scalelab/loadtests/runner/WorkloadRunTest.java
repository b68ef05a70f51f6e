package dev.scalelab.loadtests.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.record.ClientResults.RouteResult;
import dev.scalelab.loadtests.sim.SimulationKind;
import dev.scalelab.loadtests.testserver.ContractServer;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in workload files (the story, the query profile) and a user's own file through WorkloadSimulation, in a
 * real Gatling JVM against the contract server: the same results as StoryWorkload and QueryProfile give.
 */
class WorkloadRunTest {

    @TempDir
    Path dir;

    private final Map<String, String> names = ContractServer.seededNames(40);

    /**
     * The story file with StoryWorkloadRunTest's settings (3 s measured, short thinks), but 3 s of warm-up: on a busy
     * machine the first visitors start a second or more after the recorder.
     */
    private RunSettings.Builder story(ContractServer server, String outputDir) throws Exception {
        return RunSettings.builder()
                .simulation(SimulationKind.WORKLOAD)
                .workloadFile(WorkloadFiles.STORY)
                .baseUrl(server.baseUrl())
                .rate(8)
                .warmup(Duration.ofSeconds(3))
                .duration(Duration.ofSeconds(3))
                .property("drainSec", "10")
                .usersCsv(ContractServer.writeUsersCsv(dir.resolve("users.csv"), names))
                .articleIdMax(30).userIdMax(40)
                .property("thinkMinMs", "20").property("thinkMaxMs", "150")
                .property("signedInShare", "0.5").property("commentShare", "0.5")
                .outputDir(dir.resolve(outputDir));
    }

    private static long allPhases(ClientResults r) {
        return r.warmup().requests() + r.total().requests() + r.drain().requests();
    }

    @Test
    void the_story_file_gives_the_story_workloads_results() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, names, "password")) {
            List<String> progress = new CopyOnWriteArrayList<>();
            RunOutcome outcome = new SimulationRunner().run(story(server, "story").build(), new RunListener() {
                @Override
                public void onProgress(String message) {
                    progress.add(message);
                }
            });
            ClientResults r = outcome.results();

            assertThat(allPhases(r)).isEqualTo(server.totalRequests()).isGreaterThan(50);
            assertThat(r.unfinishedVisits()).isZero();
            assertThat(r.total().ko()).isZero();
            assertThat(r.identityLeaks().count()).isZero();
            assertThat(r.identityLeaks().checked())
                    .isEqualTo(r.route("GET /").requests() + r.route("GET /articles/{id}").requests()
                            + r.route("GET /users/{id}").requests() + r.route("GET /login").requests());
            assertThat(r.run().signedInVisitors()).isPositive().isLessThan(r.run().visitors());
            assertThat(r.run().usersAvailable()).isEqualTo(40);

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
            assertThat(r.route("POST /login").statusCounts()).containsOnlyKeys("303");
            assertThat(r.route("POST /logout").statusCounts()).containsOnlyKeys("303");
            assertThat(r.route("POST /articles/{id}/comments").statusCounts()).containsOnlyKeys("303");
            assertThat(r.routes()).extracting(RouteResult::name).containsOnly("GET /", "GET /articles/{id}",
                    "GET /users/{id}", "GET /login", "POST /login", "POST /logout", "POST /articles/{id}/comments");
            assertThat(progress).anyMatch(line -> line.startsWith("preflight ok: GET " + server.baseUrl() + "/health"));
            assertThat(progress).anyMatch(line -> line.startsWith("workload story (builtin:story): 8 visitors/s"));
        }
    }

    @Test
    void the_identity_probe_catches_every_page_of_the_shared_cache() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.SHARED_PAGE_CACHE, 0, names, "password")) {
            RunOutcome outcome = new SimulationRunner().run(story(server, "leaks").build(), new RunListener() { });
            ClientResults r = outcome.results();

            long leaks = r.warmup().identityLeaks() + r.identityLeaks().count() + r.drain().identityLeaks();
            assertThat(leaks).isEqualTo(server.leaksServed.sum()).isPositive();
            assertThat(r.total().koMessages()).allSatisfy(m -> assertThat(m.message())
                    .matches("identity leak: expected (anonymous|Gina Caputo|Reader \\d+ O'Neil), "
                            + "saw (anonymous|Gina Caputo|Reader \\d+ O'Neil)"));
            assertThat(r.identityLeaks().examples()).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.saw()).isNotEqualTo(e.expected()));
            assertThat(r.route("GET /").cache().hitRate()).isGreaterThan(0.5);
        }
    }

    @Test
    void connections_refused_by_the_database_are_counted() throws Exception {
        try (ContractServer server = new ContractServer(ContractServer.Mode.CONNECTIONS_EXHAUSTED, 3, names, "password")) {
            ClientResults r = new SimulationRunner().run(story(server, "refused").build(), new RunListener() { })
                    .results();
            long refused = r.warmup().connectionErrors() + r.total().connectionErrors() + r.drain().connectionErrors();
            assertThat(refused).isEqualTo(server.refused.sum()).isPositive();
            assertThat(r.total().connectionErrorCodes()).containsOnlyKeys("53300");
        }
    }

    @Test
    void the_query_profile_file_records_every_route_once_per_audience() throws Exception {
        Map<String, String> three = ContractServer.seededNames(3);
        Path csv = ContractServer.writeUsersCsv(dir.resolve("users3.csv"), three);
        try (ContractServer server = new ContractServer(ContractServer.Mode.SHARED_PAGE_CACHE, 0, three, "password")) {
            RunOutcome outcome = new SimulationRunner().run(RunSettings.builder()
                    .simulation(SimulationKind.WORKLOAD).workloadFile(WorkloadFiles.QUERY_PROFILE)
                    .baseUrl(server.baseUrl()).usersCsv(csv)
                    .outputDir(dir.resolve("profile")).gatlingReport(false).build());
            ClientResults r = outcome.results();

            assertThat(r.routes()).extracting(RouteResult::key, RouteResult::requests, rr -> rr.statements().mean())
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
            assertThat(r.identityLeaks().count()).isEqualTo(4).isEqualTo(server.leaksServed.sum());
            assertThat(r.total().koMessages()).containsExactly(
                    new ClientResults.MessageCount("identity leak: expected Gina Caputo, saw anonymous", 4));
            assertThat(r.identityLeaks().examples()).extracting(ClientResults.LeakExample::path)
                    .containsExactly("/", "/articles/1", "/users/1", "/login");
            assertThat(r.identityLeaks().examples()).allSatisfy(e -> assertThat(e.user()).isEqualTo("user1@scalelab.test"));
        }
    }

    @Test
    void a_users_own_file_without_identity_marker_checks_no_identity_and_reads_its_cache_headers() throws Exception {
        Files.writeString(dir.resolve("pages.csv"), "1\n2\n3\n");
        Path file = Files.writeString(dir.resolve("own.yaml"), """
                name: own
                load: {rate: 6, warmupSec: 3, durationSec: 2, drainSec: 5, seed: 3}
                probes: {cache: [X-Cache-Status, X-Cache]}
                feeders:
                  articles: {csv: pages.csv, header: false, columns: [id], order: circular}
                journeys:
                  - name: read
                    share: 1
                    requests:
                      - {get: '/articles/${articles.id}', think: 10ms..30ms}
                      - {get: /, expect: 200}
                """);
        try (ContractServer server = new ContractServer(ContractServer.Mode.SHARED_PAGE_CACHE, 0, names, "password")) {
            ClientResults r = new SimulationRunner().run(RunSettings.builder()
                    .simulation(SimulationKind.WORKLOAD).workloadFile(file)
                    .baseUrl(server.baseUrl()).outputDir(dir.resolve("own")).gatlingReport(false).build()).results();

            assertThat(r.route("GET /articles/{id}").requests()).isPositive();
            assertThat(r.route("GET /articles/{id}").cache().consulted()).isTrue();
            assertThat(r.identityLeaks().checked()).as("no marker, no leak probe").isZero();
            assertThat(r.total().ko()).isZero();
            assertThat(r.run().measuredSec()).as("the file's load").isEqualTo(2.0);
        }
    }

    @Test
    void bearer_sign_in_query_headers_and_json_bodies_are_sent_from_the_file() throws Exception {
        Files.writeString(dir.resolve("tokens.csv"), "name,token\nann,t1\nbob,t2\n");
        Path file = Files.writeString(dir.resolve("api.yaml"), """
                name: api
                load: {rate: 6, warmupSec: 3, durationSec: 2, drainSec: 5}
                probes: {cache: []}
                feeders:
                  users: {csv: tokens.csv, order: per-visitor}
                  items: {range: [1, 50]}
                  pages: {list: [1, 2], order: circular}
                signIn: {feeder: users, share: 0.5, bearer: '${users.token}'}
                journeys:
                  - name: api
                    share: 1
                    requests:
                      - {get: /api/items, query: {page: '${pages}'}, headers: {Accept: application/json}, expect: 404}
                      - put: '/api/items/${items}'
                        json: {owner: '${users.name}', count: 2}
                        expect: 404
                        feed: [items]
                """);
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, names, "password")) {
            ClientResults r = new SimulationRunner().run(RunSettings.builder()
                    .simulation(SimulationKind.WORKLOAD).workloadFile(file)
                    .baseUrl(server.baseUrl()).outputDir(dir.resolve("api")).gatlingReport(false).build()).results();

            assertThat(r.route("GET /api/items").requests()).isPositive();
            assertThat(r.route("PUT /api/items/{items}").statusCounts()).containsOnlyKeys("404");
            assertThat(r.route("GET /api/items").cache().consulted()).as("cache: [] reads no header").isFalse();
            assertThat(r.total().ko()).isZero();
            assertThat(r.run().signedInVisitors()).isPositive().isLessThan(r.run().visitors());
            assertThat(r.run().usersAvailable()).isEqualTo(2);
        }
    }

    @Test
    void a_mistake_in_the_file_or_its_health_path_is_one_line_before_any_load() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                feeders:
                  users: {csv: users.csv}
                journeys:
                  - {name: j, share: 1, requests: [{get: '/users/${user.id}'}]}
                """);
        try (ContractServer server = new ContractServer(ContractServer.Mode.CORRECT, 0, names, "password")) {
            assertThatThrownBy(() -> new SimulationRunner().run(RunSettings.builder()
                    .simulation(SimulationKind.WORKLOAD).workloadFile(file)
                    .baseUrl(server.baseUrl()).outputDir(dir.resolve("bad")).build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining(file + ":2:16: no feeder file " + dir.resolve("users.csv"));
            Path health = Files.writeString(dir.resolve("health.yaml"), """
                    probes: {health: /actuator/health}
                    journeys:
                      - {name: j, share: 1, requests: [{get: /}]}
                    """);
            assertThatThrownBy(() -> new SimulationRunner().run(RunSettings.builder()
                    .simulation(SimulationKind.WORKLOAD).workloadFile(health)
                    .baseUrl(server.baseUrl()).outputDir(dir.resolve("health")).build()))
                    .isInstanceOf(InvalidRunException.class)
                    .hasMessageContaining("preflight failed: GET " + server.baseUrl() + "/actuator/health answered 404, "
                            + "expected 200 (is this the right base URL? the workload file names /actuator/health under "
                            + "probes: health:)");
        }
    }
}
