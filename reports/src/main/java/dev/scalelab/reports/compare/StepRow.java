package dev.scalelab.reports.compare;

import dev.scalelab.reports.io.FileLink;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.ConnectionErrorExample;
import dev.scalelab.reports.model.LeakExample;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;

import java.util.List;
import java.util.Map;

/**
 * One step of the ladder with all its runs merged: what the report shows in its row and its section.
 *
 * @param name               step name
 * @param runs               every run (repeat) of the step, by repeat index
 * @param status             the step's status over its runs: FAILED if any run failed, else ERROR if any run
 *                           errored, else SKIPPED if every run was skipped, else PASSED
 * @param statusRuns         how many runs had that status
 * @param statusReason       the reason given by the first run with that status; null when none
 * @param switches           the app switches, e.g. "fetch=eager, cache=none"; empty when none
 * @param baseline           the step compared against (the nearest earlier step with measurements); null for none
 * @param cells              the headline metrics, in column order
 * @param extraCells         further metrics by key (memory, injector CPU, job p95)
 * @param routeP95           p95 per route
 * @param routeStatements    statements per request per route
 * @param findings           merged findings, by route then count
 * @param leakExamples       distinct leak examples over all runs
 * @param connectionErrors   connection errors merged by route, SQLState and message (counts summed over runs)
 * @param asyncJobs          job statistics per run (repeat index to stats); empty when the step ran no jobs
 * @param links              per run (repeat index): Gatling report and raw files, checked
 * @param problems           what is wrong with the step, most severe first
 * @param dataMissing        the "data missing: …" notes
 */
public record StepRow(String name, List<StepResult> runs, StepStatus status, int statusRuns, String statusReason,
                      String switches, String baseline, List<MetricCell> cells, Map<String, MetricCell> extraCells,
                      Map<String, MetricCell> routeP95, Map<String, MetricCell> routeStatements,
                      List<FindingRow> findings, List<LeakExample> leakExamples,
                      List<ConnectionErrorExample> connectionErrors, Map<Integer, AsyncJobs> asyncJobs,
                      Map<Integer, List<FileLink>> links, List<Problem> problems, List<String> dataMissing) {

    /** This row with its diagnoses. */
    public StepRow withProblems(List<Problem> diagnoses) {
        return new StepRow(name, runs, status, statusRuns, statusReason, switches, baseline, cells, extraCells,
                routeP95, routeStatements, findings, leakExamples, connectionErrors, asyncJobs, links,
                List.copyOf(diagnoses), dataMissing);
    }

    /** Whether any run produced measurements (PASSED or FAILED). */
    public boolean measured() {
        return runs.stream().anyMatch(r -> r.status().hasMeasurements());
    }

    /** "FAILED", "ERROR (1 of 3 runs)", "FAILED (expected)", "FAILED (expected, 2 of 3 runs)". */
    public String statusText() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StepStatus expect = expect();
        if (expect != null && status != StepStatus.SKIPPED) {
            parts.add(status == expect ? "expected" : "expected " + expect);
        }
        if (statusRuns != runs.size()) {
            parts.add(statusRuns + " of " + runs.size() + " runs");
        }
        return parts.isEmpty() ? status.name() : status.name() + " (" + String.join(", ", parts) + ")";
    }

    /** The status the ladder expects of the step when not PASSED; null when it is expected to pass. */
    public StepStatus expect() {
        return runs.stream().map(StepResult::expect).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Whether every run of the step ended as the ladder expects ({@link StepResult#asExpected()}). */
    public boolean asExpected() {
        return runs.stream().allMatch(StepResult::asExpected);
    }

    /** The headline cell of a metric key. */
    public MetricCell cell(String key) {
        return cells.stream().filter(c -> c.metric().key().equals(key)).findFirst()
                .orElseGet(() -> extraCells.get(key));
    }

    /** Changes worth a line in the verdict (see {@link MetricChange#notable()}), in column order. */
    public List<MetricChange> notableChanges() {
        return allChanges().stream().filter(MetricChange::notable).toList();
    }

    /** Tested changes that were not significant. */
    public List<MetricChange> insignificantChanges() {
        return allChanges().stream()
                .filter(c -> c.verdict() == MetricChange.Verdict.NOT_SIGNIFICANT
                        || c.verdict() == MetricChange.Verdict.NO_CHANGE)
                .toList();
    }

    /** Changes of the headline metrics and of every route's p95, in column order. */
    public List<MetricChange> allChanges() {
        java.util.ArrayList<MetricChange> all = new java.util.ArrayList<>();
        cells.forEach(c -> {
            if (c.change() != null) {
                all.add(c.change());
            }
        });
        routeP95.values().forEach(c -> {
            if (c.change() != null) {
                all.add(c.change());
            }
        });
        MetricCell job = extraCells.get(Metric.JOB_P95.key());
        if (job != null && job.change() != null) {
            all.add(job.change());
        }
        return all;
    }

    /** The first run that has a per-second time series, or null. */
    public StepResult timeSeriesRun() {
        return runs.stream().filter(r -> !r.timeSeries().isEmpty()).findFirst().orElse(null);
    }
}
