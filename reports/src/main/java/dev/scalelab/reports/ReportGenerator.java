package dev.scalelab.reports;

import dev.scalelab.reports.charts.Chart;
import dev.scalelab.reports.charts.Charts;
import dev.scalelab.reports.compare.LadderComparison;
import dev.scalelab.reports.compare.StepRow;
import dev.scalelab.reports.html.HtmlReport;
import dev.scalelab.reports.io.AtomicFiles;
import dev.scalelab.reports.io.RunFolder;
import dev.scalelab.reports.markdown.MarkdownReport;
import dev.scalelab.reports.model.RunSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Writes {@value #HTML} and {@value #MARKDOWN} into a run folder from its {@code summary.json} and raw files.
 * Both files are replaced atomically; running it again regenerates them. Missing or corrupt raw files do not stop
 * it: the report shows a "data missing: …" note on the step instead.
 */
public final class ReportGenerator {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";

    private ReportGenerator() {
    }

    /** {@link #generate(Path, ReportOptions)} with {@link ReportOptions#defaults()}. */
    public static ReportResult generate(Path runDir) {
        return generate(runDir, ReportOptions.defaults());
    }

    /**
     * Reads {@code runDir/summary.json}, checks the raw files it links, and writes the reports into {@code runDir}.
     *
     * @throws ReportException with a one-line message when the folder or summary.json is missing, unreadable or
     *                         invalid, or the reports cannot be written
     */
    public static ReportResult generate(Path runDir, ReportOptions options) {
        long start = System.nanoTime();
        ReportProgress progress = options.progress();
        if (!Files.exists(runDir)) {
            throw new ReportException("run folder " + runDir + " does not exist: pass the folder that holds "
                    + RunSummary.FILE_NAME + " (runs/<timestamp>/)");
        }
        if (!Files.isDirectory(runDir)) {
            throw new ReportException(runDir + " is not a folder: pass the run folder that holds "
                    + RunSummary.FILE_NAME + ", not a file");
        }
        // loading the chart and template classes (and the fonts) takes as long as reading the summary: overlap them
        // (a failure here is ignored: drawing the charts meets it again and reports it)
        CompletableFuture<Void> preload = CompletableFuture.runAsync(ReportGenerator::preload)
                .exceptionally(e -> null);
        progress.stage("reading " + runDir.resolve(RunSummary.FILE_NAME));
        RunSummary summary = RunSummary.read(runDir.resolve(RunSummary.FILE_NAME));

        progress.stage("checking the raw files of " + summary.steps().size() + " step runs");
        LadderComparison ladder = LadderComparison.of(summary, new RunFolder(runDir), options.homeRoute());

        Charts charts = new Charts(ladder);
        preload.join();
        progress.stage("drawing the charts comparing steps and the time series of " + ladder.rows().size()
                + " steps");
        // charts are independent of each other: draw them on every core
        List<Supplier<Chart>> comparisonJobs = charts.comparisonChartJobs();
        List<Supplier<Chart>> seriesJobs = new ArrayList<>();
        List<Supplier<Chart>> stepJobs = new ArrayList<>();
        for (int i = 0; i < ladder.rows().size(); i++) {
            StepRow row = ladder.rows().get(i);
            int index = i + 1;
            seriesJobs.add(() -> charts.timeSeries(row, index));
            stepJobs.add(() -> charts.cpuBreakdown(row, index));
            stepJobs.add(() -> charts.queueDepth(row, index));
        }
        List<Chart> comparison = comparisonJobs.parallelStream().map(Supplier::get).toList();
        List<Chart> series = seriesJobs.parallelStream().map(Supplier::get).filter(Objects::nonNull).toList();
        List<Chart> stepCharts = stepJobs.parallelStream().map(Supplier::get).filter(Objects::nonNull).toList();
        List<Chart> capacity = charts.capacityChartJobs().parallelStream().map(Supplier::get)
                .filter(Objects::nonNull).toList();

        progress.stage("writing " + HTML + " and " + MARKDOWN);
        String html = HtmlReport.render(ladder, comparison, series, stepCharts, capacity,
                options.clock().instant());
        String md = MarkdownReport.render(ladder);
        Path htmlFile = runDir.resolve(HTML);
        Path mdFile = runDir.resolve(MARKDOWN);
        write(htmlFile, html);
        write(mdFile, md);

        List<String> missing = new ArrayList<>();
        ladder.rows().forEach(r -> r.dataMissing().forEach(d -> missing.add(r.name() + ": " + d)));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        progress.stage("wrote " + htmlFile + " in " + elapsed.toMillis() + " ms");
        return new ReportResult(htmlFile, mdFile, ladder.rows().size(), missing, elapsed);
    }

    /** Loads the template and the chart classes and sets up fonts, so that the first report does not wait for it. */
    private static void preload() {
        HtmlReport.preload();
        Charts.preload();
    }

    private static void write(Path file, String content) {
        try {
            AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReportException("cannot write " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage().strip().split("\\R", 2)[0])
                    + "; check that the run folder is writable", e);
        }
    }
}
