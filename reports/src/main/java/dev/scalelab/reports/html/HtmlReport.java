package dev.scalelab.reports.html;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.scalelab.reports.charts.Chart;
import dev.scalelab.reports.compare.CpuBreakdown;
import dev.scalelab.reports.compare.Format;
import dev.scalelab.reports.compare.LadderComparison;
import dev.scalelab.reports.compare.Metric;
import dev.scalelab.reports.compare.MetricCell;
import dev.scalelab.reports.compare.MetricChange;
import dev.scalelab.reports.compare.Problem;
import dev.scalelab.reports.compare.StepRow;
import dev.scalelab.reports.io.FileLink;
import dev.scalelab.reports.compare.StepCapacity;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.Bottleneck;
import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.stats.Usl;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import dev.scalelab.reports.stats.Significance;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Renders the comparison as one self-contained HTML page through a Mustache template (HTML-escaping). */
public final class HtmlReport {
    private static final Mustache TEMPLATE = new DefaultMustacheFactory("dev/scalelab/reports/html")
            .compile("report.mustache");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    /** Compiles the template (once per JVM). */
    public static void preload() {
        Objects.requireNonNull(TEMPLATE);
    }

    /**
     * The page for {@code ladder} with its charts; {@code stepCharts} are the charts of the step details, found by
     * their ids ({@code cpu-<n>}, {@code queue-<n>} for the n-th step); {@code now} is the generation time shown on
     * the page.
     */
    public static String render(LadderComparison ladder, List<Chart> charts, List<Chart> seriesCharts,
                                List<Chart> stepCharts, List<Chart> capacityCharts, Instant now) {
        Page page = page(ladder, charts, seriesCharts, stepCharts, capacityCharts, now);
        StringWriter out = new StringWriter(256 * 1024);
        TEMPLATE.execute(out, page);
        return out.toString();
    }

    static Page page(LadderComparison ladder, List<Chart> charts, List<Chart> seriesCharts, List<Chart> stepCharts,
                     List<Chart> capacityCharts, Instant now) {
        Map<String, Chart> byId = stepCharts.stream().filter(Objects::nonNull)
                .collect(Collectors.toMap(Chart::id, c -> c, (a, b) -> a));
        RunSummary s = ladder.summary();
        List<String> runParts = new ArrayList<>();
        if (s.runId() != null) {
            runParts.add("Run " + s.runId());
        }
        if (s.ladder() != null) {
            runParts.add("ladder \"" + s.ladder() + "\"");
        }
        if (s.startedAt() != null) {
            runParts.add("started " + s.startedAt());
        }
        if (s.workload() != null) {
            runParts.add(s.workload());
        }
        int steps = ladder.rows().size();
        int runs = ladder.maxRuns();
        runParts.add(steps + (steps == 1 ? " step" : " steps") + ", " + (runs == 1 ? "1 run each"
                : runs + " runs each"));

        Map<StepStatus, Long> byStatus = ladder.rows().stream()
                .collect(Collectors.groupingBy(StepRow::status, LinkedHashMap::new, Collectors.counting()));
        String statusLine = Arrays.stream(StepStatus.values()).filter(byStatus::containsKey)
                .map(st -> byStatus.get(st) + " " + st.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" \u00b7 ")) + " \u00b7 " + ladder.expectationText();

        List<String> columns = new ArrayList<>();
        List<Metric> headline = Metric.headline(ladder.homeRoute());
        headline.forEach(m -> columns.add(m.labelWithUnit()));

        List<Page.Row> rows = new ArrayList<>();
        List<Page.Verdict> verdicts = new ArrayList<>();
        List<Page.StepView> stepViews = new ArrayList<>();
        List<StepCapacity> capacities = StepCapacity.of(ladder);
        Map<Integer, StepCapacity> capacityByIndex = capacities.stream()
                .collect(Collectors.toMap(StepCapacity::index, c -> c));
        int i = 0;
        for (StepRow row : ladder.rows()) {
            i++;
            rows.add(row(i, row));
            verdicts.add(verdict(i, row, capacityChip(row, capacityByIndex.get(i), capacities)));
            stepViews.add(step(i, row, ladder, byId.get("cpu-" + i), byId.get("queue-" + i),
                    stepCapacity(capacityByIndex.get(i))));
        }
        List<String> missingSeries = ladder.rows().stream()
                .filter(r -> r.measured() && r.timeSeriesRun() == null).map(StepRow::name).toList();
        long missingSteps = ladder.rows().stream().filter(r -> !r.dataMissing().isEmpty()).count();
        String missingSummary = missingSteps == 0 ? "" : "data missing in " + missingSteps
                + (missingSteps == 1 ? " step" : " steps") + " \u2014 see the notes marked \u201cdata missing\u201d; "
                + "the report shows what could be read.";
        List<Page.Kpi> kpis = kpis(ladder);
        StepRow first = ladder.rows().stream().filter(StepRow::measured).findFirst().orElse(null);
        StepRow last = ladder.rows().stream().filter(StepRow::measured).reduce((a, b) -> b).orElse(null);
        String kpiCaption = first == null ? "" : "From the first step (" + first.name() + ") to the last measured step ("
                + last.name() + ")";
        return new Page("Scaling ladder report", String.join(" \u00b7 ", runParts), STAMP.format(now), statusLine,
                kpis, !kpis.isEmpty(), kpiCaption, columns, rows, verdicts, ladder.methodText(), runs > 1,
                charts.stream().map(HtmlReport::chart).toList(),
                seriesCharts.stream().filter(Objects::nonNull).map(HtmlReport::chart).toList(),
                missingSeries, !missingSeries.isEmpty(), stepViews, missingSummary, missingSteps > 0,
                capacity(capacities, s.usl(), capacityCharts));
    }

    private static Page.CapacitySection capacity(List<StepCapacity> steps, UslFit fit, List<Chart> charts) {
        if (steps.isEmpty() && fit == null) {
            return null;
        }
        List<Page.CapacityRow> rows = steps.stream().map(c -> new Page.CapacityRow(c.step(), "step-" + c.index(),
                c.visitorsText(), c.requestsText(), boundClass(c), c.boundNote(),
                c.bottleneck() == null ? "no level broke the SLO" : c.bottleneck().sentence(), c.runsNote()))
                .toList();
        return new Page.CapacitySection(steps.isEmpty() ? "" : StepCapacity.sloText(steps), StepCapacity.rise(steps),
                charts.stream().filter(Objects::nonNull).map(HtmlReport::chart).toList(), rows, !rows.isEmpty(),
                usl(fit));
    }

    private static Page.UslView usl(UslFit fit) {
        if (fit == null) {
            return null;
        }
        List<Page.UslPointView> points = fit.points().stream().map(p -> new Page.UslPointView(
                String.valueOf(p.instances()), (p.injectorBound() ? "\u2265 " : "") + Format.number(p.requestsPerSec()),
                Format.number(fit.predict(p.instances())), p.injectorBound() ? "injector-bound (at least)" : ""))
                .toList();
        String peak = fit.peakInstances() == null
                ? (fit.sigma() >= 1 ? "No peak: with σ ≥ 1 one instance carries the most; each added instance lowers capacity."
                : "No peak: with κ = 0 capacity keeps rising with more instances, ever more slowly.")
                : "Predicted peak: " + Format.number(fit.peakInstances()) + " instances at "
                + Format.number(fit.peakRequestsPerSec()) + " req/s; beyond it more instances lower capacity.";
        return new Page.UslView(fit.step(), Usl.parameters(fit), Format.number(fit.lambda()) + " req/s", peak,
                nz(fit.note()), points, !points.isEmpty());
    }

    private static Page.StepCapacityView stepCapacity(StepCapacity c) {
        if (c == null) {
            return null;
        }
        List<Page.LevelRow> levels = new ArrayList<>();
        for (CapacityLevel l : c.levels()) {
            Latency lat = l.latencyMs();
            levels.add(new Page.LevelRow(l.phase(), Format.number(l.offeredVisitorsPerSec()),
                    Format.number(l.offeredRps()), Format.number(l.achievedRps()),
                    lat == null ? "\u2014" : Format.number(lat.p50()), lat == null ? "\u2014" : Format.number(lat.p95()),
                    lat == null ? "\u2014" : Format.number(lat.p99()),
                    Format.number(l.ko()) + " (" + Format.fractionAsPercent(l.errorRate()) + ")",
                    l.injectorLagMs() == null ? "\u2014" : Format.number(l.injectorLagMs()),
                    l.held() ? "held" : l.reason() == null ? "did not hold" : l.reason(), l.held() ? "held" : "broke"));
        }
        Bottleneck b = c.bottleneck();
        return new Page.StepCapacityView(c.visitorsText(), c.requestsText(), boundClass(c), c.boundNote(),
                StepCapacity.sloText(List.of(c)), b == null ? "" : b.sentence(), b != null, c.runsNote(), levels,
                !levels.isEmpty());
    }

    private static String boundClass(StepCapacity c) {
        return c.capacity().atLeast() ? "bound lower" : c.capacity().atMost() ? "bound upper" : "bound exact";
    }

    private static List<Page.Kpi> kpis(LadderComparison ladder) {
        List<StepRow> measured = ladder.rows().stream().filter(StepRow::measured).toList();
        if (measured.size() < 2) {
            return List.of();
        }
        StepRow first = measured.get(0);
        StepRow last = measured.get(measured.size() - 1);
        List<Page.Kpi> kpis = new ArrayList<>();
        for (Metric m : List.of(Metric.P95, Metric.THROUGHPUT, Metric.ERROR_RATE)) {
            kpi(kpis, m, m.labelWithUnit(), first.cell(m.key()), last.cell(m.key()));
        }
        kpi(kpis, Metric.statementsPerRequest(ladder.homeRoute(), "Home stmts/req"),
                "SQL statements per " + ladder.homeRoute(), first.cell("stmts"), last.cell("stmts"));
        return kpis;
    }

    private static void kpi(List<Page.Kpi> kpis, Metric m, String label, MetricCell from, MetricCell to) {
        if (from == null || to == null || !from.hasValue() || !to.hasValue()) {
            return;
        }
        MetricChange change = new MetricChange(m, "", from.median(), to.median(),
                Significance.test(from.values(), to.values()));
        kpis.add(new Page.Kpi(label, from.text(), to.text(), change.changeText(), changeClass(change),
                switch (change.verdict()) {
                    case SIGNIFICANT -> "significant";
                    case NOT_SIGNIFICANT -> "~ no significant change";
                    case NO_CHANGE -> "no change";
                    case NOT_TESTED -> "";
                }));
    }

    private static Page.Row row(int index, StepRow row) {
        List<Page.Cell> cells = new ArrayList<>();
        for (MetricCell c : row.cells()) {
            cells.add(cell(c));
        }
        return new Page.Row(index, row.name(), "step-" + index, statusClass(row.status()), row.statusText(),
                nz(row.statusReason()), cells, !row.dataMissing().isEmpty());
    }

    private static Page.Cell cell(MetricCell c) {
        MetricChange ch = c.change();
        StringBuilder title = new StringBuilder();
        if (c.values().length > 1) {
            title.append("runs: ").append(c.rangeText());
        }
        String cls = "";
        if (c.hasValue()) {
            String key = c.metric().key();
            double v = c.median();
            if ((key.equals("leaks") || key.equals("connerrors")) && v > 0) {
                cls = "bad";
            } else if (key.equals("errors") && v > 0.01) {
                cls = "bad";
            } else if (key.equals("cache") && v < 0.05) {
                cls = "warn";
            } else if (key.equals("nplusone") && v > 0) {
                cls = "warn";
            }
        }
        if (ch == null) {
            return new Page.Cell(c.text(), cls, "", "", "", title.toString(), false);
        }
        if (!title.isEmpty()) {
            title.append("; ");
        }
        title.append("vs ").append(ch.baseline()).append(": ").append(ch.verdictText());
        if (!ch.pValueText().isEmpty()) {
            title.append(", ").append(ch.pValueText());
        }
        String badge = switch (ch.verdict()) {
            case SIGNIFICANT -> "sig.";
            case NOT_SIGNIFICANT -> "~ n.s.";
            case NO_CHANGE -> "";
            case NOT_TESTED -> "";
        };
        String text = ch.verdict() == MetricChange.Verdict.NO_CHANGE ? "no change" : ch.changeText();
        return new Page.Cell(c.text(), cls, text, changeClass(ch), badge, title.toString(), true);
    }

    static String changeClass(MetricChange ch) {
        return switch (ch.verdict()) {
            case SIGNIFICANT -> switch (ch.direction()) {
                case BETTER -> "chg better";
                case WORSE -> "chg worse";
                case NEUTRAL -> "chg sig";
            };
            case NOT_SIGNIFICANT, NO_CHANGE -> "chg ns";
            case NOT_TESTED -> "chg nt";
        };
    }

    /** The change of capacity against the step's baseline as a chip; null unless both searched a capacity. */
    private static Page.Chip capacityChip(StepRow row, StepCapacity capacity, List<StepCapacity> all) {
        StepCapacity before = capacity == null || row.baseline() == null ? null : all.stream()
                .filter(c -> c.step().equals(row.baseline())).findFirst().orElse(null);
        if (before == null) {
            return null;
        }
        Double ratio = capacity.ratioFrom(before);
        String cls = ratio == null ? "chg nt" : ratio > 1 ? "chg better" : ratio < 1 ? "chg worse" : "chg ns";
        return new Page.Chip(capacity.changeFrom(before), cls, "highest arrival rate within the SLO");
    }

    private static Page.Verdict verdict(int index, StepRow row, Page.Chip capacityChip) {
        List<Page.Chip> chips = new ArrayList<>();
        if (capacityChip != null) {
            chips.add(capacityChip);
        }
        for (MetricChange ch : row.notableChanges()) {
            String title = ch.pValueText().isEmpty() ? "" : ch.pValueText() + " (" + method(ch) + ")";
            chips.add(new Page.Chip(ch.sentence(), changeClass(ch), title));
        }
        List<String> unchanged = row.insignificantChanges().stream()
                .filter(c -> !c.metric().key().equals("routep95"))
                .map(c -> c.metric().label()).distinct().toList();
        String unchangedText = unchanged.isEmpty() ? "" : "~ no significant change: " + String.join(", ", unchanged);
        String noChange = "";
        if (row.baseline() != null && chips.isEmpty()) {
            noChange = row.measured() ? "No notable change against " + row.baseline() + "." : "";
        }
        List<Page.ProblemView> problems = row.problems().stream().map(HtmlReport::problem).toList();
        return new Page.Verdict(row.name(), "step-" + index, statusClass(row.status()), row.statusText(),
                row.switches(), !row.switches().isEmpty(),
                nz(row.baseline()), row.baseline() != null, chips, !chips.isEmpty(), unchangedText,
                !unchanged.isEmpty(), noChange, problems, !problems.isEmpty());
    }

    private static String method(MetricChange ch) {
        return switch (ch.test().method()) {
            case WELCH -> "Welch's t-test, " + ch.test().runsBefore() + " vs " + ch.test().runsAfter() + " runs";
            case MANN_WHITNEY_EXACT -> "exact Mann-Whitney U";
            case MANN_WHITNEY_NORMAL -> "Mann-Whitney U, normal approximation";
            default -> "";
        };
    }

    private static Page.ProblemView problem(Problem p) {
        return new Page.ProblemView(switch (p.severity()) {
            case BAD -> "problem bad";
            case WARN -> "problem warn";
            case MISSING -> "problem missing";
        }, p.title(), p.text());
    }

    private static Page.StepView step(int index, StepRow row, LadderComparison ladder, Chart cpuChart,
                                      Chart queueChart, Page.StepCapacityView capacity) {
        Map<String, List<Page.FindingView>> groups = new LinkedHashMap<>();
        row.findings().forEach(f -> groups.computeIfAbsent(f.route() == null ? "(no route)" : f.route(),
                k -> new ArrayList<>()).add(new Page.FindingView(f.kindLabel(),
                "N_PLUS_ONE".equals(f.kind()) ? "kind nplusone" : "kind other", f.fingerprint(),
                f.count() + "\u00d7", nz(f.callSite()), f.callSite() != null, nz(f.hint()), f.hint() != null,
                row.runs().size() > 1 ? f.runs() + " of " + row.runs().size() : "")));
        List<Page.FindingGroup> findingGroups = groups.entrySet().stream()
                .map(e -> new Page.FindingGroup(e.getKey(), e.getValue())).toList();

        List<Page.LeakView> leaks = row.leakExamples().stream()
                .map(l -> new Page.LeakView(nz(l.route()), nz(l.expectedUser()), nz(l.servedUser()), nz(l.detail())))
                .toList();
        List<Page.ConnErrorView> conn = row.connectionErrors().stream()
                .map(c -> new Page.ConnErrorView(nz(c.route()), nz(c.sqlState()), nz(c.message()),
                        Format.number(c.count())))
                .toList();
        List<Page.JobView> jobs = new ArrayList<>();
        for (Map.Entry<Integer, AsyncJobs> e : row.asyncJobs().entrySet()) {
            AsyncJobs j = e.getValue();
            jobs.add(new Page.JobView(String.valueOf(e.getKey()), Format.number(j.succeeded()),
                    Format.number(j.failed()), ms(j.enqueueToDoneP50Ms()), ms(j.enqueueToDoneP95Ms())));
        }

        List<StepResult> measured = row.runs().stream().filter(r -> r.status().hasMeasurements()).toList();
        List<Page.RouteView> routes = new ArrayList<>();
        for (String route : ladder.routes()) {
            List<RouteStats> stats = measured.stream().map(r -> r.routes().get(route)).filter(Objects::nonNull)
                    .toList();
            if (stats.isEmpty()) {
                continue;
            }
            MetricCell p95 = row.routeP95().get(route);
            MetricChange ch = p95.change();
            double requests = median(stats, r -> (double) r.requests());
            double ko = median(stats, r -> r.requests() == 0 ? 0.0 : (double) r.ko() / r.requests());
            routes.add(new Page.RouteView(route, Format.number(requests), Format.fractionAsPercent(ko),
                    p95.text(), ch == null ? "" : ch.verdict() == MetricChange.Verdict.NO_CHANGE ? "no change"
                    : ch.changeText(), ch == null ? "" : changeClass(ch), row.routeStatements().get(route).text(),
                    text(stats, RouteStats::cacheHitRate, Format::fractionAsPercent)));
        }

        List<Page.RunLinks> runLinks = new ArrayList<>();
        boolean anyLink = false;
        for (StepResult r : row.runs()) {
            List<FileLink> links = row.links().getOrDefault(r.repeat(), List.of());
            anyLink |= !links.isEmpty();
            runLinks.add(new Page.RunLinks(row.runs().size() > 1 ? "Run " + r.repeat() : "Files",
                    r.status().name(), links.stream().map(l -> new Page.LinkView(l.label(), nz(l.href()),
                    l.href() != null && l.ok(), l.path(), nz(l.problem()), l.ok())).toList()));
        }

        List<Page.ProblemView> problems = row.problems().stream().map(HtmlReport::problem).toList();
        return new Page.StepView(index, row.name(), "step-" + index, statusClass(row.status()), row.statusText(),
                nz(row.statusReason()), row.statusReason() != null, row.switches(), !row.switches().isEmpty(),
                nz(row.baseline()), row.baseline() != null, problems, !problems.isEmpty(), row.dataMissing(),
                !row.dataMissing().isEmpty(), findingGroups, !findingGroups.isEmpty(), leaks, !leaks.isEmpty(),
                row.status() == StepStatus.FAILED, conn, !conn.isEmpty(), jobs, !jobs.isEmpty(), routes,
                !routes.isEmpty(), runLinks, anyLink, cpu(CpuBreakdown.of(row), cpuChart),
                queueChart == null ? null : chart(queueChart), capacity);
    }

    private static Page.CpuView cpu(CpuBreakdown cpu, Chart chart) {
        if (cpu == null) {
            return null;
        }
        List<Page.CpuRow> rows = new ArrayList<>();
        for (CpuBreakdown.ProcessCpu p : cpu.processes()) {
            Double share = cpu.shareOfMachine(p);
            rows.add(new Page.CpuRow(p.name(), p.server() == null ? "any CPU" : p.server(),
                    Format.percent(p.cpuPercent()), share == null ? "\u2014" : Format.fractionAsPercent(share),
                    p.rssMb() == null ? "\u2014" : Format.number(p.rssMb())));
        }
        return new Page.CpuView(cpu.sentence(), rows, !cpu.servers().isEmpty(), chart == null ? null : chart(chart));
    }

    private static double median(List<RouteStats> stats, Function<RouteStats, Double> f) {
        double[] v = stats.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sorted()
                .toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String text(List<RouteStats> stats, Function<RouteStats, Double> f,
                               Function<Double, String> format) {
        double m = median(stats, f);
        return Double.isNaN(m) ? "\u2014" : format.apply(m);
    }

    private static String ms(Double v) {
        return v == null ? "\u2014" : Format.number(v) + " ms";
    }

    private static Page.ChartView chart(Chart c) {
        return new Page.ChartView(c.id(), c.title(), c.dataUri(), c.width(), c.height());
    }

    static String statusClass(StepStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
