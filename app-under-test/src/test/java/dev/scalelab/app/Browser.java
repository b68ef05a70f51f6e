package dev.scalelab.app;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One visitor with a cookie jar, as a browser would be. */
final class Browser {
    private static final Pattern STATEMENTS = Pattern.compile("desc=\"(\\d+) statements\"");
    private static final Pattern GREETING = Pattern.compile("<span id=\"greeting\">Hello, ([^<]*)</span>");

    private final String base;
    private final HttpClient http;

    Browser(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(long userId) throws IOException, InterruptedException {
        return post("/login", Map.of("email", "user" + userId + "@scalelab.test", "password", "password"));
    }

    static int statements(HttpResponse<?> r) {
        String h = r.headers().firstValue("Server-Timing").orElseThrow(() -> new AssertionError("no Server-Timing header"));
        Matcher m = STATEMENTS.matcher(h);
        if (!m.find()) {
            throw new AssertionError("Server-Timing without a statement count: " + h);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The name in the page's greeting, or "anonymous" when the page shows the sign-in link. */
    static String greeted(HttpResponse<String> r) {
        Matcher m = GREETING.matcher(r.body());
        if (m.find()) {
            return m.group(1);
        }
        if (r.body().contains("<a id=\"signin\" href=\"/login\">Sign in</a>")) {
            return "anonymous";
        }
        throw new AssertionError("page has neither a greeting nor a sign-in link: " + r.body());
    }
}
