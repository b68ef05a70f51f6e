package dev.scalelab.reports.compare;

import dev.scalelab.reports.io.FileLink;
import dev.scalelab.reports.io.RunFolder;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.ConnectionErrorExample;
import dev.scalelab.reports.model.Finding;
import dev.scalelab.reports.model.LeakExample;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import dev.scalelab.reports.stats.Significance;
import dev.scalelab.reports.stats.TestResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every step of a run merged over its repeats and compared with the step before it: the content of the report,
 * independent of its format.
 *
 * @param summary   the run as read
 * @param homeRoute the route whose statements per request the headline shows, usually {@code GET /}
 * @param routes    every route template seen in the run, in first-seen order
 * @param rows      one row per step, in ladder order
 */
public record LadderComparison(RunSummary summary, String homeRoute, List<String> routes, List<StepRow> rows) {

    /** Leak examples shown per step at most. */
    static final int MAX_LEAK_EXAMPLES = 10;

    /** Cache hit rates below this read as "the cache almost never hits". */
    static final double LOW_HIT_RATE = 0.05;

    /** Builds the comparison; {@code folder} checks the files each step links to. */
    public static LadderComparison of(RunSummary summary, RunFolder folder, String homeRoute) {
        Map<String, List<StepResult>> byName = new LinkedHashMap<>();
        for (StepResult s : summary.steps()) {
            byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
        }
        Set<String> routes = new LinkedHashSet<>();
        summary.steps().forEach(s -> routes.addAll(s.routes().keySet()));
        List<String> routeList = new ArrayList<>(routes);
        if (routeList.remove(homeRoute)) {
            routeList.add(0, homeRoute);
        }

        List<Metric> headline = Metric.headline(homeRoute);
        List<Metric> extras = List.of(Metric.APP_RSS, Metric.DB_RSS, Metric.INJECTOR_CPU, Metric.INJECTOR_RSS,
                Metric.JOB_P95);
        List<StepRow> rows = new ArrayList<>();
        StepRow previous = null;
        for (Map.Entry<String, List<StepResult>> e : byName.entrySet()) {
            List<StepResult> runs = e.getValue().stream()
                    .sorted(Comparator.comparingInt(StepResult::repeat)).toList();
            StepRow row = row(e.getKey(), runs, previous, headline, extras, routeList, folder, homeRoute);
            rows.add(row);
            if (row.measured()) {
                previous = row;
            }
        }
        return new LadderComparison(summary, homeRoute, List.copyOf(routeList), List.copyOf(rows));
    }

    /**
     * How many steps ended as the ladder expects and how many did not: "6 as expected, 1 unexpected", or
     * "7 as expected".
     */
    public String expectationText() {
        long expected = rows.stream().filter(StepRow::asExpected).count();
        long unexpected = rows.size() - expected;
        return expected + " as expected" + (unexpected == 0 ? "" : ", " + unexpected + " unexpected");
    }

    /** The most runs any step had. */
    public int maxRuns() {
        return rows.stream().mapToInt(r -> r.runs().size()).max().orElse(0);
    }

    /** The fewest runs among steps with measurements. */
    public int minRuns() {
        return rows.stream().filter(StepRow::measured)
                .mapToInt(r -> (int) r.runs().stream().filter(x -> x.status().hasMeasurements()).count())
                .min().orElse(0);
    }

    /** The statement of method shown on the page. */
    public String methodText() {
        String tests = "A change against the previous step counts as significant when a two-sided test of the "
                + "per-run values gives p < " + Significance.ALPHA + ": with 4 or more runs per step the exact "
                + "Mann-Whitney U test; with 2 or 3 runs Welch's t-test on the logarithms of the values (on the "
                + "values themselves when one is zero), because Mann-Whitney U cannot go below p = 0.10 with 3 runs "
                + "per step. \"~ no significant change\" means the difference is within run-to-run noise. Each "
                + "metric is tested on its own, without correction for multiple comparisons, so read a single "
                + "borderline result with care.";
        int max = maxRuns();
        if (max <= 1) {
            return "Each step ran once, so no change on this page is tested for significance. Run the ladder with "
                    + "--repeat 4 (or more) to test them. " + tests;
        }
        return "Each value is the median of the step's runs (" + (minRuns() == max ? String.valueOf(max)
                : minRuns() + " to " + max) + " per step, interleaved A B C … A B C …). " + tests;
    }

    private static StepRow row(String name, List<StepResult> runs, StepRow previous, List<Metric> headline,
                               List<Metric> extras, List<String> routes, RunFolder folder, String homeRoute) {
        List<StepResult> measured = runs.stream().filter(r -> r.status().hasMeasurements()).toList();

        StepStatus status = aggregateStatus(runs);
        List<StepResult> withStatus = runs.stream().filter(r -> r.status() == status).toList();
        String reason = withStatus.stream().map(StepResult::statusReason).filter(Objects::nonNull).findFirst()
                .orElse(null);
        String switches = runs.get(0).switches().entrySet().stream()
                .map(s -> s.getKey() + "=" + s.getValue()).collect(Collectors.joining(", "));

        List<MetricCell> cells = new ArrayList<>();
        for (Metric m : headline) {
            cells.add(cell(m, measured, previous));
        }
        Map<String, MetricCell> extraCells = new LinkedHashMap<>();
        for (Metric m : extras) {
            extraCells.put(m.key(), cell(m, measured, previous));
        }
        Map<String, MetricCell> routeP95 = new LinkedHashMap<>();
        Map<String, MetricCell> routeStatements = new LinkedHashMap<>();
        for (String route : routes) {
            routeP95.put(route, cell(Metric.routeP95(route), measured, previous));
            routeStatements.put(route, cell(Metric.statementsPerRequest(route, route), measured, previous));
        }

        Map<Integer, AsyncJobs> jobs = new LinkedHashMap<>();
        measured.forEach(r -> {
            if (r.asyncJobs() != null) {
                jobs.put(r.repeat(), r.asyncJobs());
            }
        });

        Map<Integer, List<FileLink>> links = new LinkedHashMap<>();
        List<String> dataMissing = new ArrayList<>();
        boolean severalRuns = runs.size() > 1;
        for (StepResult r : runs) {
            String where = severalRuns ? " (run " + r.repeat() + ")" : "";
            List<FileLink> checked = folder.check(r);
            links.put(r.repeat(), checked);
            for (FileLink link : checked) {
                if (!link.ok()) {
                    dataMissing.add("data missing: " + link.label() + " \u2014 " + link.path() + " " + link.problem()
                            + where);
                }
            }
            for (String note : r.dataMissing()) {
                dataMissing.add("data missing: " + note + where);
            }
            if (r.status().hasMeasurements()) {
                if (r.latencyMs() == null) {
                    dataMissing.add("data missing: latency percentiles were not recorded" + where);
                }
                if (r.resources() == null) {
                    dataMissing.add("data missing: no CPU and memory samples" + where);
                }
                if (r.timeSeries().isEmpty()) {
                    dataMissing.add("data missing: no per-second time series" + where);
                }
            }
        }

        StepRow row = new StepRow(name, runs, status, withStatus.size(), reason, switches,
                previous == null ? null : previous.name(), List.copyOf(cells), extraCells, routeP95,
                routeStatements, findings(measured, routes), leaks(measured), connectionErrors(measured), jobs,
                links, List.of(), List.copyOf(dataMissing));
        return row.withProblems(Diagnosis.of(row, homeRoute));
    }

    static StepStatus aggregateStatus(List<StepResult> runs) {
        Set<StepStatus> seen = runs.stream().map(StepResult::status).collect(Collectors.toSet());
        if (seen.contains(StepStatus.FAILED)) {
            return StepStatus.FAILED;
        }
        if (seen.contains(StepStatus.ERROR)) {
            return StepStatus.ERROR;
        }
        if (seen.equals(Set.of(StepStatus.SKIPPED))) {
            return StepStatus.SKIPPED;
        }
        return StepStatus.PASSED;
    }

    private static MetricCell cell(Metric metric, List<StepResult> measured, StepRow previous) {
        double[] values = values(metric, measured);
        MetricChange change = null;
        if (previous != null && values.length > 0) {
            List<StepResult> before = previous.runs().stream().filter(r -> r.status().hasMeasurements()).toList();
            double[] beforeValues = values(metric, before);
            if (beforeValues.length > 0) {
                TestResult test = Significance.test(beforeValues, values);
                change = new MetricChange(metric, previous.name(), Stats.median(beforeValues), Stats.median(values),
                        test);
            }
        }
        return new MetricCell(metric, values, change);
    }

    private static double[] values(Metric metric, List<StepResult> runs) {
        return runs.stream().map(metric.read()).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .filter(Double::isFinite).toArray();
    }

    private static List<FindingRow> findings(List<StepResult> measured, List<String> routes) {
        record Key(String kind, String route, String fingerprint, String callSite) {
        }
        Map<Key, List<Finding>> merged = new LinkedHashMap<>();
        for (StepResult r : measured) {
            for (Finding f : r.findings()) {
                merged.computeIfAbsent(new Key(f.kind(), f.route(), f.fingerprint(), f.callSite()),
                        k -> new ArrayList<>()).add(f);
            }
        }
        Function<String, Integer> routeOrder = route -> {
            int i = route == null ? -1 : routes.indexOf(route);
            return i < 0 ? Integer.MAX_VALUE : i;
        };
        return merged.entrySet().stream()
                .map(e -> {
                    List<Finding> fs = e.getValue();
                    int count = fs.stream().mapToInt(Finding::count).max().orElse(0);
                    String hint = fs.stream().map(Finding::hint).filter(Objects::nonNull).findFirst().orElse(null);
                    return new FindingRow(e.getKey().kind(), e.getKey().route(), e.getKey().fingerprint(), count,
                            e.getKey().callSite(), hint, fs.size());
                })
                .sorted(Comparator.comparing((FindingRow f) -> routeOrder.apply(f.route()))
                        .thenComparing(Comparator.comparingInt(FindingRow::count).reversed()))
                .toList();
    }

    private static List<LeakExample> leaks(List<StepResult> measured) {
        return measured.stream().flatMap(r -> r.leakExamples().stream()).distinct().limit(MAX_LEAK_EXAMPLES)
                .toList();
    }

    private static List<ConnectionErrorExample> connectionErrors(List<StepResult> measured) {
        record Key(String route, String sqlState, String message) {
        }
        Map<Key, Long> counts = new LinkedHashMap<>();
        for (StepResult r : measured) {
            for (ConnectionErrorExample c : r.connectionErrorExamples()) {
                counts.merge(new Key(c.route(), c.sqlState(), c.message()), c.count(), Long::sum);
            }
        }
        return counts.entrySet().stream()
                .map(e -> new ConnectionErrorExample(e.getKey().route(), e.getKey().sqlState(), e.getKey().message(),
                        e.getValue()))
                .sorted(Comparator.comparingLong(ConnectionErrorExample::count).reversed())
                .toList();
    }
}
