package dev.scalelab.cli;

import dev.scalelab.app.AppRole;
import dev.scalelab.app.AppSettings;
import dev.scalelab.app.CacheMode;
import dev.scalelab.app.ConnectionMode;
import dev.scalelab.app.DatabaseSettings;
import dev.scalelab.app.FetchMode;
import dev.scalelab.app.ReferenceApp;
import dev.scalelab.app.ReferenceWorker;
import dev.scalelab.app.Switch;
import dev.scalelab.app.TaskMode;
import dev.scalelab.app.db.DatabaseUnavailableException;
import dev.scalelab.app.web.PortInUseException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab app}: serves the reference site with the chosen scaling switches until Ctrl-C. */
@Command(name = "app", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the reference app (a small community site) with the chosen scaling switches.",
                "Without --db-url it starts an embedded PostgreSQL; nothing needs to be installed."})
public final class AppCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fetch", paramLabel = "MODE", defaultValue = "lazy",
            description = "lazy | eager: how pages load associations (default: ${DEFAULT-VALUE}).")
    String fetch;

    @Option(names = "--connections", paramLabel = "MODE", defaultValue = "per-request",
            description = "per-request | pool: a new connection per request, or HikariCP (default: ${DEFAULT-VALUE}).")
    String connections;

    @Option(names = "--cache", paramLabel = "MODE", defaultValue = "none",
            description = "none | page-by-cookie | page-shared | fragment (default: ${DEFAULT-VALUE}).")
    String cache;

    @Option(names = "--tasks", paramLabel = "MODE", defaultValue = "inline",
            description = "inline | queue: notify followers in the request, or through a durable queue worked by "
                    + "`--role worker` processes (default: ${DEFAULT-VALUE}).")
    String tasks;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "web",
            description = "web | worker: serve the site, or work the task queue (no HTTP site; same database "
                    + "options as the web app) (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--worker-threads", defaultValue = "8",
            description = "Jobs a worker runs at once (default: ${DEFAULT-VALUE}).")
    int workerThreads;

    @Option(names = "--job-retries", defaultValue = "3",
            description = "Retries of a failed job before it is marked failed (default: ${DEFAULT-VALUE}).")
    int jobRetries;

    @Option(names = "--memcached", paramLabel = "HOST:PORT",
            description = "Keep cached pages in this memcached, shared by every app instance (default: in-process).")
    String memcached;

    @Option(names = "--dashboard-port", paramLabel = "PORT",
            description = "Serve the task-queue dashboard on 127.0.0.1:PORT (needs --tasks queue or --role worker; "
                    + "off by default).")
    Integer dashboardPort;

    @Option(names = "--port", defaultValue = "7070", description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--threads", defaultValue = "64", description = "Maximum HTTP worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--pool-size", defaultValue = "10", description = "HikariCP pool size with --connections pool (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--feed-size", defaultValue = "60", description = "Articles on the home page (default: ${DEFAULT-VALUE}).")
    int feedSize;

    @Option(names = "--notify-latency-ms", defaultValue = "150",
            description = "Simulated third-party latency of notifying followers, per comment (default: ${DEFAULT-VALUE}).")
    int notifyLatencyMs;

    @Option(names = "--warm-up-writes", defaultValue = "0", paramLabel = "N",
            description = "Before serving, post N comments in a transaction that is rolled back (nothing is stored, "
                    + "queued or sent), so the comment path is compiled before the first visitor's comment "
                    + "(default: ${DEFAULT-VALUE}).")
    int warmUpWrites;

    @Option(names = "--diagnostics-token", paramLabel = "TOKEN",
            description = "Turn on the diagnostics endpoint for loopback clients sending this token (off by default).")
    String diagnosticsToken;

    @Option(names = "--diagnostics-params",
            description = "Let the diagnostics endpoint show SQL parameter values (redacted by default).")
    boolean diagnosticsParams;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Write every SQL statement as one JSON line to FILE (the trace format of `scalelab analyze`).")
    java.nio.file.Path trace;

    @Option(names = "--session-secret", paramLabel = "SECRET", hidden = true,
            description = "Key that signs session cookies; instances behind one proxy share it.")
    String sessionSecret;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AppSettings settings = settings();
        AutoCloseable app;
        java.util.function.Consumer<String> log = line -> {
            out.println(line);
            out.flush();
        };
        try {
            app = settings.role() == AppRole.WORKER ? ReferenceWorker.start(settings, log) : ReferenceApp.start(settings, log);
        } catch (DatabaseUnavailableException | PortInUseException e) {
            throw new UserError(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                app.close();
            } catch (Exception e) {
                // stopping anyway
            }
            stopped.countDown();
        }, "scalelab-app-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("press Ctrl-C to stop");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    AppSettings settings() {
        try {
            DatabaseSettings db = database.settings();
            AppSettings.Builder b = AppSettings.builder()
                    .host(host)
                    .port(port)
                    .fetch(Switch.parse(FetchMode.class, "--fetch", fetch))
                    .connections(Switch.parse(ConnectionMode.class, "--connections", connections))
                    .cache(Switch.parse(CacheMode.class, "--cache", cache))
                    .tasks(Switch.parse(TaskMode.class, "--tasks", tasks))
                    .jettyThreads(threads)
                    .poolSize(poolSize)
                    .database(db)
                    .feedSize(feedSize)
                    .notifyLatencyMs(notifyLatencyMs)
                    .diagnosticsToken(diagnosticsToken)
                    .diagnosticsParams(diagnosticsParams)
                    .traceFile(trace)
                    .role(Switch.parse(AppRole.class, "--role", role))
                    .workerThreads(workerThreads)
                    .jobRetries(jobRetries)
                    .dashboardPort(dashboardPort)
                    .memcached(memcached)
                    .warmUpWrites(warmUpWrites);
            if (sessionSecret != null) {
                b.sessionSecret(sessionSecret);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
