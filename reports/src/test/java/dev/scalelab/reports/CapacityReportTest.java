package dev.scalelab.reports;

import dev.scalelab.reports.model.Bottleneck;
import dev.scalelab.reports.model.Capacity;
import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.Slo;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.model.UslPoint;
import dev.scalelab.reports.stats.Usl;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.scalelab.reports.ReportFixtures.details;
import static org.assertj.core.api.Assertions.assertThat;

/** A run with {@code --capacity}: the report says how much each step carries, what broke and what scale-out buys. */
class CapacityReportTest {
    static final String NAIVE_BREAKS = "naive breaks at 6 visitors/s: database connections exhausted (40 of 40), "
            + "53300 errors";

    /** Capacity in visitors/s of each story step, the requests per visitor of the workload being 4.5. */
    static final Map<String, Double> CAPACITY = Map.of("naive", 4.5, "eager-fetch", 30.0, "page-cache-cookies", 30.0,
            "page-cache-shared", 0.0, "fragment-cache", 60.0, "connection-pool", 80.0, "async-tasks", 95.0,
            "scale-out", 120.0);

    static CapacityLevel level(String phase, double visitors, double achievedFraction, double p95, boolean held,
                               String reason) {
        double rps = visitors * 4.5;
        long requests = Math.round(rps * 20);
        return new CapacityLevel(phase, visitors, rps, rps * achievedFraction,
                new Latency(p95 / 3, p95, p95 * 1.4, p95 * 2), requests, held ? 0 : requests / 10, held, reason,
                Map.of("app", 0.5, "database", 0.8), 20, 1.0);
    }

    /** The story run with a capacity search on every step and a scalability fit of the scale-out step. */
    static RunSummary withCapacity(RunSummary story, String renameScaleOut, String sentenceSuffix) {
        List<StepResult> steps = new ArrayList<>();
        for (StepResult s : story.steps()) {
            double v = CAPACITY.get(s.name());
            StepResult.Builder b = s.toBuilder();
            if (s.name().equals("page-cache-shared")) {
                b.capacity(new Capacity(0, 0, Slo.DEFAULT, false, true))
                        .levels(List.of(level("ramp", 2, 0.6, 900, false, "p95 900 ms > 500 ms")))
                        .bottleneck(new Bottleneck("latency", 2, "page-cache-shared breaks at 2 visitors/s: p95 900 ms"
                                + " with no resource at its limit" + sentenceSuffix));
            } else if (s.name().equals("scale-out")) {
                b.name(renameScaleOut)
                        .capacity(new Capacity(v, v * 4.5, Slo.DEFAULT, true, false))
                        .levels(List.of(level("ramp", 40, 1, 30, true, null), level("ramp", 80, 1, 45, true, null),
                                level("ramp", 120, 0.99, 60, true, null), level("confirm", 120, 1, 62, true, null)))
                        .bottleneck(new Bottleneck("injector", 120, renameScaleOut + " stops at 120 visitors/s:"
                                + " the injector's CPU is at its limit (0.97 of 1 core)" + sentenceSuffix));
            } else {
                List<CapacityLevel> levels = new ArrayList<>();
                // the ramp overshoots, bisection finds the boundary, confirmation runs it again (ramp listed last
                // here to check that the curve orders levels by offered rate)
                levels.add(level("bisect", v * 1.2, 0.97, 410, true, null));
                levels.add(level("bisect", v * 1.3, 0.9, 700, false, "p95 700 ms > 500 ms"));
                levels.add(level("confirm", v, 1, 300, true, null));
                levels.add(0, level("ramp", v * 0.5, 1, 80, true, null));
                levels.add(1, level("ramp", v * 1.5, 0.7, 2400, false, "p95 2400 ms > 500 ms"));
                b.capacity(new Capacity(v, v * 4.5, Slo.DEFAULT, false, false)).levels(levels)
                        .bottleneck(new Bottleneck("db-connections", 6, s.name().equals("naive") ? NAIVE_BREAKS
                                + sentenceSuffix : s.name() + " breaks at " + v * 1.3 + " visitors/s: app CPU at 2 of"
                                + " 2 cores" + sentenceSuffix));
            }
            steps.add(b.build());
        }
        UslFit usl = Usl.fit(renameScaleOut, List.of(new UslPoint(1, 400, false), new UslPoint(2, 610, false),
                new UslPoint(3, 640, true)), 2, null);
        return new RunSummary(1, story.runId(), story.startedAt(), story.ladder(), story.workload(), steps, usl);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ACapacityRun {
        Document doc;
        String md;

        @BeforeAll
        void generate(@TempDir Path runDir) throws Exception {
            RunSummary story = StoryRun.write(runDir, 1);
            withCapacity(story, "scale-out", "").write(runDir.resolve(RunSummary.FILE_NAME));
            ReportResult result = ReportGenerator.generate(runDir, ReportFixtures.options());
            doc = ReportFixtures.html(result);
            md = ReportFixtures.md(result);
        }

        @Test
        void drawsTheCapacityLatencyAgainstThroughputAndUslCharts() throws Exception {
            List<Element> imgs = doc.select("#capacity figure img");
            assertThat(imgs).extracting(i -> i.attr("alt")).containsExactly("Capacity per step",
                    "Latency against throughput per step", "scale-out: capacity against instances (USL)");
            for (Element img : imgs) {
                assertThat(ReportFixtures.svg(img).getDocumentElement().getLocalName()).isEqualTo("svg");
            }
            assertThat(doc.select("#capacity figure").eachAttr("id")).containsExactly("chart-capacity",
                    "chart-latency-throughput", "chart-usl");
        }

        @Test
        void theCapacityChartStatesTheSloAndMarksTheBounds() {
            String svg = ReportFixtures.svgText(doc.selectFirst("#chart-capacity img"));
            assertThat(svg).contains("Capacity (visitors/s)", "p95 ≤ 500 ms, errors ≤ 1 %",
                    "4.5 · 20.3 req/s", "≥ 120 · 540 req/s (injector-bound)", "&lt; 2",
                    "Orange: at least this much (the injector was the limit, or the highest rate tried held)", "Red: no level held");
        }

        @Test
        void theLatencyChartHasOneLinePerStepAndTheSloLine() {
            String svg = ReportFixtures.svgText(doc.selectFirst("#chart-latency-throughput img"));
            assertThat(svg).contains("Achieved throughput (req/s)", "p95 response time (ms, log scale)",
                    "SLO p95 500 ms", "naive", "connection-pool", "scale-out");
        }

        @Test
        void theUslChartNamesTheFitThePeakAndTheSharedCores() {
            String svg = ReportFixtures.svgText(doc.selectFirst("#chart-usl img"));
            assertThat(svg).contains("App instances", "Capacity (req/s)", "σ = ", "κ = ", "predicted peak",
                    "instances share this machine&apos;s 2 cores", "Measured, injector-bound (at least)", "USL fit");
        }

        @Test
        void theCapacityTableGivesEveryStepItsBoundAndBottleneck() {
            Element table = doc.selectFirst("#capacity table.capacity");
            assertThat(table.select("tbody td.step").eachText()).containsExactly("naive", "eager-fetch",
                    "page-cache-cookies", "page-cache-shared", "fragment-cache", "connection-pool", "async-tasks",
                    "scale-out");
            assertThat(table.select("tbody tr").get(0).select("td").eachText()).containsExactly("naive",
                    "4.5 visitors/s", "20.3 req/s", NAIVE_BREAKS);
            assertThat(table.select("tbody tr").get(3).select("td").get(1).text()).isEqualTo("< 2 visitors/s");
            assertThat(table.select("tbody tr").get(3).select("td").get(2).text()).isEqualTo("—");
            assertThat(table.select("tbody tr").get(7).select("td").get(1).text())
                    .isEqualTo("≥ 120 visitors/s (injector-bound)");
            assertThat(table.select("tbody tr").get(7).select(".capacity-note").text())
                    .isEqualTo("The injector on this machine reached its own limit first: the app carries at least"
                            + " this much.");
            assertThat(doc.selectFirst("#capacity p.slo").text()).isEqualTo("Capacity is the highest arrival rate"
                    + " that held the SLO and held again when confirmed (a quick look does not confirm). SLO: p95 ≤ 500 ms, errors ≤ 1 %, throughput"
                    + " ≥ 95 % of the offered rate.");
        }

        @Test
        void saysHowMuchMoreTheLastStepCarries_aLowerBoundWhenTheInjectorWasTheLimit() {
            assertThat(doc.selectFirst("#capacity p.rise").text()).isEqualTo("From naive to scale-out: 4.5 visitors/s"
                    + " → ≥ 120 visitors/s (injector-bound), ×26.7 or more.");
            assertThat(md).contains("\nFrom naive to scale-out: 4.5 visitors/s → ≥ 120 visitors/s (injector-bound),"
                    + " ×26.7 or more.\n");
        }

        @Test
        void eachVerdictLeadsWithTheChangeOfCapacity() {
            Element eager = ReportFixtures.verdict(doc, "eager-fetch").selectFirst(".chip");
            assertThat(eager.text()).isEqualTo("capacity 4.5 visitors/s → 30 visitors/s, ×6.7");
            assertThat(eager.classNames()).contains("better");
            Element shared = ReportFixtures.verdict(doc, "page-cache-shared").selectFirst(".chip");
            assertThat(shared.text()).isEqualTo("capacity 30 visitors/s → < 2 visitors/s");
            assertThat(shared.classNames()).doesNotContain("better", "worse");
            assertThat(ReportFixtures.verdict(doc, "scale-out").selectFirst(".chip").text())
                    .isEqualTo("capacity 95 visitors/s → ≥ 120 visitors/s (injector-bound), ×1.3 or more");
            assertThat(ReportFixtures.verdict(doc, "naive").select(".chip").eachText())
                    .noneMatch(t -> t.startsWith("capacity"));
            assertThat(md).contains("- **eager-fetch** vs naive: capacity 4.5 visitors/s → 30 visitors/s, ×6.7; p50 ");
        }

        @Test
        void theUslFitIsSpelledOut() {
            Element usl = doc.selectFirst("#capacity .usl");
            assertThat(usl.selectFirst(".usl-fit").text()).startsWith("σ = ").contains("Predicted peak: ")
                    .contains(" instances at ");
            assertThat(usl.selectFirst(".usl-note").text()).isEqualTo("The instances share this machine's 2 cores,"
                    + " so the fit describes more instances on this machine, not more servers.");
            assertThat(usl.select("tbody tr")).hasSize(3);
            assertThat(usl.select("tbody tr").get(2).select("td").eachText()).startsWith("3", "≥ 640");
        }

        @Test
        void eachStepCarriesItsCapacityBottleneckAndLevels() {
            Element naive = details(doc, "naive");
            assertThat(naive.select("h4").eachText()).startsWith("Capacity");
            assertThat(naive.selectFirst(".capacity-line").text()).isEqualTo("4.5 visitors/s · 20.3 req/s within the"
                    + " SLO (p95 ≤ 500 ms, errors ≤ 1 %, throughput ≥ 95 % of the offered rate)");
            assertThat(naive.selectFirst("p.bottleneck").text()).isEqualTo(NAIVE_BREAKS);
            Element levels = naive.selectFirst("table.levels");
            assertThat(levels.select("thead th").eachText()).containsExactly("Phase", "Offered (visitors/s)",
                    "Offered (req/s)", "Achieved (req/s)", "p50 (ms)", "p95 (ms)", "p99 (ms)", "Errors", "Injector late (ms)", "Held");
            assertThat(levels.select("tbody td:eq(0)").eachText()).containsExactly("ramp", "ramp", "bisect", "bisect",
                    "confirm");
            assertThat(levels.select("tbody tr").get(1).select("td").eachText()).containsExactly("ramp", "6.8",
                    "30.4", "21.3", "800", "2,400", "3,360", "60 (9.9 %)", "1", "p95 2400 ms > 500 ms");
            assertThat(levels.select("tbody tr").get(0).selectFirst("td.outcome").text()).isEqualTo("held");
        }

        @Test
        void markdownCarriesTheSameFigures() {
            assertThat(md).contains("### Capacity\n\nSLO: p95 ≤ 500 ms, errors ≤ 1 %, throughput ≥ 95 % of the offered"
                    + " rate.");
            assertThat(md).contains("| Step | Capacity (visitors/s) | Requests/s | What broke first |\n"
                    + "|---|---:|---:|---|\n"
                    + "| naive | 4.5 visitors/s | 20.3 req/s | " + NAIVE_BREAKS + " |\n");
            assertThat(md).contains("| page-cache-shared | &lt; 2 visitors/s | — | page-cache-shared breaks at 2"
                    + " visitors/s: p95 900 ms with no resource at its limit |");
            assertThat(md).contains("| scale-out | ≥ 120 visitors/s (injector-bound) | ≥ 540 req/s | scale-out stops"
                    + " at 120 visitors/s: the injector's CPU is at its limit (0.97 of 1 core) |");
            assertThat(md).containsPattern("\\*\\*Scale-out of scale-out \\(Universal Scalability Law\\):\\*\\* σ = "
                    + "[0-9.]+, κ = [0-9.]+, one instance alone λ = [0-9.,]+ req/s; predicted peak [0-9.]+ instances"
                    + " at [0-9,]+ req/s\\. The instances share this machine's 2 cores");
            assertThat(md).contains("| Instances | Measured (req/s) | Fitted (req/s) |\n|---:|---:|---:|\n| 1 | 400 |");
            assertThat(md).contains("| 3 | ≥ 640 |");
            assertThat(md.indexOf("### Capacity")).isLessThan(md.indexOf("### What each step changed"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AFixedRateRun {
        Document doc;
        String md;

        @BeforeAll
        void generate(@TempDir Path runDir) throws Exception {
            StoryRun.write(runDir, 1);
            ReportResult result = ReportGenerator.generate(runDir, ReportFixtures.options());
            doc = ReportFixtures.html(result);
            md = ReportFixtures.md(result);
        }

        @Test
        void hasNoCapacitySectionChartOrHeading() {
            assertThat(doc.select("#capacity, #chart-capacity, #chart-latency-throughput, #chart-usl")).isEmpty();
            assertThat(doc.select("h2").eachText()).doesNotContain("Capacity");
            assertThat(doc.select("#steps h4").eachText()).doesNotContain("Capacity");
            assertThat(doc.select("table.levels, .bottleneck, .capacity-line")).isEmpty();
            assertThat(md).doesNotContain("Capacity", "Scalability", "visitors/s");
        }
    }

    @Nested
    class PartOfTheData {
        @Test
        void aFitWithoutCapacitySteps_showsOnlyTheFit(@TempDir Path runDir) throws Exception {
            RunSummary story = StoryRun.write(runDir, 1);
            UslFit fit = Usl.fit("scale-out", List.of(new UslPoint(1, 400, false), new UslPoint(2, 700, false)), 2,
                    null);
            new RunSummary(1, story.runId(), story.startedAt(), story.ladder(), story.workload(), story.steps(), fit)
                    .write(runDir.resolve(RunSummary.FILE_NAME));
            ReportResult result = ReportGenerator.generate(runDir, ReportFixtures.options());
            Document doc = ReportFixtures.html(result);

            assertThat(doc.select("#capacity figure").eachAttr("id")).containsExactly("chart-usl");
            assertThat(doc.select("#capacity table.capacity, #capacity p.slo, #capacity p.rise, table.levels"))
                    .isEmpty();
            assertThat(doc.selectFirst("#capacity .usl-fit").text()).isEqualTo("σ = 0.143, κ = 0, one instance alone"
                    + " λ = 400 req/s. No peak: with κ = 0 capacity keeps rising with more instances, ever more"
                    + " slowly.");
            assertThat(ReportFixtures.svgText(doc.selectFirst("#chart-usl img")))
                    .contains("κ = 0, no peak: capacity keeps rising");
            String md = ReportFixtures.md(result);
            assertThat(md).contains("### Capacity\n\n**Scale-out of scale-out (Universal Scalability Law):** σ = 0.143,"
                    + " κ = 0, one instance alone λ = 400 req/s; no peak: capacity keeps rising with more instances,"
                    + " ever more slowly. The instances share this machine's 2 cores, so the fit describes more"
                    + " instances on"
                    + " this machine, not more servers. Two instance counts fit contention (σ) only;")
                    .doesNotContain("| Step | Capacity");
        }

        @Test
        void oneStepWithACapacity_hasItsRowAndNoRatio(@TempDir Path runDir) throws Exception {
            RunSummary story = StoryRun.write(runDir, 1);
            RunSummary all = withCapacity(story, "scale-out", "");
            List<StepResult> steps = new ArrayList<>();
            for (StepResult s : story.steps()) {
                steps.add(s.name().equals("connection-pool") ? all.steps().get(steps.size()) : s);
            }
            RunSummary.of(steps).write(runDir.resolve(RunSummary.FILE_NAME));
            ReportResult result = ReportGenerator.generate(runDir, ReportFixtures.options());
            Document doc = ReportFixtures.html(result);

            assertThat(doc.select("#capacity table.capacity td.step").eachText()).containsExactly("connection-pool");
            assertThat(doc.select("#capacity p.rise, #chart-usl")).isEmpty();
            assertThat(doc.select("#steps h4:containsOwn(Capacity)")).hasSize(1);
            assertThat(details(doc, "connection-pool").select("h4").eachText()).contains("Capacity");
            assertThat(details(doc, "naive").select("h4").eachText()).doesNotContain("Capacity");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class HostileNames {
        Document doc;
        String md;

        @BeforeAll
        void generate(@TempDir Path runDir) throws Exception {
            RunSummary story = StoryRun.write(runDir, 1);
            withCapacity(story, EscapingTest.STEP, " " + EscapingTest.HOSTILE)
                    .write(runDir.resolve(RunSummary.FILE_NAME));
            ReportResult result = ReportGenerator.generate(runDir, ReportFixtures.options());
            doc = ReportFixtures.html(result);
            md = ReportFixtures.md(result);
        }

        @Test
        void areShownLiterallyInTheTableTheDetailsAndTheUslCard() {
            assertThat(doc.select("script")).isEmpty();
            assertThat(doc.select("#capacity table.capacity td.step").eachText()).contains(EscapingTest.STEP);
            assertThat(doc.select("#capacity .bottleneck-text").eachText())
                    .contains(NAIVE_BREAKS + " " + EscapingTest.HOSTILE);
            assertThat(doc.selectFirst("#capacity .usl h3").text()).isEqualTo(EscapingTest.STEP
                    + ": capacity against app instances (Universal Scalability Law)");
            assertThat(details(doc, EscapingTest.STEP).selectFirst("p.bottleneck").text())
                    .isEqualTo(EscapingTest.STEP + " stops at 120 visitors/s: the injector's CPU is at its limit"
                            + " (0.97 of 1 core) " + EscapingTest.HOSTILE);
        }

        @Test
        void chartsStayWellFormedSvg() throws Exception {
            for (Element img : doc.select("#capacity img.chart")) {
                org.w3c.dom.Document svg = ReportFixtures.svg(img);
                assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
            }
            assertThat(ReportFixtures.svgText(doc.selectFirst("#chart-usl img")))
                    .contains("evil&lt;script&gt;alert(&quot;x&quot;)");
        }

        @Test
        void markdownEscapesTheCapacityRowsAndTheFit() {
            assertThat(md).doesNotContain("<script").doesNotContain("<img");
            String row = md.lines().filter(l -> l.startsWith("| evil") && l.contains("visitors/s")).findFirst()
                    .orElseThrow();
            assertThat(row.split("(?<!\\\\)\\|", -1)).as("step, capacity, requests, bottleneck").hasSize(6);
            assertThat(md).contains("**Scale-out of evil&lt;script&gt;alert(\"x\")&lt;/script&gt;");
        }
    }
}
