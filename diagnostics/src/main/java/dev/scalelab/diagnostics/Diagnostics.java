package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.detect.DetectionSettings;
import dev.scalelab.diagnostics.detect.FrameFilter;
import dev.scalelab.diagnostics.detect.UnitAnalysis;
import dev.scalelab.diagnostics.sql.FingerprintCache;
import dev.scalelab.diagnostics.trace.TraceSink;
import dev.scalelab.diagnostics.trace.TraceWriter;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Query accounting for one application: wrap its {@link DataSource}, open a unit of work per
 * request, test or job, and read per-unit reports (statement count, time in the database, N+1 and
 * duplicate findings) and a per-route {@link #snapshot()}.
 *
 * <pre>{@code
 * Diagnostics diagnostics = Diagnostics.builder().build();
 * DataSource ds = diagnostics.wrap(pooledDataSource);
 * UnitScope unit = diagnostics.open("GET /articles/{id}");  ...  UnitReport report = unit.end();
 * }</pre>
 *
 * <p>Immutable after {@link Builder#build()} and thread-safe. Units are per instance: a statement
 * counts toward the units opened with the instance that wrapped its data source. {@link #close()}
 * flushes and closes the trace file, if any.
 */
public final class Diagnostics implements AutoCloseable {

    private final int threshold;
    private final StackMode stacks;
    private final boolean includeParameters;
    private final List<String> frameworkPrefixes;
    private final List<String> appPackages;
    private final int maxStatementsKeptPerUnit;
    private final Clock clock;
    private final DetectionSettings detection;
    private final FingerprintCache fingerprints = new FingerprintCache(10_000);
    private final Recorder recorder;
    private final TraceSink trace;
    private final Aggregator aggregator;
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);
    private final AtomicLong unitIds = new AtomicLong();
    private final LongAdder unscoped = new LongAdder();
    private volatile Instant since;
    private volatile long unscopedAtReset;

    private Diagnostics(Builder b, TraceSink trace) {
        this.threshold = b.threshold;
        this.stacks = b.stacks;
        this.includeParameters = b.includeParameters;
        this.frameworkPrefixes = List.copyOf(b.frameworkPrefixes);
        this.maxStatementsKeptPerUnit = b.maxStatementsKeptPerUnit;
        this.clock = b.clock;
        this.detection = DetectionSettings.defaults().withThreshold(threshold).withIncludeParameters(includeParameters);
        FrameFilter filter = new FrameFilter(frameworkPrefixes, b.appPackages);
        this.appPackages = filter.appPackages();
        this.recorder = new Recorder(this, stacks, new CapturedStack.Classifier(filter), b.sampledFirst, b.sampledOneIn);
        this.trace = trace;
        this.aggregator = new Aggregator(b.maxUnitNames);
        this.since = clock.instant();
    }

    /** A builder with every default; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Wraps a data source so every statement executed through it is recorded. Wrap the pool
     * (HikariCP) rather than the driver, so pooled connections are recorded too.
     */
    public DataSource wrap(DataSource target) {
        Objects.requireNonNull(target, "target");
        return ProxyDataSourceBuilder.create(target)
                .name("scalelab-diagnostics")
                .jdbcProxyFactory(new Recorder.ProxyFactory(recorder))
                .build();
    }

    /**
     * Opens a unit of work on the current thread. Nested opens are allowed: a statement counts
     * toward the innermost open unit and every unit enclosing it. Close units in reverse order
     * of opening (try-with-resources does).
     */
    public UnitScope open(String unitName) {
        ThreadState ts = threads.get();
        Unit parent = ts.activeUnit();
        Unit unit = new Unit(this, parent, unitIds.incrementAndGet(), unitName, maxStatementsKeptPerUnit,
                new UnitAnalysis(detection, fingerprints));
        ts.unit = unit;
        return unit;
    }

    /** The innermost unit open on the current thread (or handed to it by a propagating executor). */
    public Optional<UnitScope> current() {
        return Optional.ofNullable(threads.get().activeUnit());
    }

    /**
     * An executor whose tasks count toward the unit that was current when they were submitted,
     * e.g. for {@code CompletableFuture.supplyAsync(task, diagnostics.propagating(pool))}. Tasks
     * that run after that unit closed count toward no unit.
     */
    public Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(Objects.requireNonNull(task, "task")));
    }

    /** {@link #propagating(Executor)} for an {@link ExecutorService}; lifecycle calls go to the delegate. */
    public ExecutorService propagating(ExecutorService executor) {
        return new PropagatingExecutorService(Objects.requireNonNull(executor, "executor"));
    }

    /** Wraps a task so it runs in the unit current now. */
    public Runnable wrap(Runnable task) {
        Unit captured = threads.get().activeUnit();
        return () -> {
            ThreadState ts = threads.get();
            Unit previous = ts.unit;
            ts.unit = captured;
            try {
                task.run();
            } finally {
                ts.unit = previous;
            }
        };
    }

    /** Wraps a task so it runs in the unit current now. */
    public <T> Callable<T> wrap(Callable<T> task) {
        Unit captured = threads.get().activeUnit();
        return () -> {
            ThreadState ts = threads.get();
            Unit previous = ts.unit;
            ts.unit = captured;
            try {
                return task.call();
            } finally {
                ts.unit = previous;
            }
        };
    }

    /** Per-unit-name statistics since creation or the last {@link #reset()}. */
    public DiagnosticsSnapshot snapshot() {
        return aggregator.snapshot(since, clock.instant(), unscoped.sum() - unscopedAtReset);
    }

    /** Forgets all statistics; open units are not affected and are aggregated when they close. */
    public void reset() {
        aggregator.reset();
        unscopedAtReset = unscoped.sum();
        since = clock.instant();
    }

    /** Flushes and closes the trace file opened by {@link Builder#trace(Path)}. */
    @Override
    public void close() {
        trace.close();
    }

    /** The N+1 threshold in effect. */
    public int threshold() {
        return threshold;
    }

    /** Whether call stacks are captured ({@link StackMode#EXACT} or {@link StackMode#SAMPLED}). */
    public boolean capturesStacks() {
        return stacks != StackMode.OFF;
    }

    /** How call stacks are captured. */
    public StackMode stackMode() {
        return stacks;
    }

    /**
     * The application packages (without trailing dot); empty when not set, and then every class
     * under no framework prefix is the application's.
     */
    public List<String> appPackages() {
        return appPackages;
    }

    /** Whether examples and traces show parameter values. */
    public boolean includesParameters() {
        return includeParameters;
    }

    /** Class-name prefixes treated as framework code. */
    public List<String> frameworkPrefixes() {
        return frameworkPrefixes;
    }

    // ------------------------------------------------------------------ package-private plumbing

    ThreadState threadState() {
        return threads.get();
    }

    void countUnscoped() {
        unscoped.increment();
    }

    TraceSink trace() {
        return trace;
    }

    void closed(Unit unit, UnitReport report, boolean failed) {
        ThreadState ts = threads.get();
        if (ts.unit == unit) {
            ts.unit = unit.parent;
            ts.activeUnit();
        }
        aggregator.add(report, failed);
    }

    static String checkName(String unitName) {
        if (unitName == null || unitName.isBlank()) {
            throw new IllegalArgumentException("unit name: expected a non-blank name such as \"GET /articles/{id}\", found "
                    + (unitName == null ? "null" : "\"" + unitName + "\""));
        }
        return unitName;
    }

    private final class PropagatingExecutorService implements ExecutorService {
        private final ExecutorService delegate;

        PropagatingExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        private <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
            List<Callable<T>> out = new ArrayList<>(tasks.size());
            for (Callable<T> t : tasks) {
                out.add(wrap(t));
            }
            return out;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return delegate.submit(wrap(task), result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return delegate.submit(wrap(task));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return delegate.invokeAll(wrapAll(tasks), timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
            return delegate.invokeAny(wrapAll(tasks));
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.invokeAny(wrapAll(tasks), timeout, unit);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }

    /**
     * Settings, each with its default in one place. {@link #build()} reports every invalid setting
     * at once.
     */
    public static final class Builder {
        /** Default N+1 threshold: a read repeated this many times from one call stack. */
        public static final int DEFAULT_THRESHOLD = DetectionSettings.DEFAULT_THRESHOLD;
        /** Default statements buffered per unit before they are folded into the analysis. */
        public static final int DEFAULT_MAX_STATEMENTS_KEPT_PER_UNIT = 1_000;
        /** Default number of distinct unit names in the snapshot; more are counted as "(other units)". */
        public static final int DEFAULT_MAX_UNIT_NAMES = 1_000;

        private int threshold = DEFAULT_THRESHOLD;
        /** Default executions of one SQL in a unit whose stacks {@link StackMode#SAMPLED} always captures. */
        public static final int DEFAULT_SAMPLED_FIRST = 3;
        /** Default largest gap between captured stacks of one SQL in a unit in {@link StackMode#SAMPLED}. */
        public static final int DEFAULT_SAMPLED_ONE_IN = 16;

        private StackMode stacks = StackMode.EXACT;
        private int sampledFirst = DEFAULT_SAMPLED_FIRST;
        private int sampledOneIn = DEFAULT_SAMPLED_ONE_IN;
        private final List<String> frameworkPrefixes = new ArrayList<>(FrameFilter.DEFAULT_FRAMEWORK_PREFIXES);
        private final List<String> appPackages = new ArrayList<>();
        private boolean includeParameters;
        private Path tracePath;
        private Writer traceWriter;
        private Clock clock = Clock.systemUTC();
        private int maxStatementsKeptPerUnit = DEFAULT_MAX_STATEMENTS_KEPT_PER_UNIT;
        private int maxUnitNames = DEFAULT_MAX_UNIT_NAMES;

        private Builder() {
        }

        /** Minimum repetitions for an N+1 finding (default 3, at least 2). */
        public Builder threshold(int nPlusOne) {
            this.threshold = nPlusOne;
            return this;
        }

        /**
         * Whether to capture call stacks (default true): {@link StackMode#EXACT} or {@link StackMode#OFF}.
         * Without them findings have no call site, and one fingerprint repeated from two different
         * loops is reported as one finding.
         */
        public Builder captureStacks(boolean capture) {
            return stacks(capture ? StackMode.EXACT : StackMode.OFF);
        }

        /**
         * How call stacks are captured (default {@link StackMode#EXACT}); {@link StackMode#SAMPLED} for
         * apps under load, see {@link #sampledStacks(int, int)}.
         */
        public Builder stacks(StackMode mode) {
            this.stacks = mode;
            return this;
        }

        /**
         * The sampling of {@link StackMode#SAMPLED}: the stacks of the first {@code first} executions of
         * one SQL in a unit are captured (default 3), then at gaps of 2, 4, 8 … executions up to one in
         * {@code oneIn} (default 16). {@code oneIn} 1 captures every stack, as {@link StackMode#EXACT}.
         */
        public Builder sampledStacks(int first, int oneIn) {
            this.sampledFirst = first;
            this.sampledOneIn = oneIn;
            return this;
        }

        /** Adds class-name prefixes treated as framework code (e.g. {@code "com.example.platform."}). */
        public Builder addFrameworkPrefixes(String... prefixes) {
            frameworkPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /** Replaces the framework prefixes (the defaults are {@link FrameFilter#DEFAULT_FRAMEWORK_PREFIXES}). */
        public Builder frameworkPrefixes(List<String> prefixes) {
            frameworkPrefixes.clear();
            frameworkPrefixes.addAll(prefixes);
            return this;
        }

        /**
         * The application's own packages (default none), e.g. {@code "com.example"}: call sites are
         * then the innermost frame under one of them, also when that package is under a framework
         * prefix too (an app in {@code org.springframework.samples.petclinic}), and every other frame
         * counts as framework. Without them, a frame is the application's when it is under no framework
         * prefix. Replaces packages set before.
         */
        public Builder appPackages(Collection<String> packages) {
            appPackages.clear();
            appPackages.addAll(packages);
            return this;
        }

        /** {@link #appPackages(Collection)} with the packages as arguments. */
        public Builder appPackages(String... packages) {
            return appPackages(java.util.Arrays.asList(packages));
        }

        /** Whether finding examples and trace lines show parameter values (default false: redacted). */
        public Builder includeParameters(boolean include) {
            this.includeParameters = include;
            return this;
        }

        /** Writes a JSON Lines trace to this file (created or truncated by {@link #build()}). */
        public Builder trace(Path jsonLinesFile) {
            this.tracePath = jsonLinesFile;
            this.traceWriter = null;
            return this;
        }

        /** Writes a JSON Lines trace to this writer (flushed per unit, not closed by the library). */
        public Builder trace(Writer writer) {
            this.traceWriter = writer;
            this.tracePath = null;
            return this;
        }

        /** The clock for snapshot timestamps (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Statements buffered per unit before folding into the running analysis (default 1,000). */
        public Builder maxStatementsKeptPerUnit(int max) {
            this.maxStatementsKeptPerUnit = max;
            return this;
        }

        /** Distinct unit names kept in the snapshot (default 1,000). */
        public Builder maxUnitNames(int max) {
            this.maxUnitNames = max;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException listing every invalid setting
         * @throws UncheckedIOException     when the trace file cannot be opened
         */
        public Diagnostics build() {
            List<String> problems = new ArrayList<>();
            if (threshold < 2) {
                problems.add("threshold: expected >= 2 (one execution is never a loop), found " + threshold);
            }
            if (maxStatementsKeptPerUnit < 1) {
                problems.add("maxStatementsKeptPerUnit: expected >= 1, found " + maxStatementsKeptPerUnit);
            }
            if (maxUnitNames < 1) {
                problems.add("maxUnitNames: expected >= 1, found " + maxUnitNames);
            }
            if (clock == null) {
                problems.add("clock: expected a Clock, found null");
            }
            if (stacks == null) {
                problems.add("stacks: expected EXACT, SAMPLED or OFF, found null");
            }
            if (sampledFirst < 1 || sampledOneIn < 1) {
                problems.add("sampledStacks: expected first >= 1 and oneIn >= 1, found " + sampledFirst + " and "
                        + sampledOneIn);
            }
            for (String p : frameworkPrefixes) {
                if (p == null || p.isBlank()) {
                    problems.add("frameworkPrefixes: expected non-blank prefixes such as \"org.example.\", found "
                            + (p == null ? "null" : "\"" + p + "\""));
                }
            }
            problems.addAll(FrameFilter.checkAppPackages(appPackages));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid diagnostics settings: " + String.join("; ", problems));
            }
            TraceSink sink = TraceSink.NONE;
            if (tracePath != null) {
                try {
                    Path parent = tracePath.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    sink = new TraceWriter(Files.newBufferedWriter(tracePath, StandardCharsets.UTF_8), includeParameters,
                            true);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not open trace file " + tracePath + " for writing ("
                            + e.getMessage() + "); check that the directory is writable or choose another path", e);
                }
            } else if (traceWriter != null) {
                sink = new TraceWriter(traceWriter, includeParameters, false);
            }
            return new Diagnostics(this, sink);
        }
    }
}
