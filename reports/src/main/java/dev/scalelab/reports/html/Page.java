package dev.scalelab.reports.html;

import java.util.List;

/**
 * What the template shows, already formatted. Every text is plain text: the template escapes it.
 * Records are read by the template through their accessors; {@code has…} flags drive its sections.
 */
record Page(String title, String runLine, String generatedAt, String statusLine, List<Kpi> kpis, boolean hasKpis,
            String kpiCaption, List<String> columns, List<Row> rows, List<Verdict> verdicts, String method,
            boolean tested, List<ChartView> charts, List<ChartView> seriesCharts, List<String> seriesMissing,
            boolean hasSeriesMissing, List<StepView> steps, String dataMissingSummary, boolean hasDataMissing,
            CapacitySection capacity) {

    /**
     * The capacity of every step that searched one ({@code --capacity}); null for a fixed-rate run, so the page has
     * no capacity section at all.
     */
    record CapacitySection(String slo, String rise, List<ChartView> capacityCharts, List<CapacityRow> capacityRows,
                           boolean hasCapacityRows, UslView usl) {
    }

    record CapacityRow(String step, String anchor, String visitors, String requests, String boundClass,
                       String boundNote, String bottleneck, String runsNote) {
    }

    /** The scalability fit; null without one. */
    record UslView(String step, String parameters, String lambda, String peak, String note,
                   List<UslPointView> uslPoints, boolean hasUslPoints) {
    }

    record UslPointView(String instances, String requests, String predicted, String bound) {
    }

    /** A step's capacity search in its details card; null when the step ran at a fixed rate. */
    record StepCapacityView(String visitors, String requests, String boundClass, String boundNote, String slo,
                            String bottleneck, boolean hasBottleneck, String runsNote, List<LevelRow> levels,
                            boolean hasLevels) {
    }

    record LevelRow(String phase, String offered, String offeredRps, String achieved, String p50, String p95,
                    String p99, String errors, String injectorLate, String outcome, String outcomeClass) {
    }

    record Kpi(String label, String from, String to, String change, String changeClass, String note) {
    }

    record Row(int index, String name, String anchor, String statusKey, String statusText, String reason,
               List<Cell> cells, boolean dataMissing) {
    }

    record Cell(String text, String cls, String change, String changeClass, String badge, String title,
                boolean hasChange) {
    }

    record Verdict(String name, String anchor, String statusKey, String statusText, String switches,
                   boolean hasSwitches, String baseline,
                   boolean hasBaseline, List<Chip> changes, boolean hasChanges, String unchanged,
                   boolean hasUnchanged, String noChangeText, List<ProblemView> problems, boolean hasProblems) {
    }

    record Chip(String text, String cls, String title) {
    }

    record ProblemView(String cls, String title, String text) {
    }

    record ChartView(String id, String title, String src, int width, int height) {
    }

    record StepView(int index, String name, String anchor, String statusKey, String statusText, String reason,
                    boolean hasReason, String switches, boolean hasSwitches, String baseline, boolean hasBaseline,
                    List<ProblemView> problems, boolean hasProblems, List<String> dataMissing,
                    boolean hasDataMissing, List<FindingGroup> findingGroups, boolean hasFindings,
                    List<LeakView> leaks, boolean hasLeaks, boolean leaksFailed, List<ConnErrorView> connErrors,
                    boolean hasConnErrors, List<JobView> jobs, boolean hasJobs, List<RouteView> routes,
                    boolean hasRoutes, List<RunLinks> runs, boolean hasLinks, CpuView cpu, ChartView queueChart,
                    StepCapacityView stepCapacity) {
    }

    /** Where the CPU went; null when the step has nothing beyond app, database and injector. */
    record CpuView(String sentence, List<CpuRow> rows, boolean hasServers, ChartView chart) {
    }

    record CpuRow(String process, String server, String cpu, String share, String rss) {
    }

    record FindingGroup(String route, List<FindingView> findings) {
    }

    record FindingView(String kind, String kindClass, String fingerprint, String count, String callSite,
                       boolean hasCallSite, String hint, boolean hasHint, String runs) {
    }

    record LeakView(String route, String expected, String served, String detail) {
    }

    record ConnErrorView(String route, String sqlState, String message, String count) {
    }

    record JobView(String run, String succeeded, String failed, String p50, String p95) {
    }

    record RouteView(String route, String requests, String errors, String p95, String p95Change,
                     String p95ChangeClass, String statements, String cache) {
    }

    record RunLinks(String run, String statusText, List<LinkView> links) {
    }

    record LinkView(String label, String href, boolean hasHref, String path, String problem, boolean ok) {
    }
}
