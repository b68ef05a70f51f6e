package dev.scalelab.cli.ladder;

import dev.scalelab.cli.ladder.Ladder.Step;
import dev.scalelab.cli.ladder.Ladder.Workload;
import dev.scalelab.cli.capacity.CapacityPlan;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.PostgresSampler;
import dev.scalelab.cli.proc.Programs;
import dev.scalelab.cli.proc.ServerProcess;
import dev.scalelab.cli.proc.ResourceSampler;
import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.runner.LoadTestException;
import dev.scalelab.loadtests.runner.ResidentInjector;
import dev.scalelab.loadtests.runner.RunListener;
import dev.scalelab.loadtests.runner.RunOutcome;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.runner.SimulationRunner;
import dev.scalelab.reports.model.Finding;
import dev.scalelab.reports.model.StepLinks;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one step: starts the app the step's way (an {@link AppLauncher}: the reference app with switches, a command, a
 * git ref), loads it with the workload (the resident injector), then collects the client results, the app's own
 * accounting and the resource samples into a {@link StepResult}. A step that cannot start or crashes is ERROR with its
 * reason; one whose identity probe fired is FAILED.
 */
final class StepExecutor implements AutoCloseable {
    /** Share of article and profile views that go to the popular pages. */
    static final double HOT_SHARE = 0.95;
    /** The popular pages: the articles of the home page (its feed size) and as many users. */
    static final int HOT_PAGES = 60;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * JVM options of the apps in a short window (--quick): the client compiler only. A few seconds of load end long
     * before the server compiler's code would pay off, and meanwhile its compile threads took most of a core from the
     * app on two cores: the quick ladder ran 7 s shorter with these (80 s against 87 s, medians of three), and the apps
     * answered the whole offered load instead of 80–90 % of it. Every step gets the same, so steps still compare;
     * latencies are not comparable with a full ladder's, which runs the JVM's defaults.
     */
    static final List<String> SHORT_WINDOW_JVM = List.of("-XX:TieredStopAtLevel=1");

    /** How long a step waits after the load for the worker to finish the queued jobs. */
    static final Duration QUEUE_DRAIN = Duration.ofSeconds(45);

    private final Environment env;
    private final String sessionSecret = HexFormat.of().formatHex(random(24));
    /** One Gatling JVM for every step: booted once, warm for the steps after the first. */
    private final ResidentInjector injector;
    /** A quick ladder (--quick): short windows, no scale-out series. */
    private final boolean shortWindow;
    /** Options of the app and worker JVMs. */
    private final List<String> appJvmOptions;
    /** The capacity search after each step's fixed-rate run ({@code --capacity}); empty without one. */
    private Optional<CapacityPlan> capacity = Optional.empty();
    /** The capacity of the last step that found one (0: none yet); the next step's ramp starts one ramp step above. */
    private double lastCapacity;
    /** The scalability fit of the last stack step's scale-out series; null before one or when it could not fit. */
    private dev.scalelab.reports.model.UslFit usl;
    /** The instance counts of the scale-out series. */
    private List<Integer> scaleOut = ScaleOutSeries.INSTANCES;

    /**
     * With {@code shortWindow} (--quick) the app and worker JVMs compile with the client compiler only
     * ({@link #SHORT_WINDOW_JVM}).
     */
    StepExecutor(Environment env, Path runDir, boolean shortWindow) {
        this.env = env;
        this.injector = new ResidentInjector(runDir.resolve(".injector"));
        this.appJvmOptions = shortWindow ? SHORT_WINDOW_JVM : List.of();
        this.shortWindow = shortWindow;
    }

    /**
     * The instance counts of a stack step's scale-out series under a capacity search; empty for none. A quick ladder
     * runs no series.
     */
    StepExecutor withScaleOut(List<Integer> instances) {
        this.scaleOut = List.copyOf(instances);
        return this;
    }

    /** Adds a capacity search to every step after its fixed-rate run. */
    StepExecutor withCapacity(Optional<CapacityPlan> plan) {
        this.capacity = plan;
        return this;
    }

    /** Ends the injector's JVM. */
    @Override
    public void close() throws InterruptedException {
        injector.close();
    }

    /**
     * Runs one step in three parts: {@link AppLauncher#start start} the app the step's way, {@link #load load} it with
     * the workload, {@link #collect collect} the results.
     */
    StepResult run(Step step, int repeat, Workload workload, Path runDir, Path stepDir, Consumer<String> progress)
            throws InterruptedException {
        AppLauncher launcher = launcher(step);
        StepResult.Builder result = StepResult.builder(step.name(), StepStatus.PASSED).repeat(repeat)
                .switches(launcher.describe());
        try {
            Files.createDirectories(stepDir);
        } catch (IOException e) {
            return error(result, "cannot create " + stepDir + ": " + e.getMessage());
        }
        StepContext ctx = new StepContext(step, repeat, workload, runDir, stepDir, progress, new ArrayList<>());
        try (Target target = launcher.start(ctx); ResourceSampler resources = new ResourceSampler()) {
            RunOutcome outcome = load(target, ctx, resources);
            StepResult fixed = collect(result, target, outcome, resources, ctx);
            if (capacity.isEmpty() || fixed.status() == StepStatus.ERROR) {
                return fixed;
            }
            try (PostgresSampler pg = postgresSampler(step)) {
                double visitRequests = StepCapacity.requestsPerVisitor(outcome.results());
                var settings = capacity.get().settings();
                // the story's next fix carries at least as much: its ramp starts one ramp step above the capacity
                // before it (and steps down if it does not hold there); a step meant to fail starts from the bottom
                double first = step.expect().isPresent() || lastCapacity <= 0 ? 0 : settings.next(lastCapacity);
                StepResult measured = new StepCapacity(capacity.get(), injector, target, ctx, resources,
                        Optional.ofNullable(pg)).requestsPerVisitor(visitRequests).measure(fixed, first);
                var c = measured.capacity();
                // a capacity below the ramp's start (the shared page cache's leaks are errors at any rate) says
                // nothing of the next step
                if (c != null && !c.atMost() && c.visitorsPerSec() >= settings.startRate()) {
                    lastCapacity = c.visitorsPerSec();
                }
                if (ScaleOutSeries.applies(step) && shortWindow) {
                    ctx.progress().accept("capacity  " + step.name() + "  scale-out series: left out of a quick ladder"
                            + " (a ladder with --capacity and without --quick measures 1, 2 and 3 instances)");
                } else if (ScaleOutSeries.applies(step) && !scaleOut.isEmpty()) {
                    measured = series(step, ctx, measured, visitRequests);
                }
                return measured;
            }
        } catch (StartException e) {
            return e.skipped() ? result.status(StepStatus.SKIPPED).statusReason(e.getMessage()).build()
                    : error(result, e.getMessage());
        } catch (LoadTestException e) {
            return error(result, "load test: " + e.getMessage());
        } catch (IOException e) {
            return error(result, e.getMessage());
        }
    }

    /** The scalability fit of the last stack step measured at several instance counts; null without one. */
    dev.scalelab.reports.model.UslFit usl() {
        return usl;
    }

    /**
     * The scale-out series of a stack step: a capacity search at each of the ladder's instance counts (the
     * configured count reuses the step's own), each on the stack started afresh with that many app instances, then the
     * fit. The step's own capacity stays the one at its configured count.
     */
    private StepResult series(Step step, StepContext ctx, StepResult measured, double visitRequests)
            throws InterruptedException {
        int configured = step.stack().instances();
        var own = measured.capacity();
        Map<Integer, dev.scalelab.reports.model.Capacity> byInstances = new java.util.TreeMap<>();
        for (int n : scaleOut) {
            if (n == configured) {
                byInstances.put(n, own);
                continue;
            }
            ctx.progress().accept("capacity  " + step.name() + "  scale-out series: " + n + " instance"
                    + (n == 1 ? "" : "s"));
            Ladder.Stack s = step.stack();
            Step at = new Step(step.name(), step.description(), step.app(), step.workload(), step.ownApp(),
                    step.expect(), new Ladder.Stack(n, s.pgbouncer(), s.memcached(), s.split(), s.nginx()), step.maxErrorRate(),
                    step.maxStatementsPerRequest());
            byInstances.put(n, capacityAt(at, n, ctx, own == null || own.atMost() ? lastCapacity
                    : own.visitorsPerSec() * n / configured, visitRequests));
        }
        byInstances.forEach((n, c) -> ctx.progress().accept("capacity  " + step.name() + "  at " + n + " instance"
                + (n == 1 ? "" : "s") + ": " + (c == null ? "none"
                : String.format(java.util.Locale.ROOT, "%.1f requests/s%s", c.requestsPerSec(),
                c.injectorBound() ? ", injector-bound" : ""))));
        List<String> missing = new ArrayList<>(measured.dataMissing());
        usl = ScaleOutSeries.fit(step.name(), byInstances, Runtime.getRuntime().availableProcessors(), missing)
                .orElse(null);
        if (usl != null) {
            ctx.progress().accept(String.format(java.util.Locale.ROOT,
                    "capacity  %s  scalability fit: sigma %.3f, kappa %.4f%s", step.name(), usl.sigma(), usl.kappa(),
                    usl.peakInstances() == null ? ", no peak"
                            : String.format(java.util.Locale.ROOT, ", peak at %.1f instances", usl.peakInstances())));
        }
        return measured.toBuilder().dataMissing(missing).build();
    }

    /** One count of the series: the step's stack with {@code n} instances, started afresh, searched; null on failure. */
    private dev.scalelab.reports.model.Capacity capacityAt(Step at, int n, StepContext ctx, double firstRate,
                                                           double visitRequests) throws InterruptedException {
        StepContext sub = new StepContext(at, ctx.repeat(), ctx.workload(), ctx.runDir(),
                ctx.stepDir().resolve("instances-" + n), ctx.progress(), new ArrayList<>());
        try {
            Files.createDirectories(sub.stepDir());
        } catch (IOException e) {
            ctx.missing().add("scale-out series at " + n + " instances: " + e.getMessage());
            return null;
        }
        try (Target target = launcher(at).start(sub); ResourceSampler resources = new ResourceSampler();
             PostgresSampler pg = postgresSampler(at)) {
            target.awaitReady();
            target.watch(resources, injector::pids);
            resources.start();
            target.beforeLoad();
            StepResult empty = StepResult.builder(at.name(), StepStatus.PASSED).build();
            var c = new StepCapacity(capacity.get(), injector, target, sub, resources, Optional.ofNullable(pg))
                    .requestsPerVisitor(visitRequests).measure(empty, firstRate).capacity();
            sub.missing().forEach(m -> ctx.missing().add("at " + n + " instances: " + m));
            return c;
        } catch (StartException | RuntimeException e) {
            ctx.missing().add("scale-out series at " + n + " instances: " + e.getMessage());
            return null;
        }
    }

    /** A sampler of the reference app's database for the capacity levels; null for an own app or when it fails. */
    private PostgresSampler postgresSampler(Step step) {
        if (step.ownApp().isPresent() || env == null) {
            return null;
        }
        try {
            return new PostgresSampler(env.database.url(), env.database.connectionProperties());
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    /** The way the step's app starts. */
    AppLauncher launcher(Step step) {
        if (step.ownApp().isEmpty()) {
            return new ReferenceAppLauncher(env, step, sessionSecret, appJvmOptions);
        }
        Ladder.OwnApp own = step.ownApp().get();
        if (own.ref().isPresent()) {
            return new GitRefLauncher(own);
        }
        if (own.start().isPresent()) {
            return new CommandLauncher(own, own.directory().orElse(null));
        }
        return new RunningAppLauncher(own);
    }

    /**
     * The injector (booting while the app starts, for the first step) is launched first and sends nothing until the
     * app is ready and told to go.
     */
    private RunOutcome load(Target target, StepContext ctx, ResourceSampler resources)
            throws StartException, InterruptedException {
        RunSettings.Builder settings = settings(ctx.workload(), target.baseUrl(), ctx.repeat(), ctx.stepDir());
        target.configure(settings);
        try (SimulationRunner.Launch launch = this.injector.launch(settings.build(), new RunListener() {
            @Override
            public void onProgress(String message) {
                ctx.progress().accept(message);
            }

            @Override
            public void onMeasurementStart() {
                target.onMeasurementStart();
            }
        })) {
            target.awaitReady();
            target.watch(resources, injector::pids);
            resources.start();
            target.beforeLoad();
            return launch.go();
        }
    }

    /** The workload of a step against {@code baseUrl}; the target adds the app's users and ids. */
    static RunSettings.Builder settings(Workload workload, String baseUrl, int repeat, Path stepDir) {
        RunSettings.Builder b = RunSettings.builder()
                .simulation(workload.simulation())
                .baseUrl(baseUrl)
                .rate(workload.rate())
                .warmup(Duration.ofSeconds(workload.warmupSec()))
                .duration(Duration.ofSeconds(workload.durationSec()))
                .seed(1292L + repeat)
                .outputDir(stepDir)
                .classpath(AppProcess.ownClasspath())
                .property("drainSec", Integer.toString(workload.drainSec()));
        if (workload.file().isPresent()) {
            // the injector's workload simulation reads the journeys, feeders and probes of the file
            return b.simulation(LadderWorkloads.SIMULATION)
                    .property(LadderWorkloads.FILE_PROPERTY, workload.file().get().toAbsolutePath().toString());
        }
        if (LadderWorkloads.isBuiltin(workload.simulation())) {
            // a built-in workload file (builtin:story): the same path as a user's file; the inputs below are its vars
            b.simulation(LadderWorkloads.SIMULATION).property(LadderWorkloads.FILE_PROPERTY, workload.simulation());
        }
        // Real traffic is skewed: most views go to what the home page links to. Without this, a page
        // cache could only hit on the home page, whatever its design.
        b.property("hotShare", Double.toString(HOT_SHARE))
                .property("hotPages", Integer.toString(HOT_PAGES));
        if (workload.commentShare() != null) {
            b.property("commentShare", Double.toString(workload.commentShare()));
        }
        if (workload.signedInShare() != null) {
            b.property("signedInShare", Double.toString(workload.signedInShare()));
        }
        if (workload.thinkMinMs() != null) {
            b.property("thinkMinMs", Integer.toString(workload.thinkMinMs()))
                    .property("thinkMaxMs", Integer.toString(workload.thinkMaxMs()));
        }
        return b;
    }

    /** PgBouncer's connections to PostgreSQL in a step that uses it: fewer than the clients, below max_connections. */
    static final int BOUNCER_SERVER_CONNECTIONS = 20;

    static List<Programs.Server> neededServers(Ladder.Stack stack) {
        List<Programs.Server> needed = new ArrayList<>();
        if (stack.pgbouncer()) {
            needed.add(Programs.Server.PGBOUNCER);
        }
        if (stack.memcached()) {
            needed.add(Programs.Server.MEMCACHED);
        }
        if (stack.nginx()) {
            needed.add(Programs.Server.NGINX);
        }
        return needed;
    }

    /** The stack as switches for the report, e.g. {@code instances=2, pgbouncer=on}; nothing for a lone app. */
    static Map<String, String> describeStack(Ladder.Stack stack) {
        Map<String, String> m = new LinkedHashMap<>();
        if (stack.instances() > 1) {
            m.put("instances", stack.instances() + " behind nginx");
        }
        if (stack.pgbouncer()) {
            m.put("pgbouncer", "transaction mode");
        }
        if (stack.memcached()) {
            m.put("page store", "shared memcached");
        }
        if (stack.split()) {
            m.put("split", "database on its own CPU");
        }
        return m;
    }

    static String appLogName(int instance, int instances) {
        return instances == 1 ? "app.log" : "app-" + instance + ".log";
    }

    static String cpuLine(Map<String, ResourceSampler.Usage> usage) {
        List<String> parts = new ArrayList<>();
        usage.forEach((role, u) -> parts.add(String.format(java.util.Locale.ROOT, "%s %.0f %%", role, u.cpuPercent())));
        return String.join(", ", parts);
    }

    private StepResult collect(StepResult.Builder result, Target target, RunOutcome outcome, ResourceSampler resources,
                               StepContext ctx) throws IOException, InterruptedException {
        Path runDir = ctx.runDir();
        Path stepDir = ctx.stepDir();
        List<String> missing = ctx.missing();
        Target.Collected collected = target.afterLoad(outcome);
        writeJson(stepDir.resolve("resources.json"), Map.of("usage", resources.usage(), "samples", resources.samples()));
        ctx.progress().accept("CPU by process (percent of one core): " + cpuLine(resources.usage()));
        List<Optional<String>> diagnostics = collected.diagnostics();
        Map<String, ServerProcess> servers = collected.servers();
        if (collected.asyncJobs() != null) {
            result.asyncJobs(collected.asyncJobs());
        }
        ClientResults r = outcome.results();
        long leaks = r.identityLeaks() == null ? 0 : r.identityLeaks().count();
        result.requests(r.total().requests())
                .ko(r.total().ko())
                .throughputRps(r.total().throughputRps())
                .latencyMs(ResultMapping.latency(r.total().latencyMs()))
                .routes(ResultMapping.routes(r))
                .cacheHitRate(ResultMapping.cacheHitRate(r))
                .identityLeaks(leaks)
                .connectionErrors(ResultMapping.connectionErrors(r))
                .connectionErrorExamples(ResultMapping.connectionErrorExamples(r))
                .leakExamples(ResultMapping.leakExamples(r))
                .errors(StepVerdict.errors(r))
                .timeSeries(ResultMapping.timeSeries(r, collected.postgres()))
                .resources(ResultMapping.resources(resources.usage()));
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("client results", rel(runDir, outcome.resultsFile()));
        raw.put("injector log", rel(runDir, outcome.log()));
        int n = diagnostics.size();
        for (int i = 1; i <= n; i++) {
            raw.put(n == 1 ? "app log" : "app log (instance " + i + ")", rel(runDir, stepDir.resolve(appLogName(i, n))));
        }
        collected.logs().forEach((label, file) -> {
            if (Files.exists(file)) {
                raw.put(label, rel(runDir, file));
            }
        });
        if (Files.exists(stepDir.resolve("worker.log"))) {
            raw.put("task worker log", rel(runDir, stepDir.resolve("worker.log")));
        }
        if (Files.exists(stepDir.resolve("tasks.json"))) {
            raw.put("task queue samples", rel(runDir, stepDir.resolve("tasks.json")));
        }
        servers.forEach((name, sp) -> raw.put(name + " log", rel(runDir, sp.log())));
        raw.put("resource samples", rel(runDir, stepDir.resolve("resources.json")));
        if (Files.exists(stepDir.resolve("postgres.json"))) {
            raw.put("PostgreSQL samples", rel(runDir, stepDir.resolve("postgres.json")));
        }
        Map<String, Finding> findings = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            Optional<String> d = diagnostics.get(i - 1);
            if (d.isEmpty()) {
                missing.add("diagnostics snapshot" + (n == 1 ? "" : " of instance " + i) + ": the app's endpoint did not answer");
                continue;
            }
            Path file = stepDir.resolve(n == 1 ? "diagnostics.json" : "diagnostics-" + i + ".json");
            writeAtomically(file, d.get());
            raw.put(n == 1 ? "diagnostics snapshot" : "diagnostics snapshot (instance " + i + ")", rel(runDir, file));
            for (Finding f : ResultMapping.findings(d.get())) {
                findings.merge(f.kind() + "\u0000" + f.route() + "\u0000" + f.fingerprint(), f,
                        (a, b) -> a.count() >= b.count() ? a : b);
            }
        }
        List<String> snapshots = diagnostics.stream().flatMap(Optional::stream).toList();
        result.routes(ResultMapping.withServerCounts(ResultMapping.routes(r), snapshots, missing));
        if (diagnostics.stream().anyMatch(Optional::isPresent)) {
            List<Finding> all = List.copyOf(findings.values());
            result.findings(all).nPlusOneFindings((int) all.stream().filter(f -> f.kind().equals("N_PLUS_ONE")).count());
        }
        result.links(new StepLinks(outcome.gatlingReport() == null ? null : rel(runDir, outcome.gatlingReport()), raw));
        result.dataMissing(missing);
        if (leaks > 0) {
            result.status(StepStatus.FAILED).statusReason(leaks + " identity leak" + (leaks == 1 ? "" : "s")
                    + ": pages greeted the wrong user");
        }
        return result.build();
    }

    private static StepResult error(StepResult.Builder b, String reason) {
        return b.status(StepStatus.ERROR).statusReason(reason).build();
    }

    static String describe(Map<String, String> switches) {
        List<String> parts = new ArrayList<>();
        switches.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    private static String rel(Path runDir, Path file) {
        return file == null ? null : runDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }

    static void writeJson(Path file, Object value) throws IOException {
        writeAtomically(file, JSON.writeValueAsString(value));
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
