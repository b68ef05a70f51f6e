package dev.scalelab.cli.ladder;

import dev.scalelab.cli.capacity.Bottlenecks;
import dev.scalelab.cli.capacity.CapacityPlan;
import dev.scalelab.cli.capacity.CapacitySearch;
import dev.scalelab.cli.capacity.LevelMeasurement;
import dev.scalelab.cli.capacity.LevelRunner;
import dev.scalelab.cli.proc.PostgresSampler;
import dev.scalelab.cli.proc.QueueSampler;
import dev.scalelab.cli.proc.ResourceSampler;
import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.runner.LoadTestException;
import dev.scalelab.loadtests.runner.ResidentInjector;
import dev.scalelab.loadtests.runner.RunListener;
import dev.scalelab.loadtests.runner.RunOutcome;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.runner.SimulationRunner;
import dev.scalelab.reports.model.Bottleneck;
import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.StepResult;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The capacity search of one step ({@code --capacity}), after its fixed-rate run, on the same running app: each level
 * is a separate run of the step's workload on the resident injector, at a constant open arrival rate, with its own
 * warm-up and its own client results ({@code capacity/NN-phase-rate/}). Separate runs rather than one Gatling
 * injection profile of many levels: each level's percentiles, errors and visitors come whole from its own recorder,
 * with no level's slow tail leaking into the next, at the cost of a second or so between levels.
 */
final class StepCapacity implements LevelRunner {

    private final CapacityPlan plan;
    private final ResidentInjector injector;
    private final Target target;
    private final StepContext ctx;
    private final ResourceSampler resources;
    private final Optional<PostgresSampler> postgres;
    private final Consumer<String> progress;
    private int level;
    /**
     * Requests per visitor, for a level's offered requests/s: from the step's fixed-rate run (whose visits finish in
     * its drain) or the last level whose visits all finished; a level cut short keeps it.
     */
    private double requestsPerVisitor;

    StepCapacity(CapacityPlan plan, ResidentInjector injector, Target target, StepContext ctx,
                 ResourceSampler resources, Optional<PostgresSampler> postgres) {
        this.plan = plan;
        this.injector = injector;
        this.target = target;
        this.ctx = ctx;
        this.resources = resources;
        this.postgres = postgres;
        this.progress = ctx.progress();
    }

    /**
     * Seeds the requests per visitor from a run whose visits finished (the step's fixed-rate run); a first level cut
     * short would otherwise take its own, too low, figure.
     */
    StepCapacity requestsPerVisitor(double perVisitor) {
        if (perVisitor > 0 && Double.isFinite(perVisitor)) {
            requestsPerVisitor = perVisitor;
        }
        return this;
    }

    /** Requests per visitor of a run whose visits all finished; 0 when some were cut short or none ran. */
    static double requestsPerVisitor(ClientResults r) {
        long visitors = r.run().visitors();
        if (visitors == 0 || r.unfinishedVisits() != 0) {
            return 0;
        }
        return (double) (r.total().requests() + r.warmup().requests() + r.drain().requests()) / visitors;
    }

    /**
     * Runs the search, its ramp from {@code firstRate} (the capacity of the step before, or the settings' start), and
     * adds its capacity, levels and bottleneck to the step's result.
     */
    StepResult measure(StepResult fixed, double firstRate) throws InterruptedException {
        String step = ctx.step().name();
        postgres.ifPresent(p -> {
            try {
                p.start();
            } catch (SQLException e) {
                ctx.missing().add("capacity: PostgreSQL connections not sampled (" + e.getMessage() + ")");
            }
        });
        CapacitySearch.Result result = new CapacitySearch(this, plan.slo(), plan.settings(),
                l -> progress.accept(line(step, l)), firstRate).run();
        Bottleneck bottleneck = result.breaking() == null ? null : Bottlenecks.name(step, result.breaking(), plan.slo());
        var c = result.capacity();
        String figure = (c.atLeast() ? "at least " : c.atMost() ? "below " : "")
                + CapacitySearch.format(c.atMost() && c.visitorsPerSec() == 0
                ? result.levels().stream().mapToDouble(CapacityLevel::offeredVisitorsPerSec).min().orElse(0)
                : c.visitorsPerSec()) + " visitors/s"
                + (c.atMost() ? "" : String.format(Locale.ROOT, " (%.1f requests/s)", c.requestsPerSec()));
        progress.accept("capacity  " + step + "  " + figure + " within " + plan.slo().describe()
                + (c.injectorBound() ? ", injector-bound" : "")
                + (bottleneck == null ? "" : "; " + bottleneck.sentence())
                + (result.stoppedBy() == null || c.injectorBound() ? "" : " (" + result.stoppedBy() + ")"));
        if (result.stoppedBy() != null && result.stoppedBy().startsWith("a level could not run")) {
            ctx.missing().add("capacity: " + result.stoppedBy());
        }
        return fixed.toBuilder().capacity(c).levels(result.levels()).bottleneck(bottleneck)
                .dataMissing(ctx.missing()).build();
    }

    /**
     * The task queue's depth (jobs waiting, retrying or running) at the first and the last sample in
     * {@code [fromMs, toMs]}; null with fewer than two samples there.
     */
    static long[] queueDepth(java.util.List<QueueSampler.Sample> samples, long fromMs, long toMs) {
        var in = samples.stream().filter(x -> x.epochMs() >= fromMs && x.epochMs() <= toMs).toList();
        return in.size() < 2 ? null : new long[]{in.get(0).pending(), in.get(in.size() - 1).pending()};
    }

    /** The 95th percentile of how late the injector started the level's visitors; null when it did not say. */
    static Double arrivalLagMs(ClientResults r) {
        return r.injector() == null || r.injector().arrivalLag() == null ? null : r.injector().arrivalLag().p95Ms();
    }

    /** The injector's lateness a level line mentions: below it, the schedule was kept. */
    static final double SHOWN_LAG_MS = 10;

    /** {@code capacity  naive  ramp 4 visitors/s: p95 812 ms, 0.4 % errors — broke (p95 812 ms > 500 ms)} */
    static String line(String step, CapacityLevel l) {
        String p95 = l.latencyMs() == null ? "no response" : "p95 " + CapacitySearch.format(l.latencyMs().p95()) + " ms";
        String lag = l.injectorLagMs() == null || l.injectorLagMs() < SHOWN_LAG_MS ? ""
                : String.format(Locale.ROOT, ", injector %.0f ms late", l.injectorLagMs());
        return String.format(Locale.ROOT, "capacity  %s  %s %s visitors/s: %s, %s %% errors, %.1f of %.1f requests/s%s — %s",
                step, l.phase(), CapacitySearch.format(l.offeredVisitorsPerSec()), p95,
                CapacitySearch.format(l.errorRate() * 100), l.achievedRps(), l.offeredRps(), lag,
                l.held() ? "held" : "broke (" + l.reason() + ")");
    }

    @Override
    public LevelMeasurement run(String phase, double visitorsPerSec) throws LevelException, InterruptedException {
        var s = plan.settings();
        level++;
        Path dir = ctx.stepDir().resolve("capacity").resolve(String.format(Locale.ROOT, "%02d-%s-%s", level, phase,
                CapacitySearch.format(visitorsPerSec)));
        RunSettings.Builder b = StepExecutor.settings(ctx.workload(), target.baseUrl(), ctx.repeat(), dir)
                .rate(visitorsPerSec)
                .warmup(Duration.ofSeconds(s.warmupSec()))
                .duration(Duration.ofSeconds(s.levelSec()))
                .property("drainSec", Integer.toString(s.drainSec()))
                .gatlingReport(false);
        target.configure(b);
        RunOutcome outcome;
        try (SimulationRunner.Launch launch = injector.launch(b.build(), new RunListener() {
        })) {
            outcome = launch.go();
        } catch (LoadTestException e) {
            throw new LevelException(e.getMessage());
        }
        return measurement(outcome.results(), visitorsPerSec, s.warmupSec() + s.levelSec());
    }

    private LevelMeasurement measurement(ClientResults r, double rate, int injectSec) {
        ClientResults.RouteResult total = r.total();
        long visitors = r.run().visitors();
        double finished = requestsPerVisitor(r);
        if (finished > 0) {
            requestsPerVisitor = finished;
        } else if (requestsPerVisitor == 0 && visitors > 0) {
            requestsPerVisitor = (double) (total.requests() + r.warmup().requests() + r.drain().requests()) / visitors;
        }
        long from = r.run().measurementStartedAtEpochMs();
        long to = from + Math.round(r.run().measuredSec() * 1000);
        Map<String, Double> cores = new LinkedHashMap<>();
        Double host = null;
        for (var e : resources.usage(from, to + 500).entrySet()) {
            double mean = e.getValue().cpuPercent() / 100;
            if (e.getKey().equals(ResourceSampler.HOST)) {
                host = mean;
            } else if (!e.getKey().matches("app-\\d+")) {
                cores.put(e.getKey(), mean);
            }
        }
        Integer connections = postgres.map(p -> p.samples().stream()
                .filter(x -> x.epochMs() >= from && x.epochMs() <= to + 500)
                .mapToInt(PostgresSampler.Sample::connections).max().orElse(0)).orElse(null);
        Integer limit = postgres.map(PostgresSampler::maxConnections).orElse(null);
        Map<String, Long> messages = new LinkedHashMap<>();
        total.koMessages().forEach(m -> messages.put(m.message(), m.count()));
        long[] queue = target.queueSamples().map(q -> queueDepth(q, r.run().startedAtEpochMs(), to + 500))
                .orElse(null);
        double scheduled = rate * injectSec;
        double sent = scheduled <= 0 ? 1 : Math.min(1, visitors / Math.floor(scheduled));
        return new LevelMeasurement(rate, rate * requestsPerVisitor, total.throughputRps(),
                ResultMapping.latency(total.latencyMs()), total.requests(), total.ko(), messages,
                total.connectionErrorCodes(), cores, host, Runtime.getRuntime().availableProcessors(), connections,
                limit, arrivalLagMs(r), sent, queue == null ? null : queue[0], queue == null ? null : queue[1]);
    }
}
