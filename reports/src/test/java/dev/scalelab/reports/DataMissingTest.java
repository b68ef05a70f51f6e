package dev.scalelab.reports;

import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepLinks;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.scalelab.reports.ReportFixtures.details;
import static dev.scalelab.reports.ReportFixtures.headlineRow;
import static dev.scalelab.reports.ReportFixtures.value;
import static dev.scalelab.reports.ReportFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

/** Missing or corrupt raw files, failed and skipped steps: the report still renders and says what is missing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataMissingTest {
    Path runDir;
    ReportResult result;
    Document doc;
    String md;

    @BeforeAll
    void generate(@TempDir Path dir) throws Exception {
        runDir = dir;
        StoryRun.write(runDir, 3);
        Files.delete(runDir.resolve("naive/r2/client-results.json"));
        Files.writeString(runDir.resolve("eager-fetch/r1/diagnostics.json"), "{\"routes\": {\"GET /\": {\"statem");
        Files.writeString(runDir.resolve("fragment-cache/r3/resources.csv"),
                "second,process,cpuPercent,rssMb\n0,app,61.0,655.0\n1,app,60.2,654.1\n2,app,6");
        Files.writeString(runDir.resolve("page-cache-shared/r1/app.log"), "");

        List<StepResult> steps = new ArrayList<>();
        for (StepResult s : RunSummary.read(runDir).steps()) {
            StepResult.Builder b = s.toBuilder();
            switch (s.name()) {
                case "scale-out" -> b.status(StepStatus.SKIPPED).statusReason("nginx is not installed "
                        + "(apt-get install nginx)").requests(0).ko(0).throughputRps(0).latencyMs(null)
                        .routes(Map.of()).resources(null).timeSeries(List.of()).findings(List.of())
                        .nPlusOneFindings(null).cacheHitRate(null).identityLeaks(null).connectionErrors(null)
                        .asyncJobs(null).links(StepLinks.none());
                case "connection-pool" -> {
                    if (s.repeat() == 2) {
                        b.status(StepStatus.ERROR).statusReason("app JVM exited with code 137 during the workload")
                                .latencyMs(null).resources(null).timeSeries(List.of());
                    }
                }
                case "async-tasks" -> b.timeSeries(List.of());
                case "page-cache-cookies" -> {
                    if (s.repeat() == 1) {
                        b.resources(null).dataMissing(List.of("diagnostics snapshot: the app did not answer "
                                + "/_scalelab/diagnostics"));
                    }
                }
                case "eager-fetch" -> {
                    if (s.repeat() == 2) {
                        Map<String, String> raw = new LinkedHashMap<>(s.links().rawFiles());
                        raw.put("outside", "../../etc/passwd");
                        raw.put("absolute", "/etc/passwd");
                        raw.put("script", "javascript:alert(1)");
                        b.links(new StepLinks(s.links().gatlingReport(), raw));
                    }
                }
                default -> {
                }
            }
            steps.add(b.build());
        }
        RunSummary summary = RunSummary.read(runDir);
        new RunSummary(1, summary.runId(), summary.startedAt(), summary.ladder(), summary.workload(), steps)
                .write(runDir.resolve("summary.json"));

        result = ReportGenerator.generate(runDir, ReportFixtures.options());
        doc = ReportFixtures.html(result);
        md = ReportFixtures.md(result);
    }

    @Test
    void missingFileIsNotedOnItsStep() {
        assertThat(details(doc, "naive").select(".missing-note").eachText()).containsExactly(
                "data missing: client results — naive/r2/client-results.json not found (run 2)");
        assertThat(details(doc, "naive").select(".links .bad").eachText())
                .containsExactly("client results (not found)");
        assertThat(headlineRow(doc, "naive").selectFirst(".dm").text()).isEqualTo("data missing");
        assertThat(value(doc, "naive", "p95 (ms)")).isEqualTo("1,763");
    }

    @Test
    void corruptFilesAreNotedWithWhereTheyBreak() {
        assertThat(details(doc, "eager-fetch").select(".missing-note").eachText()).contains(
                "data missing: diagnostics snapshot — eager-fetch/r1/diagnostics.json is not valid JSON "
                        + "(line 1, column 30) (run 1)");
        assertThat(details(doc, "fragment-cache").select(".missing-note").eachText()).containsExactly(
                "data missing: resource samples — fragment-cache/r3/resources.csv is not valid CSV "
                        + "(line 4 has 3 columns, the header 4) (run 3)");
        assertThat(details(doc, "page-cache-shared").select(".missing-note").eachText()).containsExactly(
                "data missing: app log — page-cache-shared/r1/app.log is empty (run 1)");
    }

    @Test
    void linksLeavingTheRunFolderAreRejectedNotFollowed() {
        assertThat(details(doc, "eager-fetch").select(".missing-note").eachText()).contains(
                "data missing: outside — ../../etc/passwd link rejected: leaves the run folder (run 2)",
                "data missing: absolute — /etc/passwd link rejected: absolute path, expected a path relative to "
                        + "the run folder (run 2)",
                "data missing: script — javascript:alert(1) link rejected: not a path inside the run folder (run 2)");
        assertThat(doc.select("a[href]").eachAttr("href"))
                .noneMatch(h -> h.contains("passwd") || h.toLowerCase().startsWith("javascript"));
    }

    @Test
    void collectorNotesAndAbsentMeasurementsAreShown() {
        assertThat(details(doc, "page-cache-cookies").select(".missing-note").eachText()).containsExactly(
                "data missing: diagnostics snapshot: the app did not answer /_scalelab/diagnostics (run 1)",
                "data missing: no CPU and memory samples (run 1)");
        assertThat(details(doc, "async-tasks").select(".missing-note").eachText()).containsExactly(
                "data missing: no per-second time series (run 1)", "data missing: no per-second time series (run 2)",
                "data missing: no per-second time series (run 3)");
        assertThat(doc.selectFirst("#series .missing-note").text())
                .isEqualTo("data missing: no per-second time series for async-tasks;");
        assertThat(doc.select("#series img").eachAttr("alt")).hasSize(6)
                .doesNotContain("async-tasks: load, latency and connections");
    }

    @Test
    void anErroredRunIsLeftOutOfTheNumbersAndNamed() {
        assertThat(headlineRow(doc, "connection-pool").selectFirst(".status").text()).isEqualTo("ERROR (1 of 3 runs)");
        assertThat(verdict(doc, "connection-pool").select(".problem.bad").eachText())
                .contains("ERROR (1 of 3 runs): app JVM exited with code 137 during the workload");
        assertThat(headlineRow(doc, "connection-pool").select("td").get(4).attr("title")).startsWith("runs: ");
        assertThat(value(doc, "connection-pool", "Connection errors")).isEqualTo("0");
    }

    @Test
    void aSkippedStepHasNoNumbersAndTheNextComparisonSkipsIt() {
        assertThat(headlineRow(doc, "scale-out").selectFirst(".status").text()).isEqualTo("SKIPPED");
        assertThat(value(doc, "scale-out", "p95 (ms)")).isEqualTo("—");
        assertThat(verdict(doc, "scale-out").select(".problem").eachText())
                .containsExactly("SKIPPED: nginx is not installed (apt-get install nginx)");
        assertThat(doc.select("#charts img.chart")).hasSize(8);
    }

    @Test
    void theHeaderAndTheMarkdownSummariseWhatIsMissing() {
        assertThat(doc.selectFirst("header .pill.warn").text()).isEqualTo("data missing in 6 steps — see the notes "
                + "marked “data missing”; the report shows what could be read.");
        assertThat(md).contains("### Data missing\n\n- **naive**: data missing: client results — "
                + "naive/r2/client-results.json not found (run 2)\n");
        assertThat(result.dataMissing()).contains(
                "naive: data missing: client results — naive/r2/client-results.json not found (run 2)");
        assertThat(doc.selectFirst("header .pill").text()).isEqualTo("5 passed · 1 failed · 1 error · 1 skipped · 7 as expected, 1 unexpected");
    }
}
