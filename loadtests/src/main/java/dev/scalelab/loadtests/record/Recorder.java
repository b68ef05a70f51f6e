package dev.scalelab.loadtests.record;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Records what the simulations observe, thread-safe and cheap enough to sit in every request's
 * path: one {@link #end(Observation)} per response, a few synchronized counter updates on that
 * route and on the current second.
 *
 * <p>Phases are decided by when a request was <em>issued</em>: before {@code warmup} it is
 * warm-up, after {@code warmup + duration} it belongs to the drain (visits finishing), in between
 * it is measured.
 */
public final class Recorder {

    /** How many identity-leak examples are kept. */
    public static final int LEAK_EXAMPLES = 10;

    /** Phase of a request, by the time it was issued. */
    public enum Phase { WARMUP, MEASURE, DRAIN }

    /** Facts about the run that only the simulation knows. */
    public record RunFacts(String simulation, String baseUrl, boolean recorder, Map<String, String> parameters,
                           long visitors, long signedInVisitors, long usersAvailable) {
    }

    /** Figures so far, for progress lines. */
    public record Progress(double elapsedSec, Phase phase, long requests, long ko, long identityLeaks,
                           long connectionErrors, long recentP95Ms) {
    }

    private final LongSupplier nanoTime;
    private final Clock clock;
    private final long warmupNanos;
    private final long measureEndNanos;
    private volatile long startNanos;
    private volatile long startEpochMs;
    private volatile boolean started;

    private final Map<RouteKey, RouteStats> routes = new ConcurrentHashMap<>();
    private final Map<Integer, Second> seconds = new ConcurrentHashMap<>();
    private volatile Second currentSecond;
    private final LongAdder visitsStarted = new LongAdder();
    private final LongAdder visitsFinished = new LongAdder();
    private final PhaseCounter warmup = new PhaseCounter();
    private final PhaseCounter drain = new PhaseCounter();
    private final PhaseCounter measured = new PhaseCounter();
    private final List<ClientResults.LeakExample> leakExamples = new ArrayList<>();
    private volatile long lastEndNanos;
    /** Visitors per second the injector was told to start at regular intervals; 0 when it starts them otherwise. */
    private volatile double arrivalsPerSec;
    /** Per arrival: when it started after its slot in a schedule that begins at time zero, in microseconds. */
    private final Histogram arrivalOffsets = new Histogram(2);
    private long arrivals;

    /**
     * @param nanoTime monotonic clock in nanoseconds (tests pass a fake one)
     * @param clock    wall clock for the timestamps written to the results
     * @param warmup   length of the warm-up, zero for none
     * @param duration length of the measurement window after warm-up; null for unbounded
     */
    public Recorder(LongSupplier nanoTime, Clock clock, Duration warmup, Duration duration) {
        this.nanoTime = Objects.requireNonNull(nanoTime);
        this.clock = Objects.requireNonNull(clock);
        if (warmup.isNegative() || (duration != null && duration.isNegative())) {
            throw new IllegalArgumentException("warm-up and duration must not be negative: " + warmup + ", " + duration);
        }
        this.warmupNanos = warmup.toNanos();
        this.measureEndNanos = duration == null ? Long.MAX_VALUE : warmupNanos + duration.toNanos();
        start();
    }

    /** A recorder on the system clocks. */
    public static Recorder system(Duration warmup, Duration duration) {
        return new Recorder(System::nanoTime, Clock.systemUTC(), warmup, duration);
    }

    /** (Re)sets time zero: call when injection starts. Observations must come after. */
    public void start() {
        startNanos = nanoTime.getAsLong();
        startEpochMs = clock.millis();
        lastEndNanos = startNanos;
        currentSecond = null;
        synchronized (arrivalOffsets) {
            arrivals = 0;
            arrivalOffsets.reset();
        }
        started = true;
    }

    /** Time zero on the recorder's clock ({@link #now()}). */
    public long startNanos() {
        return startNanos;
    }

    /** Time zero on the wall clock. */
    public long startEpochMs() {
        return startEpochMs;
    }

    /** Now, on the recorder's clock. */
    public long now() {
        return nanoTime.getAsLong();
    }

    /**
     * Tells the recorder that the injector starts visitors at regular intervals, {@code perSecond} of them a second,
     * from time zero on (an open model's constant arrival rate), so that it can tell how late each one started.
     */
    public void scheduleArrivals(double perSecond) {
        if (!(perSecond > 0) || !Double.isFinite(perSecond)) {
            throw new IllegalArgumentException("arrival rate: expected > 0 visitors/s, found " + perSecond);
        }
        arrivalsPerSec = perSecond;
    }

    /** A virtual user started its visit. */
    public void visitStarted() {
        visitsStarted.increment();
        double rate = arrivalsPerSec;
        if (rate > 0) {
            synchronized (arrivalOffsets) {
                long slot = startNanos + Math.round(arrivals++ * 1e9 / rate);
                arrivalOffsets.recordValue(Math.max(0, (nanoTime.getAsLong() - slot) / 1000));
            }
        }
    }

    /**
     * How late the injector started visitors against its schedule ({@link #scheduleArrivals}), in milliseconds: the
     * 95th percentile and the maximum of each start's delay after its slot, the schedule shifted to the visitor that
     * started earliest for its slot (so the time Gatling takes to start injecting counts as no delay); null without a
     * schedule or an arrival.
     */
    public ClientResults.ArrivalLag arrivalLag() {
        synchronized (arrivalOffsets) {
            if (arrivalsPerSec <= 0 || arrivalOffsets.getTotalCount() == 0) {
                return null;
            }
            // each value at the low end of its bucket, so equal delays subtract to exactly nothing
            long min = arrivalOffsets.getMinValue();
            long p95 = arrivalOffsets.lowestEquivalentValue(arrivalOffsets.getValueAtPercentile(95));
            long max = arrivalOffsets.lowestEquivalentValue(arrivalOffsets.getMaxValue());
            return new ClientResults.ArrivalLag(arrivalOffsets.getTotalCount(), (p95 - min) / 1000.0,
                    (max - min) / 1000.0);
        }
    }

    /** A virtual user finished its visit (visits cut by the run's end never do). */
    public void visitFinished() {
        visitsFinished.increment();
    }

    /**
     * The recording handle of one request name and audience: the simulations take it once, when
     * they build a request, so recording a response needs no lookup.
     */
    public Route route(String name, String audience) {
        return new Route(routes.computeIfAbsent(new RouteKey(name, audience), k -> new RouteStats(k.name, k.audience)));
    }

    /** Where the responses of one request name go; see {@link #route}. */
    public final class Route {
        private final RouteStats stats;

        private Route(RouteStats stats) {
            this.stats = stats;
        }

        /** Records one completed request of this route (its name and audience must be this route's). */
        public Outcome end(Observation o) {
            return Recorder.this.end(o, stats);
        }
    }

    public Phase phaseAt(long nanos) {
        long sinceStart = nanos - startNanos;
        if (sinceStart < warmupNanos) {
            return Phase.WARMUP;
        }
        return sinceStart >= measureEndNanos ? Phase.DRAIN : Phase.MEASURE;
    }

    /** Records one completed request; returns its outcome (the simulation does not need it, tests do). */
    public Outcome end(Observation o) {
        return end(o, null);
    }

    private Outcome end(Observation o, RouteStats knownRoute) {
        if (!started) {
            throw new IllegalStateException("recorder not started");
        }
        Outcome outcome = Outcome.of(o);
        // Gatling's response time; without a response, the time from issue to failure when the
        // caller knew the issue time, else unknown (-1: counted, but kept out of the histograms).
        long latencyMs = o.responseTimeMs() != null
                ? Math.max(0, o.responseTimeMs())
                : o.endNanos() > o.startNanos() ? (o.endNanos() - o.startNanos()) / 1_000_000 : -1;
        boolean connectionError = dev.scalelab.loadtests.probe.DbError.isConnectionRefused(o.status(), o.dbError());
        boolean leak = outcome.kind() == Outcome.Kind.IDENTITY_LEAK;

        Phase phase = phaseAt(o.startNanos());
        switch (phase) {
            case WARMUP -> warmup.add(outcome, leak, connectionError);
            case DRAIN -> drain.add(outcome, leak, connectionError);
            case MEASURE -> {
                measured.add(outcome, leak, connectionError);
                RouteStats route = knownRoute != null ? knownRoute
                        : routes.computeIfAbsent(new RouteKey(o.name(), o.audience()), k -> new RouteStats(k.name, k.audience));
                route.add(o, outcome, latencyMs);
            }
        }
        if (leak) {
            synchronized (leakExamples) {
                if (leakExamples.size() < LEAK_EXAMPLES) {
                    String saw = dev.scalelab.loadtests.probe.Identity.seen(o.greeting());
                    leakExamples.add(new ClientResults.LeakExample(o.name(), o.path(),
                            o.user() == null ? dev.scalelab.loadtests.probe.Identity.ANONYMOUS : o.user(), o.expectedIdentity(),
                            saw, (o.startNanos() - startNanos) / 1e9, phase == Phase.WARMUP));
                }
            }
        }
        int second = (int) Math.max(0, (o.endNanos() - startNanos) / 1_000_000_000L);
        Second bucket = currentSecond;
        if (bucket == null || bucket.index != second) {
            bucket = seconds.computeIfAbsent(second, Second::new);
            if (currentSecond == null || second > currentSecond.index) {
                currentSecond = bucket;
            }
        }
        bucket.add(latencyMs, outcome.ok(), connectionError);
        if (o.endNanos() > lastEndNanos) {
            lastEndNanos = o.endNanos();
        }
        return outcome;
    }

    /** Visits started and not (yet) finished. */
    public long visitsInProgress() {
        return visitsStarted.sum() - visitsFinished.sum();
    }

    public Progress progress() {
        long now = nanoTime.getAsLong();
        int currentSecond = (int) ((now - startNanos) / 1_000_000_000L);
        Histogram recent = new Histogram(2);
        for (int s = Math.max(0, currentSecond - 5); s <= currentSecond; s++) {
            Second bucket = seconds.get(s);
            if (bucket != null) {
                bucket.addTo(recent);
            }
        }
        long requests = warmup.requests.sum() + measured.requests.sum() + drain.requests.sum();
        long ko = warmup.ko.sum() + measured.ko.sum() + drain.ko.sum();
        long leaks = warmup.leaks.sum() + measured.leaks.sum() + drain.leaks.sum();
        long connectionErrors = warmup.connectionErrors.sum() + measured.connectionErrors.sum()
                + drain.connectionErrors.sum();
        return new Progress((now - startNanos) / 1e9, phaseAt(now), requests, ko, leaks, connectionErrors,
                recent.getTotalCount() == 0 ? 0 : recent.getValueAtPercentile(95));
    }

    /** The results so far; call once injection is over. */
    public ClientResults results(RunFacts facts, ClientResults.InjectorStats injector) {
        long endNanos = Math.max(lastEndNanos, startNanos);
        double measuredSec = measureEndNanos == Long.MAX_VALUE
                ? Math.max(0, endNanos - startNanos - warmupNanos) / 1e9
                : (measureEndNanos - warmupNanos) / 1e9;
        List<RouteStats> ordered = new ArrayList<>(routes.values());
        ordered.sort(Comparator.comparing((RouteStats r) -> r.name)
                .thenComparing(r -> r.audience == null ? "" : r.audience));
        RouteStats total = new RouteStats("all", null);
        List<ClientResults.RouteResult> routeResults = new ArrayList<>();
        for (RouteStats r : ordered) {
            routeResults.add(r.result(measuredSec));
            total.merge(r);
        }
        List<ClientResults.SecondSample> series = new ArrayList<>();
        int last = seconds.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        for (int s = 0; s <= last; s++) {
            Second bucket = seconds.get(s);
            series.add(bucket == null ? new ClientResults.SecondSample(s, 0, 0, 0, 0) : bucket.sample());
        }
        List<ClientResults.LeakExample> examples;
        synchronized (leakExamples) {
            examples = List.copyOf(leakExamples);
        }
        long endEpochMs = startEpochMs + (endNanos - startNanos) / 1_000_000;
        ClientResults.RunInfo run = new ClientResults.RunInfo(facts.baseUrl(), facts.recorder(), startEpochMs,
                startEpochMs + warmupNanos / 1_000_000, endEpochMs, measuredSec,
                facts.visitors(), facts.signedInVisitors(), facts.usersAvailable(), facts.parameters());
        ClientResults.RouteResult totalResult = total.result(measuredSec);
        return new ClientResults(ClientResults.SCHEMA_VERSION, facts.simulation(), run, totalResult, routeResults,
                new ClientResults.IdentityLeaks(totalResult.identityChecks(), totalResult.identityLeaks(), examples),
                warmup.counts(), drain.counts(), Math.max(0, visitsInProgress()), series, injector);
    }

    private record RouteKey(String name, String audience) {
    }

    private static final class PhaseCounter {
        final LongAdder requests = new LongAdder();
        final LongAdder ko = new LongAdder();
        final LongAdder leaks = new LongAdder();
        final LongAdder connectionErrors = new LongAdder();

        void add(Outcome outcome, boolean leak, boolean connectionError) {
            requests.increment();
            if (!outcome.ok()) {
                ko.increment();
            }
            if (leak) {
                leaks.increment();
            }
            if (connectionError) {
                connectionErrors.increment();
            }
        }

        ClientResults.PhaseCounts counts() {
            return new ClientResults.PhaseCounts(requests.sum(), ko.sum(), leaks.sum(), connectionErrors.sum());
        }
    }

    private static final class Second {
        final int index;
        private final Histogram latency = new Histogram(2);
        private long requests;
        private long ko;
        private long connectionErrors;

        Second(int index) {
            this.index = index;
        }

        synchronized void add(long latencyMs, boolean ok, boolean connectionError) {
            if (latencyMs >= 0) {
                latency.recordValue(latencyMs);
            }
            requests++;
            if (!ok) {
                ko++;
            }
            if (connectionError) {
                connectionErrors++;
            }
        }

        synchronized void addTo(Histogram h) {
            h.add(latency);
        }

        synchronized ClientResults.SecondSample sample() {
            return new ClientResults.SecondSample(index, requests, ko, connectionErrors,
                    latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(95));
        }
    }
}
