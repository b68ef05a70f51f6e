package dev.scalelab.loadtests.testserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small loopback server speaking the reference app's HTTP contract (routes, session cookie,
 * greeting markup, {@code Server-Timing}, {@code X-Cache}, {@code X-Db-Error}) and counting what
 * it did, so tests can compare the client's recording with the server's own figures.
 *
 * <p>Statements per route: {@code /} 4, an article {@code 2 + id % 3}, a profile 3, the sign-in
 * form 0, posts 2, health 1. Cache: {@code /} always MISS (a cache keyed by a cookie that never
 * repeats), an article HIT when its id is even and MISS when odd, other routes no cache.
 */
public final class ContractServer implements AutoCloseable {

    /** How the server misbehaves. */
    public enum Mode {
        /** Follows the contract. */
        CORRECT,
        /** A shared page cache keyed by path only: the first page rendered for a path is served to everybody. */
        SHARED_PAGE_CACHE,
        /** Every {@code refuseEvery}-th page request gets 503 with {@code X-Db-Error: 53300}. */
        CONNECTIONS_EXHAUSTED,
        /** Every {@code refuseEvery}-th page request gets no response: the connection is closed. */
        DROPS_CONNECTIONS
    }

    private static final Pattern ARTICLE = Pattern.compile("^/articles/(\\d+)$");
    private static final Pattern COMMENTS = Pattern.compile("^/articles/(\\d+)/comments$");
    private static final Pattern PROFILE = Pattern.compile("^/users/(\\d+)$");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Mode mode;
    private final int refuseEvery;
    private final Map<String, String> passwordByEmail = new HashMap<>();
    private final Map<String, String> nameByEmail = new HashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> sharedPages = new ConcurrentHashMap<>();
    private final Map<String, String> sharedGreetings = new ConcurrentHashMap<>();
    private final AtomicLong pageCounter = new AtomicLong();

    /** Requests per route template, preflight requests excluded. */
    public final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    /** Sum of statements announced per route template. */
    public final Map<String, LongAdder> statements = new ConcurrentHashMap<>();
    public final Map<String, LongAdder> hits = new ConcurrentHashMap<>();
    public final Map<String, LongAdder> misses = new ConcurrentHashMap<>();
    public final LongAdder refused = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    /** Pages whose greeting was not the requester's. */
    public final LongAdder leaksServed = new LongAdder();
    public final LongAdder preflights = new LongAdder();

    public ContractServer(Mode mode, int refuseEvery, Map<String, String> names, String password) {
        this.mode = mode;
        this.refuseEvery = refuseEvery;
        names.forEach((email, name) -> {
            nameByEmail.put(email, name);
            passwordByEmail.put(email, password);
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A loopback port nothing listens on (it was free a moment ago): a target that refuses connections. */
    public static int deadPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Users {@code user<N>@scalelab.test} named "First<N> Last<N>", user 1 "Gina Caputo", as the seeded dataset. */
    public static Map<String, String> seededNames(int users) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 1; i <= users; i++) {
            names.put("user" + i + "@scalelab.test", i == 1 ? "Gina Caputo" : "Reader " + i + " O'Neil");
        }
        return names;
    }

    /** Writes the users CSV the load tests read. */
    public static Path writeUsersCsv(Path file, Map<String, String> names) throws IOException {
        StringBuilder csv = new StringBuilder("id,email,password,name\n");
        int id = 1;
        for (Map.Entry<String, String> e : names.entrySet()) {
            csv.append(id++).append(',').append(e.getKey()).append(",password,").append(e.getValue()).append('\n');
        }
        Files.writeString(file, csv.toString());
        return file;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public long requests(String route) {
        LongAdder a = requests.get(route);
        return a == null ? 0 : a.sum();
    }

    public long totalRequests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long count(Map<String, LongAdder> counter, String route) {
        LongAdder a = counter.get(route);
        return a == null ? 0 : a.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String user = signedInName(ex);
            Matcher m;
            if (method.equals("GET") && path.equals("/health")) {
                if ("scalelab-preflight".equals(ex.getRequestHeaders().getFirst("User-Agent"))) {
                    preflights.increment();
                } else {
                    count("GET /health", 1);
                }
                send(ex, 200, "application/json", "{\"status\":\"ok\"}", 1, null);
            } else if (method.equals("GET") && path.equals("/")) {
                page(ex, "GET /", path, user, 4, "MISS");
            } else if (method.equals("GET") && (m = ARTICLE.matcher(path)).matches()) {
                long id = Long.parseLong(m.group(1));
                page(ex, "GET /articles/{id}", path, user, 2 + (int) (id % 3), id % 2 == 0 ? "HIT" : "MISS");
            } else if (method.equals("GET") && PROFILE.matcher(path).matches()) {
                page(ex, "GET /users/{id}", path, user, 3, null);
            } else if (method.equals("GET") && path.equals("/login")) {
                page(ex, "GET /login", path, user, 0, null);
            } else if (method.equals("POST") && path.equals("/login")) {
                count("POST /login", 2);
                Map<String, String> form = form(ex);
                String email = form.getOrDefault("email", "");
                if (form.getOrDefault("password", "").equals(passwordByEmail.get(email))) {
                    String session = UUID.randomUUID().toString();
                    sessions.put(session, nameByEmail.get(email));
                    ex.getResponseHeaders().add("Set-Cookie", "session=" + session + "; HttpOnly; Path=/");
                    ex.getResponseHeaders().add("Location", "/");
                    send(ex, 303, "text/plain", "", 2, null);
                } else {
                    send(ex, 401, "text/html", html(null, "wrong email or password"), 2, null);
                }
            } else if (method.equals("POST") && path.equals("/logout")) {
                count("POST /logout", 0);
                String cookie = cookie(ex);
                if (cookie != null) {
                    sessions.remove(cookie);
                }
                ex.getResponseHeaders().add("Set-Cookie", "session=; Max-Age=0; Path=/");
                ex.getResponseHeaders().add("Location", "/");
                send(ex, 303, "text/plain", "", 0, null);
            } else if (method.equals("POST") && (m = COMMENTS.matcher(path)).matches()) {
                count("POST /articles/{id}/comments", 2);
                form(ex);
                if (user == null) {
                    send(ex, 401, "text/html", html(null, "sign in to comment"), 2, null);
                } else {
                    ex.getResponseHeaders().add("Location", "/articles/" + m.group(1));
                    send(ex, 303, "text/plain", "", 2, null);
                }
            } else {
                send(ex, 404, "text/html", html(user, "not found"), 0, null);
            }
        } catch (DroppedOnPurpose e) {
            throw e;
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void page(HttpExchange ex, String route, String path, String user, int statementCount, String cache)
            throws IOException {
        if (mode == Mode.CONNECTIONS_EXHAUSTED && pageCounter.incrementAndGet() % refuseEvery == 0) {
            count(route, 0);
            refused.increment();
            ex.getResponseHeaders().add("X-Db-Error", "53300");
            send(ex, 503, "text/html", "<html><body>The database refused a connection: too many clients.</body></html>",
                    0, null);
            return;
        }
        if (mode == Mode.DROPS_CONNECTIONS && pageCounter.incrementAndGet() % refuseEvery == 0) {
            count(route, 0);
            dropped.increment();
            throw new DroppedOnPurpose();
        }
        if (mode == Mode.SHARED_PAGE_CACHE) {
            String cached = sharedPages.get(path);
            if (cached != null) {
                count(route, 0);
                hits.computeIfAbsent(route, k -> new LongAdder()).increment();
                String greeted = sharedGreetings.get(path);
                if (!greeted.equals(user == null ? "anonymous" : user)) {
                    leaksServed.increment();
                }
                send(ex, 200, "text/html", cached, 0, "HIT");
                return;
            }
            String body = html(user, route);
            sharedPages.putIfAbsent(path, body);
            sharedGreetings.putIfAbsent(path, user == null ? "anonymous" : user);
            count(route, statementCount);
            misses.computeIfAbsent(route, k -> new LongAdder()).increment();
            send(ex, 200, "text/html", body, statementCount, "MISS");
            return;
        }
        count(route, statementCount);
        if ("HIT".equals(cache)) {
            hits.computeIfAbsent(route, k -> new LongAdder()).increment();
        } else if ("MISS".equals(cache)) {
            misses.computeIfAbsent(route, k -> new LongAdder()).increment();
        }
        send(ex, 200, "text/html", html(user, route), statementCount, cache);
    }

    private void count(String route, int statementCount) {
        requests.computeIfAbsent(route, k -> new LongAdder()).increment();
        statements.computeIfAbsent(route, k -> new LongAdder()).add(statementCount);
    }

    private static String html(String user, String content) {
        String header = user == null
                ? "<a id=\"signin\" href=\"/login\">Sign in</a>"
                : "<span id=\"greeting\">Hello, " + escape(user) + "</span>";
        return "<!doctype html><html><head><title>scalelab</title></head><body><header>" + header
                + "</header><main><p>" + escape(content) + "</p></main>"
                + "<footer id=\"render-time\">rendered in 0.3 ms</footer></body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static void send(HttpExchange ex, int status, String type, String body, int statementCount, String cache)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        ex.getResponseHeaders().add("Server-Timing", "db;dur=0.5;desc=\"" + statementCount + " statements\"");
        if (cache != null) {
            ex.getResponseHeaders().add("X-Cache", cache);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    private String signedInName(HttpExchange ex) {
        String cookie = cookie(ex);
        return cookie == null ? null : sessions.get(cookie);
    }

    private static String cookie(HttpExchange ex) {
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith("session=") && p.length() > "session=".length()) {
                    return p.substring("session=".length());
                }
            }
        }
        return null;
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** Makes the JDK server close the connection without answering. */
    private static final class DroppedOnPurpose extends RuntimeException {
        DroppedOnPurpose() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
