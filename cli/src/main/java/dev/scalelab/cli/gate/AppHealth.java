package dev.scalelab.cli.gate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Waits until an app's health path answers 200, saying so every few seconds, and gives up at once when the app's
 * process has exited (a start command that fails is one line, not a two-minute wait).
 */
public final class AppHealth {
    private static final long POLL_MS = 100;
    private static final long PROGRESS_EVERY_MS = 5_000;

    /** Whether the started process has exited: its exit code and last log line, else null. */
    public interface Exited extends Supplier<String> {
        Exited NEVER = () -> null;
    }

    private AppHealth() {
    }

    /**
     * @param url      the full health URL, e.g. {@code http://127.0.0.1:8080/actuator/health}
     * @param exited   null while the app's process runs; else why it ended (a start command)
     * @param progress one line every few seconds while waiting
     * @throws IllegalStateException one line: the process exited, or the path did not answer 200 in time
     */
    public static void await(String url, Duration timeout, Exited exited, Consumer<String> progress, Clock clock)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ask;
        try {
            ask = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the health URL " + url + " is not a valid URL (" + e.getMessage()
                    + "); check --url and --health");
        }
        long start = clock.millis();
        long deadline = start + timeout.toMillis();
        long nextProgress = start + PROGRESS_EVERY_MS;
        String last = "no answer yet";
        while (true) {
            String gone = exited.get();
            if (gone != null) {
                throw new IllegalStateException("the start command " + gone + " before GET " + url + " answered 200");
            }
            try {
                HttpResponse<Void> r = http.send(ask, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "answered " + r.statusCode();
            } catch (IOException e) {
                last = e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
            }
            long now = clock.millis();
            if (now >= deadline) {
                throw new IllegalStateException("GET " + url + " did not answer 200 within " + timeout.toSeconds()
                        + " s (last: " + last + "); check the app's health path (--health PATH) and its log");
            }
            if (now >= nextProgress) {
                progress.accept("waiting for GET " + url + " to answer 200 (" + (now - start) / 1000 + " s, " + last + ")");
                nextProgress = now + PROGRESS_EVERY_MS;
            }
            Thread.sleep(POLL_MS);
        }
    }
}
