package dev.scalelab.loadtests.sim;

import static io.gatling.javaapi.http.HttpDsl.http;

import dev.scalelab.loadtests.probe.Preflight;
import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.record.Recorder;
import dev.scalelab.loadtests.workload.Workload;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every scalelab simulation does around its scenario: read and check its parameters, stop
 * when its parent process dies, check the target with {@code GET /health} before any load, start
 * the recorder when injection starts, print progress lines, and write the results file when the
 * last virtual user is done.
 *
 * <p>Lines meant for the runner start with {@value #PREFIX}; {@value #MEASUREMENT_STARTED} marks
 * the end of the warm-up.
 */
public abstract class ScalelabSimulation extends Simulation {

    public static final String PREFIX = "scalelab: ";
    public static final String MEASUREMENT_STARTED = PREFIX + "measurement started";
    public static final String PREFLIGHT_FAILED = PREFIX + "preflight failed: ";
    public static final String INVALID_PARAMETERS = PREFIX + "invalid parameters: ";
    public static final String RESULTS_WRITTEN = PREFIX + "results written to ";
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * System property naming a file: when set, the simulation boots, then waits for the file to exist before its
     * preflight and its first request, so the runner can start this JVM while the target is still starting.
     */
    public static final String START_SIGNAL_PROPERTY = "scalelab.startSignal";
    /** How long a simulation waits for its start signal before giving up. */
    static final Duration START_SIGNAL_TIMEOUT = Duration.ofMinutes(10);

    protected final SimulationParameters params;
    private final Optional<Path> startSignal;
    protected final Recorder recorder;
    protected final Requests requests;
    private final PrintStream out = System.out;
    private ScheduledExecutorService ticker;
    private long cpuStartNanos;
    private long wallStartNanos;
    private long gcStartMs;
    private volatile long measureCpuStartNanos;
    private volatile long measureWallStartNanos;

    protected ScalelabSimulation(SimulationKind kind) {
        SimulationParameters.Parsed parsed = SimulationParameters.fromSystemProperties(kind);
        if (!parsed.ok()) {
            fail(INVALID_PARAMETERS + parsed.message());
        }
        this.params = parsed.parameters();
        stopWithParent();
        this.startSignal = Optional.ofNullable(System.getProperty(START_SIGNAL_PROPERTY)).map(Path::of);
        if (startSignal.isEmpty()) {
            preflight();
        }
        this.recorder = Recorder.system(Duration.ofSeconds(params.warmupSec()),
                params.timed() ? Duration.ofSeconds(params.durationSec()) : null);
        this.requests = new Requests(recorder, params.record(), probing(params.workload()));
    }

    /** What the probes read: the workload file's probes, or the reference app's. */
    private static Requests.Probing probing(Workload workload) {
        if (workload == null) {
            return Requests.Probing.REFERENCE;
        }
        Workload.Probes p = workload.probes();
        return p.identity().map(i -> new Requests.Probing(p.cache(), i.regex(),
                        i.anonymous().filter(a -> !a.isEmpty()).orElse(null), i.anonymous().isPresent()))
                .orElseGet(() -> new Requests.Probing(p.cache(), null, null, false));
    }

    /** Protocol shared by the simulations: no redirects followed, no client cache, no warm-up call elsewhere. */
    protected HttpProtocolBuilder protocol() {
        return http.baseUrl(stripSlash(params.baseUrl().toString()))
                .disableFollowRedirect()
                .disableCaching()
                .disableWarmUp()
                .acceptHeader("text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8")
                .acceptLanguageHeader("en")
                .userAgentHeader("scalelab-loadtests");
    }

    /** Virtual users started so far, for the results. */
    protected abstract long visitors();

    /** Of which signed in. */
    protected abstract long signedInVisitors();

    /** Rows of the users CSV in use, 0 when none. */
    protected abstract long usersAvailable();

    /** When the measurement window closes: requests issued later measure nothing. */
    private volatile long windowEndNanos = Long.MAX_VALUE;

    /**
     * Whether the measurement window (warm-up plus duration) is over. Visits stop issuing requests then, so a
     * run ends once the requests in flight are answered instead of waiting for every visit to finish.
     */
    protected final boolean windowOver() {
        return System.nanoTime() > windowEndNanos;
    }

    /**
     * Milliseconds left in the measurement window (0 when it is over). Think times are cut to it, so at the end of the
     * window visits stop at once instead of thinking on for requests nobody measures.
     */
    protected final long millisLeftInWindow() {
        long left = windowEndNanos - System.nanoTime();
        return left <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(left) + 1;
    }

    @Override
    public final void before() {
        if (startSignal.isPresent()) {
            Preflight.warmUp();
            awaitStartSignal(startSignal.get());
            preflight();
        }
        recorder.start();
        // the window the visits see is the recorder's, to the nanosecond: a request the recorder files under the
        // drain was issued after windowOver() said so
        windowEndNanos = recorder.startNanos()
                + TimeUnit.SECONDS.toNanos((long) params.warmupSec() + params.durationSec());
        cpuStartNanos = processCpuNanos();
        wallStartNanos = System.nanoTime();
        gcStartMs = gcMillis();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scalelab-progress");
            t.setDaemon(true);
            return t;
        });
        if (params.warmupSec() == 0) {
            measurementStarts();
        } else {
            say("warm-up " + params.warmupSec() + " s, then measuring");
            ticker.schedule(this::measurementStarts, params.warmupSec(), TimeUnit.SECONDS);
        }
        ticker.scheduleAtFixedRate(this::progress, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void measurementStarts() {
        measureCpuStartNanos = processCpuNanos();
        measureWallStartNanos = System.nanoTime();
        out.println(MEASUREMENT_STARTED);
    }

    @Override
    public final void after() {
        ticker.shutdownNow();
        long now = System.nanoTime();
        long cpu = processCpuNanos();
        long wallMs = (now - wallStartNanos) / 1_000_000;
        long cpuMs = cpuStartNanos < 0 ? -1 : (cpu - cpuStartNanos) / 1_000_000;
        boolean measured = measureWallStartNanos != 0;
        long measuredWallMs = measured ? (now - measureWallStartNanos) / 1_000_000 : 0;
        long measuredCpuMs = measured && cpu >= 0 ? (cpu - measureCpuStartNanos) / 1_000_000 : 0;
        ClientResults.InjectorStats injector = new ClientResults.InjectorStats(cpuMs, wallMs, measuredCpuMs,
                measuredWallMs, gcMillis() - gcStartMs, Runtime.getRuntime().availableProcessors(),
                recorder.arrivalLag());
        Recorder.RunFacts facts = new Recorder.RunFacts(getClass().getSimpleName(), params.baseUrl().toString(),
                params.record(), params.given(), visitors(), signedInVisitors(), usersAvailable());
        ClientResults results = recorder.results(facts, injector);
        try {
            results.write(params.resultsFile());
            out.println(RESULTS_WRITTEN + params.resultsFile().toAbsolutePath());
        } catch (RuntimeException e) {
            out.println(PREFIX + "cannot write results: " + e.getMessage());
            throw e;
        }
        ClientResults.RouteResult total = results.total();
        say(String.format(Locale.ROOT, "measured %d requests in %.0f s (%.1f req/s), %d KO, p95 %d ms, "
                        + "%d identity leaks, %d connection errors; injector used %.2f cores%s",
                total.requests(), results.run().measuredSec(), total.throughputRps(), total.ko(),
                total.latencyMs().p95(), total.identityLeaks(), total.connectionErrors(), injector.cores(),
                injector.arrivalLag() == null ? "" : String.format(Locale.ROOT,
                        ", started visitors %.0f ms late (p95)", injector.arrivalLag().p95Ms())));
    }

    private void progress() {
        Recorder.Progress p = recorder.progress();
        say(String.format(Locale.ROOT, "progress %.0fs %s: %d requests, %d KO, %d identity leaks, "
                        + "%d connection errors, p95 %d ms (last 5 s)",
                p.elapsedSec(), p.phase().name().toLowerCase(Locale.ROOT), p.requests(), p.ko(), p.identityLeaks(),
                p.connectionErrors(), p.recentP95Ms()));
    }

    protected final void say(String message) {
        out.println(PREFIX + message);
    }

    private void preflight() {
        String health = params.workload() == null ? Preflight.DEFAULT_HEALTH_PATH : params.workload().probes().health();
        Preflight.Result preflight = Preflight.check(params.baseUrl(), health, PREFLIGHT_TIMEOUT);
        if (!preflight.ok()) {
            fail(PREFIX + preflight.problem());
        }
        say("preflight ok: GET " + preflight.url() + " answered 200 in " + preflight.elapsedMs() + " ms");
    }

    /** Waits, booted and idle, until the runner says the target is up (the file exists). */
    static void awaitStartSignal(Path signal) {
        long deadline = System.nanoTime() + START_SIGNAL_TIMEOUT.toNanos();
        while (!Files.exists(signal)) {
            if (System.nanoTime() > deadline) {
                fail(PREFIX + "no start signal (" + signal + ") within " + START_SIGNAL_TIMEOUT.toMinutes()
                        + " minutes; the runner that started this load test is gone");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(PREFIX + "interrupted while waiting for the start signal");
            }
        }
    }

    /** Prints the one line the runner turns into its error, then aborts the simulation's construction. */
    private static void fail(String line) {
        System.out.println(line);
        System.out.flush();
        throw new IllegalStateException(line.substring(PREFIX.length()));
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WATCHING_PARENT =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The Gatling JVM must not outlive whoever started it (the runner JVM killed, a terminal closed). Watched once
     * per JVM: a resident injector runs many simulations.
     */
    private static void stopWithParent() {
        if (!WATCHING_PARENT.compareAndSet(false, true)) {
            return;
        }
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println(PREFIX + "parent process " + parent.pid() + " ended; stopping");
            Runtime.getRuntime().halt(3);
        }));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
