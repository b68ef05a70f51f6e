package dev.scalelab.cli.ladder;

import dev.scalelab.app.CacheMode;
import dev.scalelab.app.ReferenceWorker;
import dev.scalelab.app.tasks.TaskStats;
import dev.scalelab.cli.ladder.Ladder.Step;
import dev.scalelab.cli.ladder.Ladder.Workload;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.CpuSplit;
import dev.scalelab.cli.proc.FreePorts;
import dev.scalelab.cli.proc.Memcached;
import dev.scalelab.cli.proc.Nginx;
import dev.scalelab.cli.proc.PgBouncer;
import dev.scalelab.cli.proc.PostgresSampler;
import dev.scalelab.cli.proc.Programs;
import dev.scalelab.cli.proc.QueueSampler;
import dev.scalelab.cli.proc.ResourceSampler;
import dev.scalelab.cli.proc.ServerProcess;
import dev.scalelab.loadtests.runner.RunOutcome;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.sim.VisitPlanner;
import dev.scalelab.reports.model.AsyncJobs;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The reference app with the step's switches, and the stack around it (PgBouncer, memcached, several instances
 * behind nginx, the task worker, the database on its own CPU), on the ladder's shared database. Its warm-up requests
 * and cache fill run beside the injector's warm-up; its diagnostics snapshot, PostgreSQL's view and the task queue
 * are collected after the load.
 */
final class ReferenceAppLauncher implements AppLauncher {
    /** Page caches whose entries serve every visitor, so requesting a page once fills it for all of them. */
    private static final Set<String> SHARED_CACHES = Set.of(CacheMode.PAGE_SHARED.label(), CacheMode.FRAGMENT.label());

    private final Environment env;
    private final Step step;
    private final String sessionSecret;
    private final List<String> appJvmOptions;

    ReferenceAppLauncher(Environment env, Step step, String sessionSecret, List<String> appJvmOptions) {
        this.env = env;
        this.step = step;
        this.sessionSecret = sessionSecret;
        this.appJvmOptions = appJvmOptions;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> switches = new LinkedHashMap<>(step.app());
        StepExecutor.describeStack(step.stack()).forEach(switches::put);
        return switches;
    }

    @Override
    public Target start(StepContext ctx) throws StartException, InterruptedException {
        Ladder.Stack stack = step.stack();
        List<Programs.Server> absent = Programs.missing(StepExecutor.neededServers(stack));
        if (!absent.isEmpty()) {
            throw StartException.skipped(Programs.missingMessage(absent));
        }
        Started s = new Started(ctx);
        try {
            s.start();
            return s;
        } catch (StartException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The processes of one step, closed in reverse order. */
    private final class Started implements Target {
        private final StepContext ctx;
        private final Opened opened = new Opened();
        private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
        private final List<AppProcess> apps = new ArrayList<>();
        private final List<Thread> warming = new ArrayList<>();
        private final AtomicBoolean measuring = new AtomicBoolean();
        private final AtomicBoolean cutShort = new AtomicBoolean();
        private final String token = HexFormat.of().formatHex(StepExecutor.random(16));
        private Optional<AppProcess> worker = Optional.empty();
        private Optional<QueueSampler> queue = Optional.empty();
        private PostgresSampler postgres;
        private int nginxPort;
        private String baseUrl;

        Started(StepContext ctx) {
            this.ctx = ctx;
        }

        void start() throws StartException {
            Ladder.Stack stack = step.stack();
            Workload workload = ctx.workload();
            Path stepDir = ctx.stepDir();
            try {
                postgres = opened.add(new PostgresSampler(env.database.url(), env.database.connectionProperties()));
            } catch (SQLException e) {
                throw new StartException(e.getMessage());
            }
            List<String> dbArgs = env.appDatabaseArgs();
            List<String> appExtra = new ArrayList<>();
            try {
                if (stack.pgbouncer()) {
                    ctx.progress().accept("starting PgBouncer (transaction mode, " + StepExecutor.BOUNCER_SERVER_CONNECTIONS
                            + " server connections)");
                    PgBouncer bouncer = opened.add(PgBouncer.start(stepDir.resolve("pgbouncer"), PgBouncer.Upstream.of(
                                    env.database.url(), env.database.user(), env.database.password()),
                            StepExecutor.BOUNCER_SERVER_CONNECTIONS, 1_000));
                    servers.put("pgbouncer", bouncer.process());
                    dbArgs = bouncer.appDatabaseArgs();
                }
                if (stack.memcached()) {
                    ctx.progress().accept("starting memcached");
                    Memcached memcached = opened.add(Memcached.start(stepDir.resolve("memcached"), 256));
                    servers.put("memcached", memcached.process());
                    appExtra.addAll(List.of("--memcached", memcached.hostPort()));
                }
            } catch (IllegalStateException | IOException e) {
                throw new StartException(e.getMessage());
            }
            ctx.progress().accept("starting " + (stack.instances() == 1 ? "the app" : stack.instances() + " app instances")
                    + " (" + StepExecutor.describe(step.app()) + ")");
            try {
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
                            stepDir.resolve(StepExecutor.appLogName(i, stack.instances())), Optional.of(token))));
                }
                if ("queue".equals(step.app().get("tasks"))) {
                    ctx.progress().accept("starting the task worker");
                    worker = Optional.of(opened.add(AppProcess.startReferenceApp(appJvmOptions,
                            workerArgs(step.app(), dbArgs), apps.get(0).baseUrl(), stepDir.resolve("worker.log"),
                            Optional.empty())));
                }
            } catch (IOException e) {
                throw new StartException(e.getMessage());
            }
            // Behind nginx the load goes to nginx's port, chosen now so the injector can be started with it.
            nginxPort = stack.nginx() ? FreePorts.next() : 0;
            baseUrl = stack.nginx() ? "http://127.0.0.1:" + nginxPort : apps.get(0).baseUrl();
            // First requests load classes and fill caches (every route, comments included) as soon as the app answers,
            // beside the injector's own warm-up, and stop when the measurement starts. A short warm-up phase (--quick)
            // gets one round.
            // Where a cached page serves everybody (keyed by path, not by the visitor's cookie), the popular pages
            // are also requested once each, so the measured hit rate is the steady state's: at the story's rate,
            // the warm-up's visitors alone reach only part of them. A short warm-up has no time for that.
            boolean fullWarmUp = workload.warmupSec() >= 5;
            int warmUpRounds = fullWarmUp ? 3 : 1;
            List<String> popular = fullWarmUp && SHARED_CACHES.contains(step.app().getOrDefault("cache", ""))
                    ? VisitPlanner.popularPaths(Environment.DATASET.articles(), Environment.DATASET.users(),
                    StepExecutor.HOT_PAGES)
                    : List.of();
            // Every instance has its own JVM to warm, and the rounds and the fill run side by side: one after the
            // other, they did not fit in the warm-up of a step with two instances, or a new connection per request, on
            // two cores. A shared memcached is filled once, through the first instance; in-process caches through each.
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
        }

        @Override
        public String baseUrl() {
            return baseUrl;
        }

        @Override
        public void configure(RunSettings.Builder settings) {
            settings.usersCsv(env.usersCsv)
                    .articleIdMax(Environment.DATASET.articles())
                    .userIdMax(Environment.DATASET.users());
        }

        @Override
        public void awaitReady() throws StartException {
            Ladder.Stack stack = step.stack();
            if (stack.nginx()) {
                // nginx needs nothing from the instances to start; it proxies to them once they answer
                ctx.progress().accept("starting nginx in front of " + (apps.size() == 1 ? "the instance" : apps.size() + " instances"));
                try {
                    Nginx nginx = opened.add(Nginx.start(ctx.stepDir().resolve("nginx"),
                            apps.stream().map(a -> Integer.parseInt(a.baseUrl().substring(a.baseUrl().lastIndexOf(':') + 1)))
                                    .toList(), nginxPort));
                    servers.put("nginx", nginx.process());
                } catch (IllegalStateException | IOException e) {
                    throw new StartException("nginx: " + e.getMessage());
                }
            }
            for (AppProcess app : apps) {
                try {
                    app.awaitHealthy(Duration.ofSeconds(120));
                } catch (IllegalStateException e) {
                    throw new StartException(e.getMessage());
                }
            }
            warming.forEach(Thread::start);
            if (stack.nginx()) {
                try {
                    AppProcess.checkHealth(baseUrl);
                } catch (IllegalStateException e) {
                    throw new StartException("nginx: " + e.getMessage());
                }
            }
            if (worker.isPresent()) {
                try {
                    worker.get().awaitLogLine(ReferenceWorker.READY, Duration.ofSeconds(90));
                    queue = Optional.of(opened.add(new QueueSampler(env.database.url(), env.database.connectionProperties())));
                } catch (IllegalStateException e) {
                    throw new StartException("task worker: " + e.getMessage());
                } catch (SQLException e) {
                    throw new StartException(e.getMessage());
                }
            }
            if (stack.split()) {
                List<Long> others = new ArrayList<>(apps.stream().map(AppProcess::pid).toList());
                worker.ifPresent(w -> others.add(w.pid()));
                servers.values().forEach(sp -> others.add(sp.pid()));
                Optional<String> problem = opened.add(CpuSplit.apply(env.database.embedded() ? env.databasePids() : List.of(),
                        others)).problem();
                problem.ifPresent(ctx.missing()::add);
                ctx.progress().accept(problem.map(p -> "split: " + p).orElse("split: the database on CPU 0, the rest on the other CPUs"));
            }
        }

        @Override
        public void watch(ResourceSampler resources, Supplier<Collection<Long>> injector) {
            resources.watch("app", () -> apps.stream().map(AppProcess::pid).toList())
                    .watch("database", env::databasePids)
                    .watch("injector", injector);
            if (apps.size() > 1) {
                for (int i = 0; i < apps.size(); i++) {
                    AppProcess a = apps.get(i);
                    resources.watch("app-" + (i + 1), () -> List.of(a.pid()));
                }
            }
            worker.ifPresent(w -> resources.watch("worker", () -> List.of(w.pid())));
            servers.forEach((name, sp) -> resources.watch(name, () -> List.of(sp.pid())));
        }

        @Override
        public void beforeLoad() throws StartException {
            try {
                postgres.start();
            } catch (SQLException e) {
                throw new StartException(e.getMessage());
            }
            queue.ifPresent(QueueSampler::start);
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
                ctx.missing().add("the app's warm-up requests were cut short when the measurement started");
            }
            for (AppProcess app : apps) {
                if (app.diagnostics(true).isEmpty()) {
                    ctx.missing().add("diagnostics reset after warm-up failed: the snapshot includes the warm-up");
                }
            }
        }

        @Override
        public Optional<List<QueueSampler.Sample>> queueSamples() {
            return queue.map(QueueSampler::samples);
        }

        @Override
        public Collected afterLoad(RunOutcome outcome) throws IOException, InterruptedException {
            List<Optional<String>> diagnostics = apps.stream().map(a -> a.diagnostics(false)).toList();
            AsyncJobs jobs = null;
            if (queue.isPresent()) {
                jobs = asyncJobs(queue.get(), outcome);
                if (!worker.get().alive()) {
                    ctx.missing().add("the task worker exited during the step: " + worker.get().lastLogLine());
                }
            }
            PostgresSampler.Summary pg = postgres.finish();
            StepExecutor.writeJson(ctx.stepDir().resolve("postgres.json"), Map.of("summary", pg, "samples", postgres.samples()));
            for (AppProcess app : apps) {
                if (!app.alive()) {
                    ctx.missing().add("the app exited during the load test: " + app.lastLogLine());
                }
            }
            servers.forEach((name, sp) -> {
                if (!sp.alive()) {
                    ctx.missing().add(name + " exited during the step: " + sp.lastLogLine());
                }
            });
            return new Collected(diagnostics, postgres.samples(), servers, jobs, Map.of());
        }

        /**
         * After the load: lets the worker finish what was enqueued (at most {@link StepExecutor#QUEUE_DRAIN}), then
         * takes the outcomes of the jobs enqueued during the measurement, and writes the queue depth series to
         * {@code tasks.json}.
         */
        private AsyncJobs asyncJobs(QueueSampler queue, RunOutcome outcome) throws IOException, InterruptedException {
            var run = outcome.results().run();
            Instant from = Instant.ofEpochMilli(run.measurementStartedAtEpochMs());
            Instant to = from.plusMillis(Math.round(run.measuredSec() * 1000));
            ctx.progress().accept("waiting for the task worker to finish the queued jobs");
            long pending = queue.awaitDrained(StepExecutor.QUEUE_DRAIN);
            if (pending > 0) {
                ctx.missing().add(pending + " queued job" + (pending == 1 ? " was" : "s were") + " still waiting, retrying or "
                        + "running " + StepExecutor.QUEUE_DRAIN.toSeconds() + " s after the load; the job figures leave them out");
            }
            TaskStats stats;
            try {
                stats = queue.outcomes(from, to);
            } catch (SQLException e) {
                ctx.missing().add("task outcomes: " + e.getMessage());
                return null;
            }
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("measuredFrom", from.toString());
            file.put("measuredTo", to.toString());
            file.put("outcomes", stats);
            file.put("pendingAfterDrain", pending);
            file.put("samples", queue.samples());
            StepExecutor.writeJson(ctx.stepDir().resolve("tasks.json"), file);
            return ResultMapping.asyncJobs(stats, queue.samples(), from);
        }

        @Override
        public void close() {
            opened.close();
        }
    }

    /** {@code scalelab app --role worker} arguments: the step's database and the work's simulated latency. */
    private static List<String> workerArgs(Map<String, String> switches, List<String> dbArgs) {
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
}
