package dev.scalelab.reports.charts;

import dev.scalelab.reports.compare.CpuBreakdown;
import dev.scalelab.reports.compare.LadderComparison;
import dev.scalelab.reports.compare.Metric;
import dev.scalelab.reports.compare.MetricCell;
import dev.scalelab.reports.compare.StepCapacity;
import dev.scalelab.reports.compare.StepRow;
import dev.scalelab.reports.compare.Format;
import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.model.UslPoint;
import dev.scalelab.reports.stats.Usl;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.QueueSample;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.TimeSample;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** Draws the report's charts from a {@link LadderComparison}, each as an SVG document. */
public final class Charts {
    /** Intrinsic size of the charts comparing steps. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 380;
    /** Intrinsic size of a step's time series. */
    public static final int SERIES_HEIGHT = 420;

    private static final int MAX_LABEL = 32;
    private static final int LINE_CHARS = 11;

    static {
        // JFreeChart draws rotated text (the y-axis labels) as glyph outlines unless told otherwise; text
        // elements keep the SVG small, selectable and searchable
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private final LadderComparison ladder;
    private final String runsNote;

    public Charts(LadderComparison ladder) {
        this.ladder = ladder;
        int runs = ladder.maxRuns();
        this.runsNote = runs > 1 ? "median of " + runs + " runs per step" : "one run per step";
    }

    /** The charts comparing steps, in page order. */
    public List<Chart> comparisonCharts() {
        return comparisonChartJobs().stream().map(Supplier::get).toList();
    }

    /** The charts comparing steps as independent drawing jobs, in page order. */
    public List<Supplier<Chart>> comparisonChartJobs() {
        return List.of(this::latency, this::throughputAndErrors, this::statements, this::routeP95,
                this::cacheHitRate, this::problems, this::cpu, this::memory);
    }

    /** Loads the chart classes and the fonts' metrics by drawing a small chart. */
    public static void preload() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(1, "a", "b");
        JFreeChart chart = barChart("preload", data, logAxis("preload"), i -> ChartStyle.BLUE);
        ChartStyle.apply(chart, "preload");
        render("preload", chart, 100, 80);
        new XYLineAndShapeRenderer();
        new CombinedDomainXYPlot(new NumberAxis());
    }

    /** Latency percentiles per step (log scale). */
    public Chart latency() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (StepRow row : ladder.rows()) {
            put(data, "p50", row, row.cell(Metric.P50.key()), true);
            put(data, "p95", row, row.cell(Metric.P95.key()), true);
            put(data, "p99", row, row.cell(Metric.P99.key()), true);
        }
        JFreeChart chart = barChart("Latency percentiles per step", data,
                logAxis("Response time (ms, log scale)"), i -> ChartStyle.PERCENTILES[i % 3]);
        ChartStyle.apply(chart, "All requests, " + runsNote);
        return render("latency", chart, WIDTH, HEIGHT);
    }

    /** Throughput (bars, left axis) and error rate (line, right axis) per step. */
    public Chart throughputAndErrors() {
        DefaultCategoryDataset rps = new DefaultCategoryDataset();
        DefaultCategoryDataset errors = new DefaultCategoryDataset();
        for (StepRow row : ladder.rows()) {
            put(rps, "Throughput", row, row.cell(Metric.THROUGHPUT.key()), false);
            MetricCell e = row.cell(Metric.ERROR_RATE.key());
            errors.addValue(e.hasValue() ? e.median() * 100 : null, "Errors", categoryLabel(row.name()));
        }
        NumberAxis left = numberAxis("Throughput (req/s)");
        JFreeChart chart = barChart("Throughput and errors per step", rps, left, i -> ChartStyle.BLUE);
        CategoryPlot plot = chart.getCategoryPlot();
        NumberAxis right = numberAxis("Errors (% of requests)");
        right.setNumberFormatOverride(new DecimalFormat("0.#'%'", DecimalFormatSymbols.getInstance(Locale.US)));
        plot.setRangeAxis(1, right);
        plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
        plot.setDataset(1, errors);
        plot.mapDatasetToRangeAxis(1, 1);
        LineAndShapeRenderer line = new LineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, ChartStyle.RED);
        line.setSeriesStroke(0, new BasicStroke(2.5f));
        line.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        ChartStyle.apply(chart, runsNote);
        return render("throughput", chart, WIDTH, HEIGHT);
    }

    /** Statements per request per route per step (log scale). */
    public Chart statements() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String route : ladder.routes()) {
            for (StepRow row : ladder.rows()) {
                put(data, label(route), row, row.routeStatements().get(route), true);
            }
        }
        JFreeChart chart = barChart("SQL statements per request, per route", data,
                logAxis("Statements per request (log scale)"), ChartStyle::series);
        ChartStyle.apply(chart, "Mean per request from the server diagnostics, " + runsNote);
        return render("statements", chart, WIDTH, HEIGHT);
    }

    /** p95 per route per step (log scale). */
    public Chart routeP95() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String route : ladder.routes()) {
            for (StepRow row : ladder.rows()) {
                put(data, label(route), row, row.routeP95().get(route), true);
            }
        }
        JFreeChart chart = barChart("p95 per route", data, logAxis("p95 response time (ms, log scale)"),
                ChartStyle::series);
        ChartStyle.apply(chart, runsNote);
        return render("route-p95", chart, WIDTH, HEIGHT);
    }

    /** Cache hit rate per step, red below 5 %; steps without a cache have no bar. */
    public Chart cacheHitRate() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Paint> paints = new ArrayList<>();
        for (StepRow row : ladder.rows()) {
            MetricCell c = row.cell(Metric.CACHE_HIT_RATE.key());
            data.addValue(c.hasValue() ? c.median() * 100 : null, "Hit rate", categoryLabel(row.name()));
            MetricCell leaks = row.cell(Metric.IDENTITY_LEAKS.key());
            boolean leaking = leaks.hasValue() && leaks.median() > 0;
            boolean low = c.hasValue() && c.median() < 0.05;
            paints.add(leaking || low ? ChartStyle.RED : ChartStyle.GREEN);
        }
        NumberAxis axis = numberAxis("Cache hit rate (% of lookups)");
        axis.setRange(0, 105);
        axis.setNumberFormatOverride(new DecimalFormat("0'%'", DecimalFormatSymbols.getInstance(Locale.US)));
        JFreeChart chart = barChart("Cache hit rate per step", data, axis, i -> ChartStyle.GREEN);
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int series, int column) {
                return paints.get(column);
            }
        };
        styleBars(renderer);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0.#'%'", DecimalFormatSymbols.getInstance(Locale.US))));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(ChartStyle.TICK);
        renderer.setDefaultItemLabelPaint(ChartStyle.INK);
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                TextAnchor.BOTTOM_CENTER));
        chart.getCategoryPlot().setRenderer(renderer);
        chart.getCategoryPlot().setNoDataMessage("no step consulted a cache");
        chart.removeLegend();
        ChartStyle.apply(chart, "Red: almost never hits, or serves other users' pages. No bar: no cache.");
        return render("cache", chart, WIDTH, HEIGHT);
    }

    /** Identity leaks and database connection errors per step: what must be zero. */
    public Chart problems() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (StepRow row : ladder.rows()) {
            put(data, "Identity leaks", row, row.cell(Metric.IDENTITY_LEAKS.key()), false);
            put(data, "Connection errors", row, row.cell(Metric.CONNECTION_ERRORS.key()), false);
        }
        NumberAxis counts = numberAxis("Count (per run)");
        counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        JFreeChart chart = barChart("Identity leaks and connection errors per step", data, counts, i -> i == 0 ? ChartStyle.RED : ChartStyle.SLATE);
        ChartStyle.apply(chart, "Both should be zero, " + runsNote);
        return render("problems", chart, WIDTH, HEIGHT);
    }

    /** CPU of app, database and injector per step. */
    public Chart cpu() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (StepRow row : ladder.rows()) {
            put(data, "App", row, row.cell(Metric.APP_CPU.key()), false);
            put(data, "Database", row, row.cell(Metric.DB_CPU.key()), false);
            put(data, "Injector", row, row.cell(Metric.INJECTOR_CPU.key()), false);
        }
        JFreeChart chart = barChart("CPU per step", data, numberAxis("CPU (% of one core)"), ChartStyle::series);
        ChartStyle.apply(chart, "Mean over the measurement, " + runsNote);
        return render("cpu", chart, WIDTH, HEIGHT);
    }

    /** Resident memory of app, database and injector per step. */
    public Chart memory() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (StepRow row : ladder.rows()) {
            put(data, "App", row, row.cell(Metric.APP_RSS.key()), false);
            put(data, "Database", row, row.cell(Metric.DB_RSS.key()), false);
            put(data, "Injector", row, row.cell(Metric.INJECTOR_RSS.key()), false);
        }
        JFreeChart chart = barChart("Memory per step", data, numberAxis("Resident memory (MB)"), ChartStyle::series);
        ChartStyle.apply(chart, "Mean resident set size, " + runsNote);
        return render("memory", chart, WIDTH, HEIGHT);
    }

    /** Requests/s, p95 and database connections in use over time, for one run of a step; null without samples. */
    public Chart timeSeries(StepRow row, int index) {
        StepResult run = row.timeSeriesRun();
        if (run == null) {
            return null;
        }
        List<TimeSample> samples = run.timeSeries();
        NumberAxis time = numberAxis("Time since the start of the measurement (s)");
        time.setAutoRangeIncludesZero(true);
        time.setUpperMargin(0.01);
        time.setLowerMargin(0);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        plot.add(subplot(samples, "Requests/s", "req/s", s -> s.requestsPerSecond(), ChartStyle.BLUE), 1);
        plot.add(subplot(samples, "p95", "p95 (ms)", TimeSample::p95Ms, ChartStyle.ORANGE), 1);
        plot.add(subplot(samples, "DB connections in use", "DB conns",
                s -> s.dbConnectionsInUse() == null ? null : s.dbConnectionsInUse().doubleValue(),
                ChartStyle.PURPLE), 1);
        JFreeChart chart = new JFreeChart(label(row.name()) + ": load, latency and connections", ChartStyle.TITLE,
                plot, false);
        ChartStyle.apply(chart, "Per second" + (row.runs().size() > 1 ? ", run " + run.repeat() + " of "
                + row.runs().size() : ""));
        ChartStyle.axis(time);
        return render("series-" + index, chart, WIDTH, SERIES_HEIGHT);
    }

    /** Intrinsic height of a step's CPU breakdown (one bar per server, or one for the machine). */
    public static final int BREAKDOWN_HEIGHT = 260;

    /**
     * Where a step's CPU went: one stacked bar per server of the CPU split (and one for what ran on any CPU), or one
     * for the whole machine, a segment per process, with the capacity marked; null when the step has no breakdown.
     */
    public Chart cpuBreakdown(StepRow row, int index) {
        CpuBreakdown cpu = CpuBreakdown.of(row);
        if (cpu == null) {
            return null;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> bars = new ArrayList<>();
        cpu.servers().forEach(s -> bars.add(s.name() + " (CPU " + s.cpus() + ")"));
        boolean anyFree = cpu.processes().stream().anyMatch(p -> p.server() == null);
        String freeBar = cpu.servers().isEmpty() ? (cpu.host() == null ? "all processes"
                : "machine (" + cpu.host().cpus() + " cores)") : "any CPU";
        if (anyFree) {
            bars.add(freeBar);
        }
        for (CpuBreakdown.ProcessCpu p : cpu.processes()) {
            for (int b = 0; b < bars.size(); b++) {
                String server = b < cpu.servers().size() ? cpu.servers().get(b).name() : null;
                data.addValue(java.util.Objects.equals(server, p.server()) ? p.cpuPercent() : null, p.name(),
                        bars.get(b));
            }
        }
        NumberAxis axis = numberAxis("CPU (% of one core)");
        StackedBarRenderer renderer = new StackedBarRenderer();
        styleBars(renderer);
        renderer.setMaximumBarWidth(0.5);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, ChartStyle.series(i));
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(null), axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        // with servers of different sizes no one line marks every server's capacity: the sentence says it instead
        boolean sameSize = cpu.servers().stream().map(CpuBreakdown.ServerCpu::cores).distinct().count() == 1;
        double capacity = cpu.servers().isEmpty() ? (cpu.host() == null ? 0 : cpu.host().capacityPercent())
                : sameSize ? cpu.servers().get(0).cores() * 100.0 : 0;
        if (capacity > 0) {
            int cores = (int) Math.round(capacity / 100);
            plot.addRangeMarker(dashedMarker(capacity, ChartStyle.RED, 1.5f, (cpu.servers().isEmpty() ? "" : "per server: ")
                    + cores + (cores == 1 ? " core = " : " cores = ") + (cores * 100) + " %", RectangleAnchor.TOP_LEFT,
                    TextAnchor.TOP_RIGHT));
            axis.setRange(0, Math.max(capacity, cpu.totalPercent()) * 1.08);
        }
        JFreeChart chart = new JFreeChart(label(row.name()) + ": where the CPU went", ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart, "Mean CPU per process over the measurement"
                + (cpu.runs() > 1 ? ", median of " + cpu.runs() + " runs" : ""));
        return render("cpu-" + index, chart, WIDTH, BREAKDOWN_HEIGHT);
    }

    /**
     * Jobs pending (waiting, retrying or running) and failed per second of one run of a step with a task queue,
     * the end of the load marked; null when no run sampled its queue.
     */
    public Chart queueDepth(StepRow row, int index) {
        StepResult run = row.runs().stream().filter(r -> r.asyncJobs() != null
                && !r.asyncJobs().queueDepth().isEmpty()).findFirst().orElse(null);
        if (run == null) {
            return null;
        }
        AsyncJobs jobs = run.asyncJobs();
        XYSeries pending = new XYSeries("Pending (waiting, retrying, running)", true, true);
        XYSeries failed = new XYSeries("Failed", true, true);
        for (QueueSample s : jobs.queueDepth()) {
            pending.add(s.second(), s.pending());
            failed.add(s.second(), s.failed());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(pending);
        data.addSeries(failed);
        NumberAxis time = numberAxis("Time since the start of the measurement (s)");
        time.setAutoRangeIncludesZero(true);
        time.setUpperMargin(0.01);
        time.setLowerMargin(0);
        NumberAxis jobsAxis = numberAxis("Jobs");
        jobsAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        jobsAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, ChartStyle.BLUE);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesPaint(1, ChartStyle.RED);
        r.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, time, jobsAxis, r);
        if (run.throughputRps() > 0 && run.requests() > 0) {
            // throughput is requests over the measured seconds; the time series also covers the drain after it
            double end = Math.round(run.requests() / run.throughputRps());
            plot.addDomainMarker(dashedMarker(end, ChartStyle.MUTED, 1f, "measurement ends", RectangleAnchor.TOP_LEFT,
                    TextAnchor.TOP_RIGHT));
            double last = jobs.queueDepth().isEmpty() ? 0 : jobs.queueDepth().get(jobs.queueDepth().size() - 1).second();
            time.setRange(0, Math.max(last, end) + 0.5); // the marker stays in view when the samples end earlier
        }
        JFreeChart chart = new JFreeChart(label(row.name()) + ": queue depth", ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart, "Jobs pending, sampled every second until the queue drained" + (row.runs().size() > 1 ? ", run "
                + run.repeat() + " of " + row.runs().size() : ""));
        return render("queue-" + index, chart, WIDTH, HEIGHT);
    }

    /** The charts of the capacity section, in page order, each null when its data is missing. */
    public List<Supplier<Chart>> capacityChartJobs() {
        return List.of(this::capacity, this::latencyAgainstThroughput, this::usl);
    }

    /**
     * One bar per step that searched a capacity (visitors/s, requests/s in the label), the SLO in the subtitle;
     * injector-bound bars marked "≥ N (injector-bound)", steps where no level held "< N"; null without a capacity
     * search.
     */
    public Chart capacity() {
        List<StepCapacity> steps = StepCapacity.of(ladder);
        if (steps.isEmpty()) {
            return null;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Paint> paints = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean anyLower = false;
        boolean anyUpper = false;
        for (StepCapacity c : steps) {
            data.addValue(c.barVisitorsPerSec(), "Capacity", uniqueCategory(data, label(c.step())));
            anyLower |= c.capacity().atLeast();
            anyUpper |= c.capacity().atMost();
            paints.add(c.capacity().atLeast() ? ChartStyle.ORANGE : c.capacity().atMost() ? ChartStyle.RED
                    : ChartStyle.BLUE);
            labels.add(c.barLabel());
        }
        NumberAxis axis = numberAxis("Capacity (visitors/s)");
        // room on the right for the longest label ("≥ 120 · 540 req/s (injector-bound)")
        axis.setUpperMargin(labels.stream().anyMatch(l -> l.contains("injector")) ? 0.7 : 0.35);
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int series, int column) {
                return paints.get(column);
            }
        };
        styleBars(renderer);
        renderer.setMaximumBarWidth(0.7);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.category.CategoryDataset dataset, int row, int column) {
                return labels.get(column);
            }
        });
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(ChartStyle.TICK);
        renderer.setDefaultItemLabelPaint(ChartStyle.INK);
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3,
                TextAnchor.CENTER_LEFT));
        renderer.setItemLabelAnchorOffset(4);
        CategoryAxis stepAxis = new CategoryAxis(null);
        CategoryPlot plot = new CategoryPlot(data, stepAxis, axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setNoDataMessage("no data recorded");
        JFreeChart chart = new JFreeChart("Capacity per step", ChartStyle.TITLE, plot, false);
        StringBuilder sub = new StringBuilder("SLO " + StepCapacity.sloText(steps)
                + "; the highest rate that held, and held again when confirmed");
        if (anyLower) {
            sub.append(". Orange: at least this much (the injector was the limit, or the highest rate tried held)");
        }
        if (anyUpper) {
            sub.append(". Red: no level held, capacity below the bar");
        }
        ChartStyle.apply(chart, sub.toString());
        stepAxis.setCategoryMargin(0.3);
        return render("capacity", chart, WIDTH, HEIGHT);
    }

    /**
     * p95 against achieved requests per second for every level of every step's capacity search, one line per step
     * (levels by offered rate), the SLO's p95 as a horizontal line: where each curve bends up is the step's knee;
     * null without levels.
     */
    public Chart latencyAgainstThroughput() {
        List<StepCapacity> steps = StepCapacity.of(ladder);
        XYSeriesCollection data = new XYSeriesCollection();
        List<List<Boolean>> held = new ArrayList<>();
        for (StepCapacity c : steps) {
            XYSeries series = new XYSeries(uniqueSeries(data, label(c.step())), false, true);
            List<Boolean> heldFlags = new ArrayList<>();
            for (CapacityLevel level : c.levelsByOfferedRate()) {
                if (level.latencyMs() == null || !(level.latencyMs().p95() > 0)) {
                    continue;
                }
                series.add(level.achievedRps(), level.latencyMs().p95());
                heldFlags.add(level.held());
            }
            if (series.getItemCount() > 0) {
                data.addSeries(series);
                held.add(heldFlags);
            }
        }
        if (data.getSeriesCount() == 0) {
            return null;
        }
        NumberAxis x = numberAxis("Achieved throughput (req/s)");
        x.setAutoRangeIncludesZero(true);
        x.setUpperMargin(0.05);
        LogAxis y = logAxis("p95 response time (ms, log scale)");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true) {
            @Override
            public boolean getItemShapeFilled(int series, int item) {
                return held.get(series).get(item);
            }
        };
        r.setUseFillPaint(false);
        r.setDrawOutlines(true);
        r.setUseOutlinePaint(false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, ChartStyle.series(i));
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        java.util.Set<Double> sloLines = new java.util.LinkedHashSet<>();
        steps.forEach(c -> sloLines.add(c.slo().p95Ms()));
        double top = 0;
        for (int i = 0; i < data.getSeriesCount(); i++) {
            top = Math.max(top, data.getSeries(i).getMaxY());
        }
        for (double p95 : sloLines) {
            plot.addRangeMarker(dashedMarker(p95, ChartStyle.RED, 1.5f, "SLO p95 " + Format.number(p95) + " ms",
                    RectangleAnchor.TOP_RIGHT, TextAnchor.BOTTOM_RIGHT));
            top = Math.max(top, p95);
        }
        y.setAutoRange(true);
        y.setUpperBound(Math.max(y.getUpperBound(), top * 1.5));
        JFreeChart chart = new JFreeChart("Latency against throughput per step", ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart, "Every load level of the capacity search by offered rate; filled: the level held the"
                + " SLO, hollow: it did not. Where a curve bends up is the step's knee.");
        return render("latency-throughput", chart, WIDTH, HEIGHT);
    }

    /**
     * Capacity against app instances: the measured points (lower bounds marked), the fitted Universal Scalability
     * Law to about twice the largest measured count or past the peak, labelled with σ, κ, the peak and the
     * machine's cores; null without a fit.
     */
    public Chart usl() {
        UslFit fit = ladder.summary().usl();
        if (fit == null) {
            return null;
        }
        XYSeries measured = new XYSeries("Measured capacity", false, true);
        XYSeries bound = new XYSeries("Measured, injector-bound (at least)", false, true);
        int maxN = 1;
        for (UslPoint p : fit.points()) {
            (p.injectorBound() ? bound : measured).add(p.instances(), p.requestsPerSec());
            maxN = Math.max(maxN, p.instances());
        }
        double end = 2.0 * maxN;
        if (fit.peakInstances() != null && fit.peakInstances() <= 8.0 * maxN) {
            end = Math.max(end, fit.peakInstances() * 1.3);
        }
        XYSeries curve = new XYSeries("USL fit", true, false);
        int samples = 120;
        for (int i = 0; i <= samples; i++) {
            double n = 1 + (end - 1) * i / samples;
            curve.add(n, fit.predict(n));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(curve);
        data.addSeries(measured);
        if (bound.getItemCount() > 0) {
            data.addSeries(bound);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, ChartStyle.SLATE);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesShapesVisible(0, false);
        r.setSeriesPaint(1, ChartStyle.BLUE);
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShape(1, new Ellipse2D.Double(-5, -5, 10, 10));
        r.setSeriesPaint(2, ChartStyle.ORANGE);
        r.setSeriesLinesVisible(2, false);
        r.setSeriesShape(2, new Rectangle(-5, -5, 10, 10));
        NumberAxis x = numberAxis("App instances");
        x.setAutoRangeIncludesZero(true);
        x.setUpperMargin(0.02);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = numberAxis("Capacity (req/s)");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, x, y, r);
        String peak;
        if (fit.peakInstances() != null) {
            peak = "predicted peak " + Format.number(fit.peakInstances()) + " instances at "
                    + Format.number(fit.peakRequestsPerSec()) + " req/s";
            if (fit.peakInstances() <= end) {
                plot.addDomainMarker(dashedMarker(fit.peakInstances(), ChartStyle.RED, 1.5f, "peak "
                        + Format.number(fit.peakInstances()), RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT));
            }
        } else {
            peak = fit.sigma() >= 1 ? "no peak: one instance carries the most"
                    : "no peak: capacity keeps rising, ever more slowly";
        }
        JFreeChart chart = new JFreeChart(label(fit.step()) + ": capacity against instances (USL)",
                ChartStyle.TITLE, plot, true);
        ChartStyle.apply(chart, Usl.parameters(fit) + ", " + peak + "; instances share this machine's "
                + fit.cores() + (fit.cores() == 1 ? " core" : " cores"));
        return render("usl", chart, WIDTH, HEIGHT);
    }

    private static String uniqueCategory(DefaultCategoryDataset data, String label) {
        String key = label;
        for (int i = 2; data.getColumnIndex(key) >= 0; i++) {
            key = label + " (" + i + ")";
        }
        return key;
    }

    private static String uniqueSeries(XYSeriesCollection data, String label) {
        String key = label;
        for (int i = 2; data.getSeriesIndex(key) >= 0; i++) {
            key = label + " (" + i + ")";
        }
        return key;
    }

    private static XYPlot subplot(List<TimeSample> samples, String name, String axisLabel,
                                  Function<TimeSample, Double> value, Color color) {
        XYSeries series = new XYSeries(name, true, true);
        boolean any = false;
        for (TimeSample s : samples) {
            Double v = value.apply(s);
            series.add(s.second(), v);
            any |= v != null;
        }
        XYSeriesCollection data = any ? new XYSeriesCollection(series) : new XYSeriesCollection();
        NumberAxis y = numberAxis(axisLabel);
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, color);
        r.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot p = new XYPlot(data, null, y, r);
        p.setNoDataMessage("not recorded");
        ChartStyle.xy(p);
        return p;
    }

    private static void put(DefaultCategoryDataset data, String series, StepRow row, MetricCell cell,
                            boolean positiveOnly) {
        Double v = cell != null && cell.hasValue() ? cell.median() : null;
        if (v != null && positiveOnly && v <= 0) {
            v = null;
        }
        data.addValue(v, series, categoryLabel(row.name()));
    }

    private static JFreeChart barChart(String title, DefaultCategoryDataset data, ValueAxis rangeAxis,
                                       IntFunction<Paint> paint) {
        CategoryAxis x = new CategoryAxis(null);
        BarRenderer renderer = new BarRenderer();
        styleBars(renderer);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, paint.apply(i));
        }
        renderer.setIncludeBaseInRange(!(rangeAxis instanceof LogAxis));
        CategoryPlot plot = new CategoryPlot(data, x, rangeAxis, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setNoDataMessage("no data recorded");
        return new JFreeChart(title, ChartStyle.TITLE, plot, data.getRowCount() > 1);
    }

    private static void styleBars(BarRenderer renderer) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.04);
        renderer.setMaximumBarWidth(0.12);
    }

    private static NumberAxis numberAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.US)));
        axis.setUpperMargin(0.12);
        return axis;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new PlainLogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(0.01);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setMinorTickCount(0);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.US)));
        axis.setUpperMargin(0.1);
        return axis;
    }

    private static String label(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_LABEL ? oneLine : oneLine.substring(0, MAX_LABEL - 1) + "\u2026";
    }

    /**
     * A step name as a category label, broken after hyphens and spaces into lines of at most
     * {@link #LINE_CHARS} characters, so that "connection-pool" reads "connection-" / "pool" instead of being
     * cut inside a word.
     */
    static String categoryLabel(String s) {
        String text = label(s);
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String part : text.split("(?<=[- /])")) {
            if (line.length() > 0 && line.length() + part.length() > LINE_CHARS) {
                out.append(line.toString().stripTrailing()).append('\n');
                line.setLength(0);
            }
            line.append(part);
        }
        return out.append(line.toString().stripTrailing()).toString();
    }

    private static Chart render(String id, JFreeChart chart, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        String element = g2.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null);
        String svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element;
        return new Chart(id, chart.getTitle().getText(), svg, width, height);
    }

    /** A dashed line across the plot at {@code value}, labelled in the line's colour on a clear background. */
    private static ValueMarker dashedMarker(double value, Color color, float width, String label, RectangleAnchor anchor,
                                            TextAnchor textAnchor) {
        ValueMarker marker = new ValueMarker(value, color, new BasicStroke(width, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f));
        marker.setLabel(label);
        marker.setLabelFont(ChartStyle.TICK);
        marker.setLabelPaint(color);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        marker.setLabelAnchor(anchor);
        marker.setLabelTextAnchor(textAnchor);
        return marker;
    }
}
