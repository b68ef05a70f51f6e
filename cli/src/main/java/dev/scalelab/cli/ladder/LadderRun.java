package dev.scalelab.cli.ladder;

import dev.scalelab.app.DatabaseSettings;
import dev.scalelab.cli.ladder.Ladder.Step;
import dev.scalelab.cli.ladder.Ladder.Workload;
import dev.scalelab.reports.ReportGenerator;
import dev.scalelab.reports.ReportOptions;
import dev.scalelab.reports.ReportResult;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Climbs a ladder: prepares the shared database once, runs every step (interleaved over repeats: A B C … A B C …),
 * writes {@code summary.json} after every step (so an interrupted run keeps what finished) and the report at the end.
 *
 * <p>When the database stops during a step (killed, out of disk, restarted), that step ends in ERROR and the ladder
 * stops there: every later step would fail the same way and say nothing new. The summary and the report keep the
 * steps that finished, and the command exits with 1 (an ERROR is never as expected).
 */
public final class LadderRun {

    /**
     * @param quick    use the ladder's shorter workload
     * @param repeat   how many times every step runs
     * @param database where the data lives (embedded by default)
     * @param capacity the capacity search after each step's fixed-rate run ({@code --capacity}), empty without
     */
    public record Options(boolean quick, int repeat, DatabaseSettings database,
                          java.util.Optional<dev.scalelab.cli.capacity.CapacityPlan> capacity) {
        public Options {
            capacity = capacity == null ? java.util.Optional.empty() : capacity;
        }

        public Options(boolean quick, int repeat, DatabaseSettings database) {
            this(quick, repeat, database, java.util.Optional.empty());
        }
    }

    /** What a ladder run produced. */
    public record Outcome(Path runDir, RunSummary summary, ReportResult report, boolean interrupted) {
        /** Whether every step PASSED. */
        public boolean allPassed() {
            return !summary.steps().isEmpty() && summary.steps().stream().allMatch(s -> s.status() == StepStatus.PASSED);
        }
    }

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    /** App start, preflight and collection around each step's load, for the remaining-time estimate. */
    private static final Duration STEP_OVERHEAD = Duration.ofSeconds(4);

    private final Ladder ladder;
    private final List<Step> steps;
    private final Options options;
    private final Consumer<String> out;
    private final Clock clock;
    /** The scalability fit of the scale-out series ({@code --capacity} on a stack step); null without one. */
    private dev.scalelab.reports.model.UslFit usl;

    public LadderRun(Ladder ladder, List<Step> steps, Options options, Consumer<String> out, Clock clock) {
        this.ladder = ladder;
        this.steps = List.copyOf(steps);
        this.options = options;
        this.out = out;
        this.clock = clock;
    }

    /** A new, empty run folder under {@code parent}: never an existing one, so no run overwrites another. */
    public static Path newRunDir(Path parent, Clock clock) throws IOException {
        return newRunDir(parent, "", clock);
    }

    /** A new folder {@code parent/<prefix><timestamp>[-n]}, never one that exists. */
    public static Path newRunDir(Path parent, String prefix, Clock clock) throws IOException {
        Files.createDirectories(parent);
        String base = prefix + RUN_ID.format(clock.instant().atZone(ZoneId.systemDefault()));
        for (int i = 1; i < 1000; i++) {
            Path dir = parent.resolve(i == 1 ? base : base + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
        throw new IOException("no free run folder name under " + parent);
    }

    public Outcome run(Path runDir) throws Exception {
        Instant started = clock.instant();
        List<StepResult> results = new ArrayList<>();
        boolean interrupted = false;
        String stopped = null;
        int total = steps.size() * options.repeat();
        out.accept("run folder: " + runDir);
        // Steps on the user's own app need no database of scalelab's: none is started for a ladder of only those.
        boolean reference = steps.stream().anyMatch(Step::referenceApp);
        try (Environment env = reference ? Environment.prepare(options.database(), runDir, out) : null;
             StepExecutor executor = new StepExecutor(env, runDir, options.quick()).withCapacity(options.capacity())
                     .withScaleOut(ladder.scaleOutInstances())) {
            if (env != null) {
                out.accept("database: " + env.describe());
                Environment.connectionSetupMs(env.database, 15).ifPresent(ms -> out.accept("database: " + Environment.connectionSetupLine(ms)));
            }
            int k = 0;
            long stepsStart = System.nanoTime();
            for (int repeat = 1; repeat <= options.repeat() && !interrupted; repeat++) {
                for (Step step : steps) {
                    k++;
                    Workload w = workload(step);
                    String label = String.format(Locale.ROOT, "step %d/%d %s%s", k, total, step.name(),
                            options.repeat() > 1 ? " (repeat " + repeat + "/" + options.repeat() + ")" : "");
                    // the steps so far are the best guess for the rest; before the first, the workload's length
                    Duration remaining = k > 1
                            ? Duration.ofNanos((System.nanoTime() - stepsStart) / (k - 1) * (total - k + 1))
                            : estimate(total - k + 1, w);
                    out.accept(label + ": " + step.description() + " [about " + minutes(remaining) + " left in the ladder]");
                    Path stepDir = options.repeat() > 1 ? runDir.resolve(step.name()).resolve("repeat-" + repeat)
                            : runDir.resolve(step.name());
                    long t0 = System.nanoTime();
                    if (step.referenceApp()) {
                        try {
                            env.resetData();
                        } catch (java.sql.SQLException e) {
                            stopped = "the database stopped answering before " + step.name() + " ("
                                    + env.problem().orElse(String.valueOf(e.getMessage()).lines().findFirst().orElse(""))
                                    + ")";
                            break;
                        }
                    }
                    StepResult r;
                    try {
                        long stepStart = System.nanoTime();
                        r = executor.run(step, repeat, w, runDir, stepDir, line -> out.accept(String.format(Locale.ROOT,
                                "  %s [%.0f s]: %s", label, (System.nanoTime() - stepStart) / 1e9, line)));
                    } catch (InterruptedException e) {
                        interrupted = true;
                        out.accept(label + ": interrupted; writing the summary of the finished steps");
                        break;
                    }
                    r = StepVerdict.judge(r, step);
                    // A database that died during the step takes every later step with it: this one ends in ERROR
                    // (whatever its numbers looked like) and the ladder stops, keeping what finished.
                    java.util.Optional<String> dbProblem = step.referenceApp() ? env.problem() : java.util.Optional.empty();
                    if (dbProblem.isPresent()) {
                        r = r.toBuilder().status(StepStatus.ERROR).statusReason("the database stopped during the step ("
                                + dbProblem.get() + ")").build();
                        stopped = "the database stopped during " + step.name();
                    }
                    results.add(r);
                    if (executor.usl() != null) {
                        usl = executor.usl();
                    }
                    writeSummary(runDir, started, results, w);
                    out.accept(label + ": " + verdict(r) + String.format(Locale.ROOT, " (%.0f s)",
                            (System.nanoTime() - t0) / 1e9));
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                        break;
                    }
                    if (stopped != null) {
                        break;
                    }
                }
                if (stopped != null) {
                    out.accept("ladder stopped: " + stopped + "; the steps after it were not run; the summary and "
                            + "report keep the finished steps");
                    break;
                }
            }
        }
        RunSummary summary = writeSummary(runDir, started, results, steps.isEmpty() ? null : workload(steps.get(0)));
        out.accept("writing the report...");
        ReportResult report = ReportGenerator.generate(runDir, ReportOptions.defaults()
                .withProgress(stage -> out.accept("  report: " + stage)));
        return new Outcome(runDir, summary, report, interrupted);
    }

    private Workload workload(Step step) {
        return step.workload().orElse(options.quick() ? ladder.quick() : ladder.workload());
    }

    private Duration estimate(int stepsLeft, Workload w) {
        return Duration.ofSeconds(w.warmupSec() + w.durationSec()).plus(STEP_OVERHEAD).multipliedBy(stepsLeft);
    }

    private static String minutes(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }

    /** The story's visitor mix where the ladder sets it, e.g. {@code ; 60 % signed in, 100 % of signed-in visitors comment}. */
    private static String mix(Workload w) {
        StringBuilder mix = new StringBuilder();
        if (w.signedInShare() != null) {
            mix.append("; ").append(percent(w.signedInShare())).append(" % signed in");
        }
        if (w.commentShare() != null) {
            mix.append(mix.isEmpty() ? "; " : ", ").append(percent(w.commentShare()))
                    .append(" % of signed-in visitors comment");
        }
        if (w.thinkMinMs() != null) {
            mix.append(mix.isEmpty() ? "; " : ", ").append("think ").append(w.thinkMinMs()).append("-")
                    .append(w.thinkMaxMs()).append(" ms");
        }
        return mix.toString();
    }

    private RunSummary writeSummary(Path runDir, Instant started, List<StepResult> results, Workload w) {
        String workload = w == null ? null : String.format(Locale.ROOT, "%s, %s visitors/s for %d s after %d s warm-up%s%s%s",
                w.label(), trim(w.rate()), w.durationSec(), w.warmupSec(), mix(w),
                w.warmUpWrites() > 0 ? "; apps post and roll back " + w.warmUpWrites() + " comments before serving" : "",
                options.quick() ? "; apps on the client compiler only (--quick)" : "");
        RunSummary s = new RunSummary(RunSummary.SCHEMA_VERSION, runDir.getFileName().toString(), started.toString(),
                ladder.name(), workload, results, usl);
        s.write(runDir.resolve(RunSummary.FILE_NAME));
        return s;
    }

    static String verdict(StepResult r) {
        if (r.status() == StepStatus.ERROR || r.status() == StepStatus.SKIPPED) {
            return r.outcome() + (r.statusReason() == null ? "" : " (" + r.statusReason() + ")");
        }
        String base = r.outcome();
        String p95 = r.latencyMs() == null ? "-" : String.format(Locale.ROOT, "%.0f ms", r.latencyMs().p95());
        var home = r.routes().get("GET /");
        String statements = home == null || home.statementsPerRequest() == null ? "-"
                : String.format(Locale.ROOT, "%.0f", home.statementsPerRequest());
        var comment = r.routes().get(COMMENT_ROUTE);
        // with its sample size: a p95 of a dozen POSTs is close to their maximum
        String commentP95 = comment == null || comment.latencyMs() == null ? "-"
                : String.format(Locale.ROOT, "%.0f ms (%d POSTs)", comment.latencyMs().p95(), comment.requests());
        String line = String.format(Locale.ROOT, "%s: %d requests, %d KO, %.1f req/s, p95 %s, GET / statements %s, "
                        + "cache hit %s, leaks %d, connection errors %d, comment POST p95 %s", base, r.requests(), r.ko(),
                r.throughputRps(), p95, statements,
                r.cacheHitRate() == null ? "-" : String.format(Locale.ROOT, "%.0f %%", r.cacheHitRate() * 100),
                r.identityLeaks() == null ? 0 : r.identityLeaks(), r.connectionErrors() == null ? 0 : r.connectionErrors(),
                commentP95);
        AsyncJobs jobs = r.asyncJobs();
        if (jobs != null) {
            line += String.format(Locale.ROOT, ", jobs %d done / %d failed, enqueue-to-done p50 %s p95 %s",
                    jobs.succeeded(), jobs.failed(), ms(jobs.enqueueToDoneP50Ms()), ms(jobs.enqueueToDoneP95Ms()));
        }
        return r.statusReason() == null ? line : line + "; " + r.statusReason();
    }

    /** The slow POST of the story: its side work runs inline or queued. */
    static final String COMMENT_ROUTE = "POST /articles/{id}/comments";

    private static String ms(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f", share * 100);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
