package dev.scalelab.cli.ladder;

import dev.scalelab.cli.gate.SnapshotClient;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.ResourceSampler;
import dev.scalelab.loadtests.runner.RunOutcome;
import dev.scalelab.loadtests.runner.RunSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The user's own app in a step: started by a command ({@code process} present) or already running. Ready when its
 * health path answers 200; its CPU and memory are sampled when scalelab started it. Its database is its own, so
 * PostgreSQL's view is not collected. When the app serves a diagnostics endpoint (the Spring Boot starter's, or the
 * library's {@code DiagnosticsEndpoint}; see {@link SnapshotClient}) its snapshot gives exact statements per route
 * and the N+1 findings; otherwise statements per request come from its {@code Server-Timing} headers.
 */
final class OwnTarget implements Target {
    private static final long POLL_MS = 100;

    private final Ladder.OwnApp own;
    private final StepContext ctx;
    private final String baseUrl;
    private final String healthPath;
    private final Optional<AppProcess> process;
    private final Opened opened;
    private final Map<String, Path> logs = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    OwnTarget(Ladder.OwnApp own, StepContext ctx, String baseUrl, Optional<AppProcess> process, Opened opened) {
        this.own = own;
        this.ctx = ctx;
        this.baseUrl = Targets.base(baseUrl);
        this.healthPath = own.health().orElseGet(() -> ctx.workload().file().map(LadderWorkloads::healthPath)
                .orElse(LadderWorkloads.DEFAULT_HEALTH));
        this.process = process;
        this.opened = opened;
        process.ifPresent(p -> logs.put("app log", p.log()));
    }

    /** Adds a log the report links to (the build's). */
    OwnTarget log(String label, Path file) {
        logs.put(label, file);
        return this;
    }

    /** The app's process, when scalelab started it. */
    Optional<AppProcess> process() {
        return process;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void configure(RunSettings.Builder settings) {
        own.usersCsv().ifPresent(settings::usersCsv);
        if (own.articleIdMax() > 0) {
            settings.articleIdMax(own.articleIdMax());
        }
        if (own.userIdMax() > 0) {
            settings.userIdMax(own.userIdMax());
        }
    }

    @Override
    public void awaitReady() throws StartException, InterruptedException {
        String url = baseUrl + healthPath;
        if (process.isEmpty()) {
            Optional<String> problem = answer(url);
            if (problem.isPresent()) {
                throw new StartException("your app at " + baseUrl + " is not ready: GET " + url + " " + problem.get()
                        + "; start your app first, or give the step a 'start' command");
            }
            return;
        }
        AppProcess app = process.get();
        Duration timeout = Duration.ofSeconds(own.startTimeoutSec());
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "did not answer";
        while (System.nanoTime() < deadline) {
            if (!app.alive()) {
                throw new StartException("your app exited with code " + app.exitCode().orElse(-1) + " before GET " + url
                        + " answered 200; last lines of " + app.log().getFileName() + ": " + app.lastLogLines(3)
                        + " (run the start command by hand to see why)");
            }
            Optional<String> a = answer(url);
            if (a.isEmpty()) {
                return;
            }
            last = a.get();
            Thread.sleep(POLL_MS);
        }
        String hint = last.startsWith("answered")
                ? "set the step's 'health' to a path that answers 200 once the app is ready (e.g. /actuator/health)"
                : "check that the app listens on " + baseUrl + " (set the step's 'url', or use ${port} in the command), "
                + "or give it more time with 'startTimeoutSec'";
        throw new StartException("your app did not answer GET " + url + " with 200 within " + timeout.toSeconds()
                + " s (it " + last + "); last lines of " + app.log().getFileName() + ": " + app.lastLogLines(3) + "; "
                + hint);
    }

    /** Empty when {@code url} answered 200; else "answered N" or "did not answer (reason)". */
    private Optional<String> answer(String url) throws InterruptedException {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? Optional.empty() : Optional.of("answered " + r.statusCode());
        } catch (IOException e) {
            return Optional.of("did not answer (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage()) + ")");
        }
    }

    @Override
    public void watch(ResourceSampler resources, Supplier<Collection<Long>> injector) {
        if (process.isPresent()) {
            AppProcess a = process.get();
            resources.watch("app", () -> Stream.concat(Stream.of(a.pid()), ProcessHandle.of(a.pid()).stream()
                    .flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)).toList());
        } else {
            ctx.missing().add("app resources: scalelab did not start the app (no 'start' command), so its CPU and "
                    + "memory were not sampled");
        }
        resources.watch("injector", injector);
    }

    /** The app's diagnostics endpoint; set when the measurement starts, null when no token is known. */
    private volatile SnapshotClient snapshots;

    /**
     * An app with a diagnostics endpoint starts counting afresh when the measurement starts. The token is the one
     * scalelab started the app with, or for an app already running the one in {@code SCALELAB_DIAGNOSTICS_TOKEN}.
     */
    @Override
    public void onMeasurementStart() {
        Optional<String> token = process.flatMap(AppProcess::diagnosticsToken)
                .or(() -> Optional.ofNullable(System.getenv(SnapshotClient.TOKEN_ENV.get(0))).filter(t -> !t.isBlank()));
        if (token.isEmpty()) {
            return;
        }
        snapshots = new SnapshotClient(baseUrl, token.get());
        try {
            snapshots.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the app answered the diagnostics endpoint when the measurement started. */
    private boolean hasDiagnostics() {
        return snapshots != null && snapshots.path().isPresent();
    }

    @Override
    public Collected afterLoad(RunOutcome outcome) {
        if (process.isPresent() && !process.get().alive()) {
            ctx.missing().add("your app exited during the load test: " + process.get().lastLogLine());
        }
        Optional<String> snapshot = readSnapshot();
        // a busy app may answer late: the endpoint that answered at the start gets two more tries
        boolean hasDiagnostics = hasDiagnostics();
        for (int i = 0; i < 2 && snapshot.isEmpty() && hasDiagnostics; i++) {
            sleep(1_000);
            snapshot = readSnapshot();
        }
        if (snapshot.isEmpty() && hasDiagnostics) {
            return new Collected(List.of(Optional.empty()), List.of(), Map.of(), null, logs);
        }
        if (snapshot.isEmpty()) {
            ctx.missing().add("diagnostics snapshot: your app has no diagnostics endpoint at "
                    + String.join(" or ", SnapshotClient.PATHS) + (snapshots == null ? " (no token: scalelab did not "
                    + "start it and " + SnapshotClient.TOKEN_ENV.get(0) + " is not set)" : "")
                    + ", so statements per request come from its Server-Timing headers, which do not count statements"
                    + " run after the response committed; docs/own-app.md says how to add one");
            return new Collected(List.of(), List.of(), Map.of(), null, logs);
        }
        return new Collected(List.of(snapshot), List.of(), Map.of(), null, logs);
    }

    private Optional<String> readSnapshot() {
        if (!hasDiagnostics()) {
            return Optional.empty();
        }
        try {
            return snapshots.readJson();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        opened.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
