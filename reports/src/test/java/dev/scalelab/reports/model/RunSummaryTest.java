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
                .resources(new Resources(new ProcessResources(150.0, 512.0), new ProcessResources(40.0, 200.0), null))
                .findings(List.of(new Finding(Finding.N_PLUS_ONE, "GET /", "select * from users where id=?", 50,
                        "app.Feed.render(Feed.java:12)", "join fetch the authors")))
                .leakExamples(List.of(new LeakExample("GET /", "Dana Li", "Gina Caputo", "X-Cache: HIT")))
                .connectionErrorExamples(List.of(new ConnectionErrorExample("GET /", "53300", "too many clients", 3)))
                .timeSeries(List.of(new TimeSample(0, 30, 0, 800.0, 40), new TimeSample(1, 31, 1, null, null)))
                .asyncJobs(new AsyncJobs(10, 1, 120.0, 5200.0))
                .links(new StepLinks("naive/r2/gatling/index.html", Map.of("client results", "naive/r2/client.json")))
                .dataMissing(List.of("app log: not collected"))
                .build();
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
