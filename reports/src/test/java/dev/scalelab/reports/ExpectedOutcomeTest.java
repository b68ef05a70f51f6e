package dev.scalelab.reports;

import static dev.scalelab.reports.ReportFixtures.headlineRow;
import static dev.scalelab.reports.ReportFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.reports.model.ErrorCount;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps a ladder means to fail: "FAILED (expected)" in the row, the verdict and summary.json; a step expected to fail
 * that passed is unexpected; the header counts both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpectedOutcomeTest {
    Path runDir;
    Document doc;
    String md;

    @BeforeAll
    void generate(@TempDir Path dir) throws Exception {
        runDir = dir;
        StoryRun.write(runDir, 1);
        List<StepResult> steps = new ArrayList<>();
        for (StepResult s : RunSummary.read(runDir).steps()) {
            StepResult.Builder b = s.toBuilder();
            if (s.name().equals("naive")) {
                b.status(StepStatus.FAILED).expect(StepStatus.FAILED)
                        .statusReason("error rate 7.5 % above the limit of 1 % (403 of 5,373 requests failed): "
                                + "database refused a connection: 503 with X-Db-Error: 53300 (403)")
                        .errors(List.of(new ErrorCount("database refused a connection: 503 with X-Db-Error: 53300", 403)));
            }
            if (s.name().equals("fragment-cache")) {
                b.expect(StepStatus.FAILED); // passed: not what the ladder expects
            }
            steps.add(b.build());
        }
        RunSummary summary = RunSummary.read(runDir);
        new RunSummary(1, summary.runId(), summary.startedAt(), summary.ladder(), summary.workload(), steps)
                .write(runDir.resolve("summary.json"));
        ReportResult result = ReportGenerator.generate(runDir, ReportFixtures.options());
        doc = ReportFixtures.html(result);
        md = ReportFixtures.md(result);
    }

    @Test
    void theHeaderCountsStepsAsExpectedAndUnexpected() {
        assertThat(doc.selectFirst("header .pill").text()).isEqualTo("6 passed · 2 failed · 7 as expected, 1 unexpected");
        assertThat(md).startsWith("## scalelab ladder report — 2025-06-01T10-15-00\n\n8 steps, 1 run each · "
                + "6 passed · 2 failed · 7 as expected, 1 unexpected · ");
    }

    @Test
    void theRowsAndVerdictsSayWhetherTheOutcomeWasExpected() {
        assertThat(headlineRow(doc, "naive").selectFirst(".status").text()).isEqualTo("FAILED (expected)");
        assertThat(headlineRow(doc, "fragment-cache").selectFirst(".status").text()).isEqualTo("PASSED (expected FAILED)");
        assertThat(verdict(doc, "naive").select(".problem.bad").eachText()).contains("FAILED (expected): error rate "
                + "7.5 % above the limit of 1 % (403 of 5,373 requests failed): database refused a connection: 503 "
                + "with X-Db-Error: 53300 (403)");
        assertThat(verdict(doc, "fragment-cache").select(".problem.warn").eachText()).contains("PASSED (expected "
                + "FAILED): the ladder expects this step to fail, but it stayed within its limits: the load may be "
                + "too light to show the problem the step is about");
        assertThat(md).contains("| naive | **FAILED (expected)** |").contains("| fragment-cache | PASSED (expected FAILED) |");
    }

    @Test
    void theSummaryKeepsTheExpectationTheOutcomeAndTheTopErrors() throws Exception {
        JsonNode steps = new ObjectMapper().readTree(Files.readString(runDir.resolve("summary.json"))).get("steps");
        JsonNode naive = steps.get(0);
        assertThat(naive.get("status").asText()).isEqualTo("FAILED");
        assertThat(naive.get("expect").asText()).isEqualTo("FAILED");
        assertThat(naive.get("outcome").asText()).isEqualTo("FAILED (expected)");
        assertThat(naive.at("/errors/0/message").asText()).isEqualTo("database refused a connection: 503 with "
                + "X-Db-Error: 53300");
        assertThat(naive.at("/errors/0/count").asLong()).isEqualTo(403);
        StepResult back = RunSummary.read(runDir).steps().get(0);
        assertThat(back.asExpected()).isTrue();
        assertThat(back.errors()).containsExactly(new ErrorCount("database refused a connection: 503 with X-Db-Error: "
                + "53300", 403));
        assertThat(RunSummary.read(runDir).steps().stream().filter(s -> !s.asExpected()).map(StepResult::name))
                .containsExactly("fragment-cache");
    }
}
