package dev.scalelab.cli.ladder;

import dev.scalelab.cli.ladder.Ladder.Step;
import dev.scalelab.cli.ladder.Ladder.Workload;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.CpuSplit;
import dev.scalelab.cli.proc.FreePorts;
import dev.scalelab.cli.proc.Memcached;
import dev.scalelab.cli.proc.Nginx;
import dev.scalelab.cli.proc.PgBouncer;
import dev.scalelab.cli.proc.Programs;
import dev.scalelab.cli.proc.ServerProcess;
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
import dev.scalelab.loadtests.sim.VisitPlanner;
import dev.scalelab.app.CacheMode;
import dev.scalelab.app.ReferenceWorker;
import dev.scalelab.app.tasks.TaskStats;
import dev.scalelab.reports.model.AsyncJobs;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one step: a fresh app process with the step's switches, preflight, warm-up, the workload, then collects the
 * client results, the app's diagnostics snapshot and the resource samples into a {@link StepResult}. A step that
 * cannot start or crashes is ERROR with its reason; one whose identity probe fired is FAILED.
 */
final class StepExecutor implements AutoCloseable {
    /** Share of article and profile views that go to the popular pages. */
    static final double HOT_SHARE = 0.95;
    /** The popular pages: the articles of the home page (its feed size) and as many users. */
    static final int HOT_PAGES = 60;
    /** Page caches whose entries serve every visitor, so requesting a page once fills it for all of them. */
    private static final Set<String> SHARED_CACHES = Set.of(CacheMode.PAGE_SHARED.label(), CacheMode.FRAGMENT.label());
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
    /** Options of the app and worker JVMs. */
    private final List<String> appJvmOptions;

    /**
     * With {@code shortWindow} (--quick) the app and worker JVMs compile with the client compiler only
     * ({@link #SHORT_WINDOW_JVM}).
     */
    StepExecutor(Environment env, Path runDir, boolean shortWindow) {
        this.env = env;
        this.injector = new ResidentInjector(runDir.resolve(".injector"));
        this.appJvmOptions = shortWindow ? SHORT_WINDOW_JVM : List.of();
    }

    /** Ends the injector's JVM. */
    @Override
    public void close() throws InterruptedException {
        injector.close();
    }

    StepResult run(Step step, int repeat, Workload workload, Path runDir, Path stepDir, Consumer<String> progress)
            throws InterruptedException {
        if (step.ownApp().isPresent()) {
            return runOwnApp(step, step.ownApp().get(), repeat, workload, runDir, stepDir, progress);
        }
        Map<String, String> switches = new LinkedHashMap<>(step.app());
        Ladder.Stack stack = step.stack();
        StepResult.Builder result = StepResult.builder(step.name(), StepStatus.PASSED).repeat(repeat).switches(switches);
        describeStack(stack).forEach(switches::put);
        result.switches(switches);
        List<String> missing = new ArrayList<>();
        List<Programs.Server> absent = Programs.missing(neededServers(stack));
        if (!absent.isEmpty()) {
            return result.status(StepStatus.SKIPPED).statusReason(Programs.missingMessage(absent)).build();
        }
        try {
            Files.createDirectories(stepDir);
        } catch (IOException e) {
            return error(result, "cannot create " + stepDir + ": " + e.getMessage());
        }
        String token = HexFormat.of().formatHex(random(16));
        boolean queued = "queue".equals(step.app().get("tasks"));
        Map<String, ServerProcess> servers = new LinkedHashMap<>();
        try (Opened opened = new Opened();
             ResourceSampler resources = new ResourceSampler();
             PostgresSampler postgres = new PostgresSampler(env.database.url(), env.database.connectionProperties())) {
            List<String> dbArgs = env.appDatabaseArgs();
            List<String> appExtra = new ArrayList<>();
            try {
                if (stack.pgbouncer()) {
                    progress.accept("starting PgBouncer (transaction mode, " + BOUNCER_SERVER_CONNECTIONS
                            + " server connections)");
                    PgBouncer bouncer = opened.add(PgBouncer.start(stepDir.resolve("pgbouncer"), PgBouncer.Upstream.of(
                                    env.database.url(), env.database.user(), env.database.password()),
                            BOUNCER_SERVER_CONNECTIONS, 1_000));
                    servers.put("pgbouncer", bouncer.process());
                    dbArgs = bouncer.appDatabaseArgs();
                }
                if (stack.memcached()) {
                    progress.accept("starting memcached");
                    Memcached memcached = opened.add(Memcached.start(stepDir.resolve("memcached"), 256));
                    servers.put("memcached", memcached.process());
                    appExtra.addAll(List.of("--memcached", memcached.hostPort()));
                }
            } catch (IllegalStateException e) {
                return error(result, e.getMessage());
            }
            progress.accept("starting " + (stack.instances() == 1 ? "the app" : stack.instances() + " app instances")
                    + " (" + describe(step.app()) + ")");
            List<AppProcess> apps = new ArrayList<>();
            for (int i = 1; i <= stack.instances(); i++) {
                int port = FreePorts.next();
                List<String> args = new ArrayList<>();
                step.app().forEach((k, v) -> {
                    args.add("--" + k);
                    args.add(v);
                });
                args.addAll(List.of("--port", Integer.toString(port), "--diagnostics-token", token,
                        "--session-secret", sessionSecret));
                if (workload.warmUpWrites() > 0) {
                    args.addAll(List.of("--warm-up-writes", Integer.toString(workload.warmUpWrites())));
                }
                args.addAll(appExtra);
                args.addAll(dbArgs);
                apps.add(opened.add(AppProcess.startReferenceApp(appJvmOptions, args, "http://127.0.0.1:" + port,
                        stepDir.resolve(appLogName(i, stack.instances())), Optional.of(token))));
            }
            Optional<AppProcess> worker = Optional.empty();
            if (queued) {
                progress.accept("starting the task worker");
                worker = Optional.of(opened.add(AppProcess.startReferenceApp(appJvmOptions, workerArgs(switches, dbArgs),
                        apps.get(0).baseUrl(), stepDir.resolve("worker.log"), Optional.empty())));
            }
            // Behind nginx the load goes to nginx's port, chosen now so the injector can be started with it.
            int nginxPort = stack.nginx() ? FreePorts.next() : 0;
            String baseUrl = stack.nginx() ? "http://127.0.0.1:" + nginxPort : apps.get(0).baseUrl();
            RunSettings settings = settings(workload, baseUrl, repeat, stepDir)
                    .usersCsv(env.usersCsv)
                    .articleIdMax(Environment.DATASET.articles())
                    .userIdMax(Environment.DATASET.users())
                    .build();
            // First requests load classes and fill caches (every route, comments included) as soon as the app answers,
            // beside the injector's own warm-up, and stop when the measurement starts. A short warm-up phase (--quick)
            // gets one round.
            // Where a cached page serves everybody (keyed by path, not by the visitor's cookie), the popular pages
            // are also requested once each, so the measured hit rate is the steady state's: at the story's rate,
            // the warm-up's visitors alone reach only part of them. A short warm-up has no time for that.
            boolean fullWarmUp = workload.warmupSec() >= 5;
            int warmUpRounds = fullWarmUp ? 3 : 1;
            List<String> popular = fullWarmUp && SHARED_CACHES.contains(step.app().getOrDefault("cache", ""))
                    ? VisitPlanner.popularPaths(Environment.DATASET.articles(), Environment.DATASET.users(), HOT_PAGES)
                    : List.of();
            AtomicBoolean measuring = new AtomicBoolean();
            AtomicBoolean cutShort = new AtomicBoolean();
            // Every instance has its own JVM to warm, and the rounds and the fill run side by side: one after the
            // other, they did not fit in the warm-up of a step with two instances, or a new connection per request, on
            // two cores. A shared memcached is filled once, through the first instance; in-process caches through each.
            List<Thread> warming = new ArrayList<>();
            for (AppProcess a : apps) {
                List<String> fill = stack.memcached() && a != apps.get(0) ? List.of() : popular;
                warming.add(new Thread(() -> {
                    if (!a.warmUp(warmUpRounds, measuring::get)) {
                        cutShort.set(true);
                    }
                }, "scalelab-warm-up-" + a.pid()));
                if (!fill.isEmpty()) {
                    warming.add(new Thread(() -> {
                        if (!a.fillCache(fill, measuring::get)) {
                            cutShort.set(true);
                        }
                    }, "scalelab-fill-" + a.pid()));
                }
            }
            warming.forEach(t -> t.setDaemon(true));
            SimulationRunner.Launch launch;
            try {
                // The injector (booting while the app starts, for the first step) sends nothing until told to go.
                launch = opened.add(this.injector.launch(settings, new RunListener() {
                    @Override
                    public void onProgress(String message) {
                        progress.accept(message);
                    }

                    @Override
                    public void onMeasurementStart() {
                        measuring.set(true);
                        try {
                            for (Thread t : warming) {
                                t.join();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (cutShort.get()) {
                            missing.add("the app's warm-up requests were cut short when the measurement started");
                        }
                        for (AppProcess app : apps) {
                            if (app.diagnostics(true).isEmpty()) {
                                missing.add("diagnostics reset after warm-up failed: the snapshot includes the warm-up");
                            }
                        }
                    }
                }));
            } catch (LoadTestException e) {
                return error(result, "load test: " + e.getMessage());
            }
            if (stack.nginx()) {
                // nginx needs nothing from the instances to start; it proxies to them once they answer
                progress.accept("starting nginx in front of " + apps.size() + " instances");
                try {
                    Nginx nginx = opened.add(Nginx.start(stepDir.resolve("nginx"),
                            apps.stream().map(a -> Integer.parseInt(a.baseUrl().substring(a.baseUrl().lastIndexOf(':') + 1)))
                                    .toList(), nginxPort));
                    servers.put("nginx", nginx.process());
                } catch (IllegalStateException e) {
                    return error(result, "nginx: " + e.getMessage());
                }
            }
            for (AppProcess app : apps) {
                try {
                    app.awaitHealthy(Duration.ofSeconds(120));
                } catch (IllegalStateException e) {
                    return error(result, e.getMessage());
                }
            }
            warming.forEach(Thread::start);
            if (stack.nginx()) {
                try {
                    AppProcess.checkHealth(baseUrl);
                } catch (IllegalStateException e) {
                    return error(result, "nginx: " + e.getMessage());
                }
            }
            Optional<QueueSampler> queue = Optional.empty();
            if (worker.isPresent()) {
                try {
                    worker.get().awaitLogLine(ReferenceWorker.READY, Duration.ofSeconds(90));
                } catch (IllegalStateException e) {
                    return error(result, "task worker: " + e.getMessage());
                }
                queue = Optional.of(opened.add(new QueueSampler(env.database.url(), env.database.connectionProperties())));
            }
            if (stack.split()) {
                List<Long> others = new ArrayList<>(apps.stream().map(AppProcess::pid).toList());
                worker.ifPresent(w -> others.add(w.pid()));
                servers.values().forEach(sp -> others.add(sp.pid()));
                Optional<String> problem = opened.add(CpuSplit.apply(env.database.embedded() ? env.databasePids() : List.of(),
                        others)).problem();
                problem.ifPresent(missing::add);
                progress.accept(problem.map(p -> "split: " + p).orElse("split: the database on CPU 0, the rest on the other CPUs"));
            }
            resources.watch("app", () -> apps.stream().map(AppProcess::pid).toList())
                    .watch("database", env::databasePids)
                    .watch("injector", injector::pids);
            if (apps.size() > 1) {
                for (int i = 0; i < apps.size(); i++) {
                    AppProcess a = apps.get(i);
                    resources.watch("app-" + (i + 1), () -> List.of(a.pid()));
                }
            }
            worker.ifPresent(w -> resources.watch("worker", () -> List.of(w.pid())));
            servers.forEach((name, sp) -> resources.watch(name, () -> List.of(sp.pid())));
            resources.start();
            postgres.start();
            queue.ifPresent(QueueSampler::start);
            RunOutcome outcome;
            try {
                outcome = launch.go();
            } catch (LoadTestException e) {
                return error(result, "load test: " + e.getMessage());
            }
            List<Optional<String>> diagnostics = apps.stream().map(a -> a.diagnostics(false)).toList();
            if (queue.isPresent()) {
                result.asyncJobs(asyncJobs(queue.get(), outcome, stepDir, progress, missing));
                if (!worker.get().alive()) {
                    missing.add("the task worker exited during the step: " + worker.get().lastLogLine());
                }
            }
            PostgresSampler.Summary pg = postgres.finish();
            writeJson(stepDir.resolve("postgres.json"), Map.of("summary", pg, "samples", postgres.samples()));
            writeJson(stepDir.resolve("resources.json"), Map.of("usage", resources.usage(), "samples", resources.samples()));
            progress.accept("CPU by process (percent of one core): " + cpuLine(resources.usage()));
            for (AppProcess app : apps) {
                if (!app.alive()) {
                    missing.add("the app exited during the load test: " + app.lastLogLine());
                }
            }
            servers.forEach((name, sp) -> {
                if (!sp.alive()) {
                    missing.add(name + " exited during the step: " + sp.lastLogLine());
                }
            });
            return collect(result, outcome, diagnostics, resources, postgres.samples(), runDir, stepDir, servers, missing);
        } catch (IOException | java.sql.SQLException e) {
            return error(result, e.getMessage());
        }
    }

    /** The workload of a step against {@code baseUrl}; the caller adds the app's users and ids. */
    private static RunSettings.Builder settings(Workload workload, String baseUrl, int repeat, Path stepDir) {
        RunSettings.Builder b = RunSettings.builder()
                .simulation(workload.simulation())
                .baseUrl(baseUrl)
                .rate(workload.rate())
                .warmup(Duration.ofSeconds(workload.warmupSec()))
                .duration(Duration.ofSeconds(workload.durationSec()))
                .seed(1292L + repeat)
                .outputDir(stepDir)
                .classpath(AppProcess.ownClasspath())
                .property("drainSec", Integer.toString(workload.drainSec()))
                // Real traffic is skewed: most views go to what the home page links to. Without this, a page
                // cache could only hit on the home page, whatever its design.
                .property("hotShare", Double.toString(HOT_SHARE))
                .property("hotPages", Integer.toString(HOT_PAGES));
        if (workload.commentShare() != null) {
            b.property("commentShare", Double.toString(workload.commentShare()));
        }
        return b;
    }

    /**
     * A step on the user's own app: its start command (if any) in a shell, ready when {@code GET /health} answers
     * 200, then the workload and the client-side probes. The app's CPU and memory are sampled when scalelab started
     * it; its database is the app's own, so PostgreSQL's view and the diagnostics snapshot are not collected.
     */
    private StepResult runOwnApp(Step step, Ladder.OwnApp own, int repeat, Workload workload, Path runDir, Path stepDir,
                                 Consumer<String> progress) throws InterruptedException {
        StepResult.Builder result = StepResult.builder(step.name(), StepStatus.PASSED).repeat(repeat)
                .switches(Map.of("app", own.url()));
        String baseUrl = own.url().replaceAll("/+$", "");
        List<String> missing = new ArrayList<>();
        try {
            Files.createDirectories(stepDir);
        } catch (IOException e) {
            return error(result, "cannot create " + stepDir + ": " + e.getMessage());
        }
        try (Opened opened = new Opened(); ResourceSampler resources = new ResourceSampler()) {
            Optional<AppProcess> app = Optional.empty();
            if (own.start().isPresent()) {
                String command = own.start().get();
                progress.accept("starting your app: " + (command.length() > 100 ? command.substring(0, 97) + "..." : command)
                        + " (output in app.log)");
                app = Optional.of(opened.add(AppProcess.start(List.of("/bin/sh", "-c", own.start().get()), baseUrl,
                        stepDir.resolve("app.log"), Optional.empty())));
            }
            try {
                if (app.isPresent()) {
                    app.get().awaitHealthy(Duration.ofSeconds(120));
                } else {
                    AppProcess.checkHealth(baseUrl);
                }
            } catch (IllegalStateException e) {
                String hint = app.isPresent() ? "" : "; start your app first, or give the step a 'start' command";
                return error(result, e.getMessage() + hint);
            }
            if (app.isPresent()) {
                AppProcess a = app.get();
                resources.watch("app", () -> java.util.stream.Stream.concat(java.util.stream.Stream.of(a.pid()),
                        ProcessHandle.of(a.pid()).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                        .toList());
            } else {
                missing.add("app resources: scalelab did not start the app (no 'start' command), so its CPU and "
                        + "memory were not sampled");
            }
            resources.watch("injector", injector::pids);
            resources.start();
            RunSettings.Builder settings = settings(workload, baseUrl, repeat, stepDir);
            own.usersCsv().ifPresent(settings::usersCsv);
            if (own.articleIdMax() > 0) {
                settings.articleIdMax(own.articleIdMax());
            }
            if (own.userIdMax() > 0) {
                settings.userIdMax(own.userIdMax());
            }
            RunOutcome outcome;
            try (SimulationRunner.Launch launch = injector.launch(settings.build(), new RunListener() {
                @Override
                public void onProgress(String message) {
                    progress.accept(message);
                }
            })) {
                outcome = launch.go();
            } catch (LoadTestException e) {
                return error(result, "load test: " + e.getMessage());
            }
            writeJson(stepDir.resolve("resources.json"), Map.of("usage", resources.usage(), "samples", resources.samples()));
            progress.accept("CPU by process (percent of one core): " + cpuLine(resources.usage()));
            if (app.isPresent() && !app.get().alive()) {
                missing.add("your app exited during the load test: " + app.get().lastLogLine());
            }
            missing.add("diagnostics snapshot: not collected from your own app (statements per request come from its "
                    + "Server-Timing headers)");
            return collect(result, outcome, List.of(), resources, List.of(), runDir, stepDir, Map.of(), missing);
        } catch (IOException e) {
            return error(result, e.getMessage());
        }
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

    private static String appLogName(int instance, int instances) {
        return instances == 1 ? "app.log" : "app-" + instance + ".log";
    }

    static String cpuLine(Map<String, ResourceSampler.Usage> usage) {
        List<String> parts = new ArrayList<>();
        usage.forEach((role, u) -> parts.add(String.format(java.util.Locale.ROOT, "%s %.0f %%", role, u.cpuPercent())));
        return String.join(", ", parts);
    }

    /** {@code scalelab app --role worker} arguments: the step's database and the work's simulated latency. */
    private List<String> workerArgs(Map<String, String> switches, List<String> dbArgs) {
        List<String> args = new ArrayList<>(List.of("--role", "worker"));
        for (String k : List.of("notify-latency-ms", "worker-threads", "job-retries")) {
            if (switches.containsKey(k)) {
                args.add("--" + k);
                args.add(switches.get(k));
            }
        }
        args.addAll(dbArgs);
        return args;
    }

    /**
     * After the load: lets the worker finish what was enqueued (at most {@link #QUEUE_DRAIN}), then takes the
     * outcomes of the jobs enqueued during the measurement, and writes the queue depth series to {@code tasks.json}.
     */
    private AsyncJobs asyncJobs(QueueSampler queue, RunOutcome outcome, Path stepDir, Consumer<String> progress,
                                List<String> missing) throws IOException, InterruptedException {
        var run = outcome.results().run();
        Instant from = Instant.ofEpochMilli(run.measurementStartedAtEpochMs());
        Instant to = from.plusMillis(Math.round(run.measuredSec() * 1000));
        progress.accept("waiting for the task worker to finish the queued jobs");
        long pending = queue.awaitDrained(QUEUE_DRAIN);
        if (pending > 0) {
            missing.add(pending + " queued job" + (pending == 1 ? " was" : "s were") + " still waiting, retrying or "
                    + "running " + QUEUE_DRAIN.toSeconds() + " s after the load; the job figures leave them out");
        }
        TaskStats stats;
        try {
            stats = queue.outcomes(from, to);
        } catch (java.sql.SQLException e) {
            missing.add("task outcomes: " + e.getMessage());
            return null;
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("measuredFrom", from.toString());
        file.put("measuredTo", to.toString());
        file.put("outcomes", stats);
        file.put("pendingAfterDrain", pending);
        file.put("samples", queue.samples());
        writeJson(stepDir.resolve("tasks.json"), file);
        return ResultMapping.asyncJobs(stats, queue.samples(), from);
    }

    /** Things a step opened along the way, closed in reverse order. */
    private static final class Opened implements AutoCloseable {
        private final java.util.Deque<AutoCloseable> items = new java.util.ArrayDeque<>();

        <T extends AutoCloseable> T add(T item) {
            items.push(item);
            return item;
        }

        @Override
        public void close() {
            while (!items.isEmpty()) {
                try {
                    items.pop().close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    private StepResult collect(StepResult.Builder result, RunOutcome outcome, List<Optional<String>> diagnostics,
                               ResourceSampler resources, List<PostgresSampler.Sample> postgresSamples,
                               Path runDir, Path stepDir, Map<String, ServerProcess> servers, List<String> missing)
            throws IOException {
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
                .timeSeries(ResultMapping.timeSeries(r, postgresSamples))
                .resources(ResultMapping.resources(resources.usage()));
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("client results", rel(runDir, outcome.resultsFile()));
        raw.put("injector log", rel(runDir, outcome.log()));
        int n = diagnostics.size();
        for (int i = 1; i <= n; i++) {
            raw.put(n == 1 ? "app log" : "app log (instance " + i + ")", rel(runDir, stepDir.resolve(appLogName(i, n))));
        }
        if (n == 0 && Files.exists(stepDir.resolve("app.log"))) {
            raw.put("app log", rel(runDir, stepDir.resolve("app.log")));
        }
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

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
