package dev.scalelab.reports.model;

import dev.scalelab.reports.ReportException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunSummaryTest {

    @TempDir
    Path dir;

    static StepResult fullStep() {
        Map<String, RouteStats> routes = new LinkedHashMap<>();
        routes.put("GET /", new RouteStats(1200, 3, new Latency(700, 810, 900, 1400), 1292.0, null));
        routes.put("GET /articles/{id}", new RouteStats(800, 0, new Latency(40, 90, 120, 200), 12.0, 0.5));
        return StepResult.builder("naive", StepStatus.PASSED)
                .repeat(2)
                .switches(Map.of("fetch", "lazy"))
                .requests(2000).ko(3).throughputRps(33.3)
                .latencyMs(new Latency(400, 813, 950, 1400))
                .routes(routes)
                .nPlusOneFindings(2)
                .identityLeaks(0L)
                .connectionErrors(3L)
                .resources(scaleOutResources())
                .findings(List.of(new Finding(Finding.N_PLUS_ONE, "GET /", "select * from users where id=?", 50,
                        "app.Feed.render(Feed.java:12)", "join fetch the authors")))
                .leakExamples(List.of(new LeakExample("GET /", "Dana Li", "Gina Caputo", "X-Cache: HIT")))
                .connectionErrorExamples(List.of(new ConnectionErrorExample("GET /", "53300", "too many clients", 3)))
                .timeSeries(List.of(new TimeSample(0, 30, 0, 800.0, 40), new TimeSample(1, 31, 1, null, null)))
                .asyncJobs(new AsyncJobs(10, 1, 120.0, 5200.0, List.of(new QueueSample(0, 4, 0),
                        new QueueSample(1, 7, 1))))
                .links(new StepLinks("naive/r2/gatling/index.html", Map.of("client results", "naive/r2/client.json")))
                .dataMissing(List.of("app log: not collected"))
                .build();
    }

    /** Two app instances, a worker and nginx, the database on CPU 0 and the rest on CPU 1. */
    static Resources scaleOutResources() {
        Map<String, ProcessResources> processes = new LinkedHashMap<>();
        processes.put("app-1", new ProcessResources(61.0, 300.0));
        processes.put("app-2", new ProcessResources(58.0, 290.0));
        processes.put("database", new ProcessResources(40.0, 200.0));
        processes.put("nginx", new ProcessResources(6.0, 12.0));
        return new Resources(new ProcessResources(119.0, 590.0), new ProcessResources(40.0, 200.0), null, processes,
                new HostCpu(2, 187.5), List.of(new CpuServer("database server", "0", List.of("database")),
                new CpuServer("app server", "1", List.of("app-1", "app-2", "nginx"))));
    }

    @Test
    void writeThenRead_givesEqualSummary() {
        RunSummary summary = new RunSummary(1, "2025-06-01T10-00-00", "2025-06-01T10:00:00Z", "story", "40 users/s",
                List.of(fullStep()));
        Path file = dir.resolve("run/summary.json");

        summary.write(file);

        assertThat(RunSummary.read(file)).isEqualTo(summary);
        assertThat(RunSummary.read(file.getParent())).isEqualTo(summary);
        assertThat(dir.resolve("run")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void write_keepsTheResourcesContract_withProcessesHostServersAndQueueDepthBeside() {
        String json = RunSummary.of(List.of(fullStep())).toJson().replaceAll("\\s+", " ");

        assertThat(json).contains("\"resources\" : { \"app\" : { \"cpuPercent\" : 119.0, \"rssMb\" : 590.0 }, "
                + "\"database\" : { \"cpuPercent\" : 40.0, \"rssMb\" : 200.0 }, \"processes\" : { \"app-1\" : { "
                + "\"cpuPercent\" : 61.0, \"rssMb\" : 300.0 }, ");
        assertThat(json).contains("\"host\" : { \"cpus\" : 2, \"cpuPercent\" : 187.5 }, \"servers\" : [ { "
                + "\"name\" : \"database server\", \"cpus\" : \"0\", \"processes\" : [ \"database\" ] }, ");
        assertThat(json).contains("\"queueDepth\" : [ { \"second\" : 0, \"pending\" : 4, \"failed\" : 0 }, ");
        assertThat(json).doesNotContain("maxPending", "capacityPercent", "cores");
    }

    @Test
    void read_olderSummaryWithoutProcessesOrQueueDepth_givesEmptyOnes() throws IOException {
        Path file = dir.resolve("summary.json");
        Files.writeString(file, """
                {"schemaVersion": 1,
                 "steps": [{"name": "scale-out", "status": "PASSED",
                            "resources": {"app": {"cpuPercent": 119.5, "rssMb": 590},
                                          "database": {"cpuPercent": 40, "rssMb": 200},
                                          "injector": {"cpuPercent": 22, "rssMb": 400}},
                            "asyncJobs": {"succeeded": 10, "failed": 1, "enqueueToDoneP50Ms": 120}}]}
                """);

        StepResult step = RunSummary.read(file).steps().get(0);

        assertThat(step.resources().app()).isEqualTo(new ProcessResources(119.5, 590.0));
        assertThat(step.resources().injector()).isEqualTo(new ProcessResources(22.0, 400.0));
        assertThat(step.resources().processes()).isEmpty();
        assertThat(step.resources().host()).isNull();
        assertThat(step.resources().servers()).isEmpty();
        assertThat(step.asyncJobs()).isEqualTo(new AsyncJobs(10, 1, 120.0, null));
        assertThat(step.asyncJobs().queueDepth()).isEmpty();
        assertThat(step.asyncJobs().maxPending()).isZero();
    }

    @Test
    void serversMayOnlyNameSampledProcesses_andNeedACpuList() {
        Map<String, ProcessResources> processes = Map.of("database", new ProcessResources(40.0, 200.0));
        assertThatThrownBy(() -> new Resources(null, null, null, processes, null,
                List.of(new CpuServer("app server", "1", List.of("app-1")))))
                .hasMessage("servers: app server names process \"app-1\", expected one of processes [database]");
        assertThatThrownBy(() -> new CpuServer("app server", "one", List.of()))
                .hasMessage("servers.cpus must be a CPU list such as 0, 1-3 or 0,2, found \"one\"");
        assertThat(CpuServer.cores("0-1,4")).isEqualTo(3);
        assertThat(new CpuServer("app server", "1-3", List.of()).cores()).isEqualTo(3);
    }

    @Test
    void write_keepsCacheHitRateAsExplicitNull_andOmitsOtherNulls() {
        String json = RunSummary.of(List.of(StepResult.builder("naive", StepStatus.PASSED).build())).toJson();

        assertThat(json).contains("\"cacheHitRate\" : null").doesNotContain("\"identityLeaks\"");
        assertThat(json).contains("\"schemaVersion\" : 1");
    }

    @Test
    void read_ignoresUnknownFields_andDefaultsRepeatToOne() throws IOException {
        Path file = dir.resolve("summary.json");
        Files.writeString(file, """
                {"schemaVersion": 1, "futureField": {"x": 1},
                 "steps": [{"name": "naive", "status": "PASSED", "requests": 10, "ko": 0, "throughputRps": 1.5,
                            "latencyMs": {"p50": 1, "p95": 2, "p99": 3, "max": 4, "p999": 3.5},
                            "somethingNew": true}]}
                """);

        RunSummary summary = RunSummary.read(file);

        assertThat(summary.steps()).singleElement().satisfies(s -> {
            assertThat(s.repeat()).isEqualTo(1);
            assertThat(s.latencyMs()).isEqualTo(new Latency(1, 2, 3, 4));
            assertThat(s.cacheHitRate()).isNull();
            assertThat(s.findings()).isEmpty();
        });
    }

    @Nested
    class ReadErrors {
        @Test
        void missingFile_saysWhereItLookedAndWhatToDo() {
            assertThatThrownBy(() -> RunSummary.read(dir))
                    .isInstanceOf(ReportException.class)
                    .hasMessage("no summary.json at " + dir.resolve("summary.json")
                            + ": expected the folder of a run written by `scalelab ladder` (runs/<timestamp>/), check the path");
        }

        @Test
        void invalidJson_namesLineAndColumn() throws IOException {
            Path file = dir.resolve("summary.json");
            Files.writeString(file, "{\"schemaVersion\": 1,\n \"steps\": [ oops ]}");

            assertThatThrownBy(() -> RunSummary.read(file))
                    .isInstanceOf(ReportException.class)
                    .hasMessageStartingWith(file + " is not valid JSON (line 2, column ")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void newerSchemaVersion_isRefusedWithBothVersions() throws IOException {
            Path file = dir.resolve("summary.json");
            Files.writeString(file, "{\"schemaVersion\": 2, \"steps\": []}");

            assertThatThrownBy(() -> RunSummary.read(file))
                    .hasMessage(file + " has schemaVersion 2, this scalelab reads 1; use the scalelab version that wrote the run");
        }

        @Test
        void missingSchemaVersion_isRefused() throws IOException {
            Path file = dir.resolve("summary.json");
            Files.writeString(file, "{\"steps\": []}");

            assertThatThrownBy(() -> RunSummary.read(file))
                    .hasMessage(file + " has no numeric schemaVersion; expected 1 (is this a scalelab summary?)");
        }

        @Test
        void invalidValue_namesThePathAndTheExpectation() throws IOException {
            Path file = dir.resolve("summary.json");
            Files.writeString(file, """
                    {"schemaVersion": 1, "steps": [
                      {"name": "a", "status": "PASSED"},
                      {"name": "b", "status": "PASSED", "cacheHitRate": 93}]}
                    """);

            assertThatThrownBy(() -> RunSummary.read(file))
                    .isInstanceOf(ReportException.class)
                    .hasMessageContaining("invalid value at steps[1]")
                    .hasMessageContaining("cacheHitRate must be a fraction between 0 and 1 (0.93 = 93 %), found 93.0")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void unknownStatus_isRefused() throws IOException {
            Path file = dir.resolve("summary.json");
            Files.writeString(file, "{\"schemaVersion\": 1, \"steps\": [{\"name\": \"a\", \"status\": \"GREAT\"}]}");

            assertThatThrownBy(() -> RunSummary.read(file))
                    .isInstanceOf(ReportException.class)
                    .hasMessageContaining("invalid value at steps[0].status")
                    .hasMessageContaining("GREAT");
        }
    }

    @Test
    void stepChecks_rejectMoreKoThanRequests() {
        assertThatThrownBy(() -> StepResult.builder("a", StepStatus.PASSED).requests(1).ko(2).build())
                .hasMessage("ko must not exceed requests, found ko=2, requests=1");
    }

    @Test
    void stepNames_keepFirstRunOrder_andRepeatsIsTheHighestIndex() {
        RunSummary summary = RunSummary.of(List.of(
                StepResult.builder("b", StepStatus.PASSED).repeat(1).build(),
                StepResult.builder("a", StepStatus.PASSED).repeat(1).build(),
                StepResult.builder("b", StepStatus.PASSED).repeat(2).build()));

        assertThat(summary.stepNames()).containsExactly("b", "a");
        assertThat(summary.repeats()).isEqualTo(2);
    }
}
