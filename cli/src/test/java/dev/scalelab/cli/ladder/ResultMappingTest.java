package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.app.tasks.TaskStats;
import dev.scalelab.cli.proc.QueueSampler;
import dev.scalelab.cli.proc.ResourceSampler;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.CpuServer;
import dev.scalelab.reports.model.HostCpu;
import dev.scalelab.reports.model.ProcessResources;
import dev.scalelab.reports.model.QueueSample;
import dev.scalelab.reports.model.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's resources and queue depth from what a step wrote to resources.json and tasks.json. */
class ResultMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The {@code usage} of a resources.json, read back the way the ladder wrote it. */
    private Map<String, ResourceSampler.Usage> usage(String resourcesJson) throws Exception {
        Path file = Files.writeString(dir.resolve("resources.json"), resourcesJson);
        return JSON.convertValue(JSON.readTree(file.toFile()).get("usage"), new TypeReference<>() { });
    }

    @Nested
    class StatementsPerRoute {
        private final Map<String, dev.scalelab.reports.model.RouteStats> fromHeaders = new java.util.LinkedHashMap<>(Map.of(
                "GET /owners/{ownerId}", new dev.scalelab.reports.model.RouteStats(10, 0, null, 2.0, null,
                        "Server-Timing", null),
                "GET /vets", new dev.scalelab.reports.model.RouteStats(4, 0, null, 1.0, null, "Server-Timing", null)));

        @Test
        void come_from_the_snapshots_of_every_instance_where_they_name_the_route_and_say_so() throws Exception {
            String one = """
                    {"units": [{"unit": "GET /owners/{ownerId}", "requests": 6, "statements": 30, "meanStatements": 5.00,
                                "statementsAfterCommit": 18, "findings": []}]}""";
            String two = """
                    {"diagnostics": {"units": [{"unit": "GET /owners/{ownerId}", "requests": 4, "statements": 20,
                                "statementsAfterCommit": 12, "findings": []}, {"unit": "job reminders", "requests": 1}]}}""";
            List<String> missing = new java.util.ArrayList<>();

            var routes = ResultMapping.withServerCounts(fromHeaders, List.of(one, two), missing);

            assertThat(routes.get("GET /owners/{ownerId}")).isEqualTo(new dev.scalelab.reports.model.RouteStats(10, 0,
                    null, 5.0, null, "diagnostics", 3.0));
            assertThat(routes.get("GET /vets")).isEqualTo(fromHeaders.get("GET /vets"));
            assertThat(missing).containsExactly("statements of GET /vets: the app's diagnostics have no unit of that"
                    + " name (its units: GET /owners/{ownerId}, job reminders), so they come from Server-Timing; name"
                    + " the workload's requests after the app's route templates");
        }

        @Test
        void are_those_of_complete_pages_leaving_out_requests_that_failed_part_way() throws Exception {
            // naive under load: 25 home pages of 1,083 statements, 75 that lost their connection after 566 on average
            String snapshot = """
                    {"units": [{"unit": "GET /owners/{ownerId}", "requests": 100, "statements": 69525,
                                "failedRequests": 75, "failedStatements": 42450, "statementsAfterCommit": 0}]}""";
            String allFailed = """
                    {"units": [{"unit": "GET /vets", "requests": 4, "statements": 8, "failedRequests": 4,
                                "failedStatements": 8}]}""";

            var routes = ResultMapping.withServerCounts(fromHeaders, List.of(snapshot, allFailed), new java.util.ArrayList<>());

            assertThat(routes.get("GET /owners/{ownerId}").statementsPerRequest()).isEqualTo(1083.0);
            assertThat(routes.get("GET /vets").statementsPerRequest()).isEqualTo(2.0);
        }

        @Test
        void stay_the_headers_without_a_snapshot() throws Exception {
            List<String> missing = new java.util.ArrayList<>();

            assertThat(ResultMapping.withServerCounts(fromHeaders, List.of(), missing)).isEqualTo(fromHeaders);
            assertThat(missing).isEmpty();
        }
    }

    @Nested
    class FromResourcesJson {
        @Test
        void scale_out_keeps_app_database_injector_and_lists_every_instance_and_server_on_its_own() throws Exception {
            Resources r = ResultMapping.resources(usage("""
                    {"usage": {
                      "app": {"cpuPercent": 119.04, "rssMb": 590.0, "cpus": "0-1"},
                      "database": {"cpuPercent": 40.0, "rssMb": 200.0, "cpus": "0-1"},
                      "injector": {"cpuPercent": 22.26, "rssMb": 410.0, "cpus": "0-1"},
                      "app-1": {"cpuPercent": 61.0, "rssMb": 300.0, "cpus": "0-1"},
                      "app-2": {"cpuPercent": 58.04, "rssMb": 290.0, "cpus": "0-1"},
                      "worker": {"cpuPercent": 3.0, "rssMb": 180.0, "cpus": "0-1"},
                      "pgbouncer": {"cpuPercent": 4.0, "rssMb": 5.0, "cpus": "0-1"},
                      "memcached": {"cpuPercent": 1.0, "rssMb": 3.0, "cpus": "0-1"},
                      "nginx": {"cpuPercent": 6.0, "rssMb": 9.0, "cpus": "0-1"},
                      "host": {"cpuPercent": 195.33, "rssMb": 0.0, "cpus": "0-1"}},
                     "samples": []}
                    """));

            assertThat(r.app()).isEqualTo(new ProcessResources(119.0, 590.0));
            assertThat(r.database()).isEqualTo(new ProcessResources(40.0, 200.0));
            assertThat(r.injector()).isEqualTo(new ProcessResources(22.3, 410.0));
            assertThat(r.processes()).containsOnlyKeys("database", "injector", "app-1", "app-2", "worker",
                    "pgbouncer", "memcached", "nginx");
            assertThat(r.processes().get("app-2")).isEqualTo(new ProcessResources(58.0, 290.0));
            assertThat(r.host()).isEqualTo(new HostCpu(2, 195.3));
            assertThat(r.servers()).as("nothing was pinned").isEmpty();
        }

        @Test
        void one_app_instance_is_the_app_process() throws Exception {
            Resources r = ResultMapping.resources(usage("""
                    {"usage": {"app": {"cpuPercent": 90.0, "rssMb": 500.0, "cpus": "0-1"},
                               "database": {"cpuPercent": 60.0, "rssMb": 150.0, "cpus": "0-1"},
                               "injector": {"cpuPercent": 20.0, "rssMb": 400.0, "cpus": "0-1"},
                               "host": {"cpuPercent": 180.0, "rssMb": 0.0, "cpus": "0-1"}}}
                    """));

            assertThat(r.processes()).containsOnlyKeys("app", "database", "injector");
        }

        @Test
        void with_the_split_the_pinned_groups_are_the_database_server_and_the_app_server() throws Exception {
            Resources r = ResultMapping.resources(usage("""
                    {"usage": {
                      "app": {"cpuPercent": 95.0, "rssMb": 590.0, "cpus": "1"},
                      "database": {"cpuPercent": 70.0, "rssMb": 200.0, "cpus": "0"},
                      "injector": {"cpuPercent": 22.0, "rssMb": 410.0, "cpus": "0-1"},
                      "app-1": {"cpuPercent": 48.0, "rssMb": 300.0, "cpus": "1"},
                      "app-2": {"cpuPercent": 47.0, "rssMb": 290.0, "cpus": "1"},
                      "pgbouncer": {"cpuPercent": 4.0, "rssMb": 5.0, "cpus": "1"},
                      "host": {"cpuPercent": 190.0, "rssMb": 0.0, "cpus": "0-1"}}}
                    """));

            assertThat(r.servers()).containsExactly(
                    new CpuServer("database server", "0", List.of("database")),
                    new CpuServer("app server", "1", List.of("app-1", "app-2", "pgbouncer")));
            assertThat(r.serverOf("injector")).as("the load generator runs on any CPU").isNull();
        }

        @Test
        void unknown_cpu_sets_make_no_servers() throws Exception {
            Resources r = ResultMapping.resources(usage("""
                    {"usage": {"app": {"cpuPercent": 90.0, "rssMb": 500.0},
                               "database": {"cpuPercent": 60.0, "rssMb": 150.0}}}
                    """));

            assertThat(r.servers()).isEmpty();
            assertThat(r.host()).isNull();
            assertThat(r.processes()).containsOnlyKeys("app", "database");
        }

        @Test
        void resources_json_as_the_ladder_writes_it_carries_the_cpu_sets() throws Exception {
            Path file = dir.resolve("written.json");
            StepExecutor.writeJson(file, Map.of("usage", Map.of(
                    "database", new ResourceSampler.Usage(70, 200, "0"),
                    "host", new ResourceSampler.Usage(190, 0, "0-1"))));

            JsonNode database = JSON.readTree(file.toFile()).path("usage").path("database");

            assertThat(database.path("cpus").asText()).isEqualTo("0");
            assertThat(ResultMapping.resources(usage(Files.readString(file))).servers())
                    .containsExactly(new CpuServer("database server", "0", List.of("database")));
        }
    }

    @Nested
    class FromTasksJson {
        @Test
        void tasks_json_samples_become_seconds_since_the_measurement_started() throws Exception {
            Path file = Files.writeString(dir.resolve("tasks.json"), """
                    {"measuredFrom": "2025-06-01T10:00:10Z", "measuredTo": "2025-06-01T10:00:26Z",
                     "outcomes": {"succeeded": 40, "failed": 2, "enqueueToDoneP50Ms": 3000.0,
                                  "enqueueToDoneP95Ms": 5400.0},
                     "pendingAfterDrain": 0,
                     "samples": [
                       {"epochMs": 1748772009500, "enqueued": 1, "scheduled": 0, "processing": 0, "failed": 0},
                       {"epochMs": 1748772010200, "enqueued": 3, "scheduled": 0, "processing": 1, "failed": 0},
                       {"epochMs": 1748772011100, "enqueued": 5, "scheduled": 2, "processing": 1, "failed": 0},
                       {"epochMs": 1748772011900, "enqueued": 6, "scheduled": 2, "processing": 1, "failed": 1},
                       {"epochMs": 1748772040000, "enqueued": 0, "scheduled": 0, "processing": 0, "failed": 2}]}
                    """);
            JsonNode tasks = JSON.readTree(file.toFile());
            TaskStats stats = JSON.treeToValue(tasks.get("outcomes"), TaskStats.class);
            List<QueueSampler.Sample> samples = JSON.convertValue(tasks.get("samples"), new TypeReference<>() { });

            AsyncJobs jobs = ResultMapping.asyncJobs(stats, samples, Instant.parse(tasks.get("measuredFrom").asText()));

            assertThat(jobs.succeeded()).isEqualTo(40);
            assertThat(jobs.failed()).isEqualTo(2);
            assertThat(jobs.enqueueToDoneP95Ms()).isEqualTo(5400.0);
            assertThat(jobs.queueDepth()).as("warm-up left out, one sample per second (the last), the drain kept")
                    .containsExactly(new QueueSample(0, 4, 0), new QueueSample(1, 9, 1), new QueueSample(30, 0, 2));
            assertThat(jobs.maxPending()).isEqualTo(9);
        }
    }
}
