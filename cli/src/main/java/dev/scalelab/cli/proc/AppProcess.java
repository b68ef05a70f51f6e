package dev.scalelab.cli.proc;

import dev.scalelab.loadtests.runner.ClassArchive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * The reference app (or the user's app) in a child process: started with its log in the step folder, ready
 * when {@code GET /health} answers 200, stopped with its descendants.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final Optional<String> diagnosticsToken;
    /**
     * How often readiness is checked: a refused loopback connection or a log read costs far less than the time a
     * coarser poll leaves between the app being ready and the step going on (half the interval, on average).
     */
    private static final long POLL_MS = 50;
    /** Cache-filling requests in flight at once. */
    private static final int FILL_IN_FLIGHT = 4;
    private ClassArchive archive = ClassArchive.none();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AppProcess(Process process, String baseUrl, Path log, Optional<String> diagnosticsToken) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
        this.diagnosticsToken = diagnosticsToken;
    }

    /** Starts {@code command}; its output goes to {@code log}. */
    public static AppProcess start(List<String> command, String baseUrl, Path log, Optional<String> diagnosticsToken)
            throws IOException {
        return start(command, null, java.util.Map.of(), baseUrl, log, diagnosticsToken);
    }

    /**
     * Starts {@code command} in {@code directory} (null: this one's) with {@code env} added to this process's
     * environment; its output goes to {@code log}.
     */
    public static AppProcess start(List<String> command, Path directory, java.util.Map<String, String> env,
                                   String baseUrl, Path log, Optional<String> diagnosticsToken) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(env);
        return new AppProcess(ChildProcesses.register(pb.start()), baseUrl, log, diagnosticsToken);
    }

    /**
     * The reference app (or its task worker) from this JVM's own classpath, with the given {@code scalelab app}
     * arguments; its classes come from a shared archive after the first start (see {@link ClassArchive}).
     */
    public static AppProcess startReferenceApp(List<String> appArgs, String baseUrl, Path log,
                                               Optional<String> diagnosticsToken) throws IOException {
        return startReferenceApp(List.of(), appArgs, baseUrl, log, diagnosticsToken);
    }

    /** As {@link #startReferenceApp(List, String, Path, Optional)}, with more JVM options. */
    public static AppProcess startReferenceApp(List<String> jvmOptions, List<String> appArgs, String baseUrl, Path log,
                                               Optional<String> diagnosticsToken) throws IOException {
        String classpath = ownClasspath();
        ClassArchive archive = ClassArchive.of("app", classpath);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        cmd.add("-XX:+UseParallelGC");
        // A fresh JVM's first collections copy into heap pages never touched before, and on a small VM each page
        // fault is slow: young pauses of 65-115 ms here, one of them inside most measurement windows. Touching the
        // heap at start (cheap with transparent huge pages) leaves pauses of 10-25 ms. The JVM says so in the app's
        // log when the system has no huge pages, and pre-touches with small ones (about 0.8 s more per start).
        cmd.add("-XX:+AlwaysPreTouch");
        cmd.add("-XX:+UseTransparentHugePages");
        cmd.addAll(jvmOptions);
        cmd.addAll(archive.jvmOptions());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("dev.scalelab.cli.Main");
        cmd.add("app");
        cmd.addAll(appArgs);
        AppProcess app = start(cmd, baseUrl, log, diagnosticsToken);
        app.archive = archive;
        return app;
    }

    /** This JVM's classpath with absolute entries, so children started in other folders find it. */
    public static String ownClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** Waits until {@code /health} answers 200; throws {@link IllegalStateException} with the reason otherwise. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with code " + process.exitValue() + " before it was ready: "
                        + lastLogLine());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "GET /health answered " + r.statusCode();
            } catch (IOException e) {
                last = "GET /health: " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the app");
            }
            sleep(POLL_MS);
        }
        throw new IllegalStateException("the app was not ready after " + timeout.toSeconds() + " s (" + last + "); see " + log);
    }

    /**
     * Waits until the log has a line containing {@code marker} (for processes without HTTP, such as the task
     * worker); throws {@link IllegalStateException} with the reason otherwise.
     */
    public void awaitLogLine(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(marker)) {
                    return;
                }
            } catch (IOException e) {
                // not readable yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with code " + process.exitValue()
                        + " before it was ready: " + lastLogLine());
            }
            sleep(POLL_MS);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting for " + log.getFileName());
            }
        }
        throw new IllegalStateException("not ready after " + timeout.toSeconds() + " s (no '" + marker + "' in " + log
                + "): " + lastLogLine());
    }

    /**
     * Sends every kind of request of the story once or twice (pages, sign-in, a comment, sign-out), so the first
     * measured request of a route does not pay for class loading and first-use initialization in this JVM (the
     * comment POST's notifier, the ORM's insert path). Sends nothing once {@code stop} says so, so the warm-up does
     * not run into the measurement on a slow step. Returns false when stopped before the end. Failures are left to the
     * load test to report.
     */
    public boolean warmUp(int rounds, BooleanSupplier stop) {
        HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .cookieHandler(new java.net.CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            for (int i = 1; i <= rounds; i++) {
                for (String path : List.of("/", "/articles/" + i, "/users/" + i, "/login")) {
                    if (!get(browser, path, stop)) {
                        return false;
                    }
                }
                if (stop.getAsBoolean()) {
                    return false;
                }
                post(browser, "/login", "email=user" + (i + 1) + "%40scalelab.test&password=password");
                post(browser, "/articles/" + i + "/comments", "body=Warming+up.");
                post(browser, "/logout", "");
            }
        } catch (IOException e) {
            // the load test reports what does not answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * Requests each path once, without cookies, as the first visitors of a freshly deployed site would: a page cache
     * then holds the popular pages before anything is measured, and a short run measures the steady state's hit rate
     * instead of the cold start's. Sends nothing once {@code stop} says so; returns false when stopped before the end.
     * Failures are left to the load test to report.
     */
    public boolean fillCache(List<String> paths, BooleanSupplier stop) {
        HttpClient crawler = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        // A few requests in flight: one at a time, a slow step (a new database connection per request on two cores)
        // did not get through the popular pages within the warm-up.
        Semaphore inFlight = new Semaphore(FILL_IN_FLIGHT);
        boolean complete = true;
        try {
            for (String path : paths) {
                if (stop.getAsBoolean()) {
                    complete = false;
                    break;
                }
                inFlight.acquire();
                crawler.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release());
            }
            inFlight.acquire(FILL_IN_FLIGHT); // the last ones answered (failures are the load test's to report)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            complete = false;
        }
        return complete;
    }

    /** GET {@code path} unless {@code stop} says so; false when it does. */
    private boolean get(HttpClient client, String path, BooleanSupplier stop) throws IOException, InterruptedException {
        if (stop.getAsBoolean()) {
            return false;
        }
        client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
        return true;
    }

    private void post(HttpClient browser, String path, String form) throws IOException, InterruptedException {
        browser.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Checks once that {@code GET baseUrl/health} answers 200 (e.g. through a proxy); throws otherwise. */
    public static void checkHealth(String baseUrl) {
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + baseUrl + "/health answered " + r.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("GET " + baseUrl + "/health failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + baseUrl);
        }
    }

    /** GET or POST on the diagnostics endpoint; empty when it is off or not reachable. */
    public Optional<String> diagnostics(boolean reset) {
        if (diagnosticsToken.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/_scalelab/diagnostics" + (reset ? "/reset" : "")))
                    .timeout(Duration.ofSeconds(10)).header("X-Scalelab-Token", diagnosticsToken.get());
            b = reset ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() / 100 == 2 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The token the app was started with for its diagnostics endpoint; empty when it got none. */
    public Optional<String> diagnosticsToken() {
        return diagnosticsToken;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The exit code once the process has ended. */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    public Path log() {
        return log;
    }

    /** The last {@code n} non-empty lines of the log, joined with " | " for a one-line message. */
    public String lastLogLines(int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                return "(the log is empty)";
            }
            String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
            return joined.length() > 500 ? "…" + joined.substring(joined.length() - 500) : joined;
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log)";
        }
    }

    public String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).strip();
                if (!l.isEmpty() && !l.startsWith("at ")) {
                    return l.length() > 300 ? l.substring(0, 300) + "…" : l;
                }
            }
            return "(the log is empty)";
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        archive.publish(ChildProcesses.stop(process, Duration.ofSeconds(10)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
