package dev.scalelab.loadtests.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Is the target there? One {@code GET /health} before any load is sent, so a wrong URL or a
 * stopped app gives one clear line instead of a run full of connection errors.
 */
public final class Preflight {

    /** Outcome of the check; {@code problem} is null when the target answered 200. */
    public record Result(URI url, int status, long elapsedMs, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private Preflight() {
    }

    /** The health path of the reference app, and of a workload file that names none. */
    public static final String DEFAULT_HEALTH_PATH = "/health";

    /** {@code GET <baseUrl>/health}, 200 expected, within {@code timeout}. Never throws for network problems. */
    public static Result check(URI baseUrl, Duration timeout) {
        return check(baseUrl, DEFAULT_HEALTH_PATH, timeout);
    }

    /** {@code GET <baseUrl><healthPath>}, 200 expected, within {@code timeout}. Never throws for network problems. */
    public static Result check(URI baseUrl, String healthPath, Duration timeout) {
        URI url = healthUrl(baseUrl, healthPath);
        long start = System.nanoTime();
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "scalelab-preflight").build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long ms = elapsedMs(start);
            if (response.statusCode() == 200) {
                return new Result(url, 200, ms, null);
            }
            String hint = response.statusCode() == 503
                    ? " (the app is up but its database does not answer)"
                    : response.statusCode() != 404 ? ""
                    : healthPath.equals(DEFAULT_HEALTH_PATH) ? " (is this the right base URL? the app answers /health)"
                    : " (is this the right base URL? the workload file names " + healthPath + " under probes: health:)";
            return new Result(url, response.statusCode(), ms,
                    "preflight failed: GET " + url + " answered " + response.statusCode() + ", expected 200" + hint);
        } catch (HttpTimeoutException e) {
            return new Result(url, 0, elapsedMs(start), "preflight failed: GET " + url + " did not answer within "
                    + timeout.toMillis() + " ms; is the app running and listening there?");
        } catch (ConnectException e) {
            return new Result(url, 0, elapsedMs(start), "preflight failed: GET " + url
                    + " could not connect (connection refused); start the app or check the base URL");
        } catch (IOException e) {
            return new Result(url, 0, elapsedMs(start), "preflight failed: GET " + url + " failed: "
                    + describe(e) + "; start the app or check the base URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(url, 0, elapsedMs(start), "preflight interrupted: GET " + url);
        }
    }

    /**
     * Loads the HTTP client's classes (a few hundred on first use) with one check against a one-shot server of its
     * own on loopback, so a later {@link #check} measures the target, not the client's first use. For an injector
     * that boots while its target starts and must send it nothing until told to go. Never throws.
     */
    public static void warmUp() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(2_000);
                    // read the request up to the empty line that ends its head, then answer
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    String line;
                    do {
                        line = in.readLine();
                    } while (line != null && !line.isEmpty());
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the check reports it, and nobody reads that
                }
            }, "scalelab-preflight-warm-up");
            answer.setDaemon(true);
            answer.start();
            check(URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort()),
                    Duration.ofSeconds(2));
        } catch (IOException e) {
            // no loopback socket: the real check will pay for the classes
        }
    }

    public static URI healthUrl(URI baseUrl) {
        return healthUrl(baseUrl, DEFAULT_HEALTH_PATH);
    }

    public static URI healthUrl(URI baseUrl, String healthPath) {
        String base = baseUrl.toString();
        String path = healthPath.startsWith("/") ? healthPath : "/" + healthPath;
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
