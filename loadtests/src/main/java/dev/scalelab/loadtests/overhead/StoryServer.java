package dev.scalelab.loadtests.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cheap loopback target speaking the story's routes ({@code /}, {@code /articles/N}, {@code /users/N},
 * {@code /login}, {@code /logout}, comments, {@code /health}) with a session cookie and the greeting markup, so the
 * injector's own cost per story request can be measured without the reference app's CPU in the way.
 */
public final class StoryServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> nameByEmail = new ConcurrentHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();

    /** Users {@code user1@scalelab.test} .. {@code userN}, password {@code password}, names {@code Reader N}. */
    public StoryServer(int threads, int users) throws IOException {
        for (int i = 1; i <= users; i++) {
            nameByEmail.put(email(i), "Reader " + i);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static String email(int i) {
        return "user" + i + "@scalelab.test";
    }

    /** Writes the users CSV {@code id,email,password,name} of this server's users. */
    public static Path writeUsersCsv(Path file, int users) throws IOException {
        StringBuilder csv = new StringBuilder("id,email,password,name\n");
        for (int i = 1; i <= users; i++) {
            csv.append(i).append(',').append(email(i)).append(",password,Reader ").append(i).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, csv);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.increment();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String sid = cookie(exchange);
            String name = sid == null ? null : sessions.get(sid);
            exchange.getResponseHeaders().add("Server-Timing", "db;dur=0.1;desc=\"1 statements\"");
            if (method.equals("POST")) {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (path.equals("/login")) {
                    String email = form(body, "email");
                    String user = email == null ? null : nameByEmail.get(email);
                    if (user == null) {
                        send(exchange, 401, "unknown user");
                        return;
                    }
                    String id = UUID.randomUUID().toString();
                    sessions.put(id, user);
                    exchange.getResponseHeaders().add("Set-Cookie", "sid=" + id + "; Path=/; HttpOnly");
                    redirect(exchange);
                } else if (path.equals("/logout")) {
                    if (sid != null) {
                        sessions.remove(sid);
                    }
                    exchange.getResponseHeaders().add("Set-Cookie", "sid=; Path=/; Max-Age=0");
                    redirect(exchange);
                } else if (name == null) {
                    send(exchange, 401, "sign in first");
                } else {
                    redirect(exchange);
                }
                return;
            }
            if (path.equals("/health")) {
                send(exchange, 200, "{\"status\":\"ok\"}");
                return;
            }
            if (path.equals("/")) {
                exchange.getResponseHeaders().add("X-Cache", "MISS");
            }
            String greeting = name == null ? "" : "<span id=\"greeting\">Hello, " + name + "</span>";
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            send(exchange, 200, "<!doctype html><html><body><header>" + greeting + "</header><main>" + path
                    + "</main></body></html>");
        }
    }

    private static void redirect(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Location", "/");
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String cookie(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith("sid=") && p.length() > 4) {
                return p.substring(4);
            }
        }
        return null;
    }

    private static String form(String body, String field) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(field)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public long requests() {
        return requests.sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
