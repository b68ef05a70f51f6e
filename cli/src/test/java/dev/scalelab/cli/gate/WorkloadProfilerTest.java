package dev.scalelab.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the gate sends for a workload: each request once, in journey order, signed in as the file says. */
class WorkloadProfilerTest {
    HttpServer server;
    String base;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void server() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Records each request; {@code /login} sets a session cookie that {@code /items} needs. */
    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String cookie = x.getRequestHeaders().getFirst("Cookie");
        String path = x.getRequestURI().toString();
        seen.add(x.getRequestMethod() + " " + path + (body.isEmpty() ? "" : " " + body)
                + (cookie == null ? "" : " [" + cookie + "]"));
        int status = 200;
        if (path.equals("/login")) {
            x.getResponseHeaders().add("Set-Cookie", "session=" + body.substring(body.indexOf('=') + 1) + "; Path=/");
            status = 303;
        } else if (path.equals("/logout")) {
            x.getResponseHeaders().add("Set-Cookie", "session=; Max-Age=0; Path=/");
            status = 303;
        } else if (path.startsWith("/items") && cookie == null) {
            status = 401;
        } else if (path.equals("/cart")) {
            status = 201;
        }
        x.getResponseHeaders().add("Server-Timing", "db;dur=0.4;desc=\"" + path.length() + " statements\"");
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    static Workload workload(String yaml) {
        return WorkloadFiles.parse("shop.yaml", yaml, Path.of("."), Map.of());
    }

    @Test
    void each_request_once_in_journey_order_per_visitor_signed_in_where_the_journey_says() throws Exception {
        Workload w = workload("""
                name: shop
                load: {visitors: 2}
                feeders:
                  users: {list: [ann, bob], order: per-visitor}
                signIn:
                  feeder: users
                  share: 0.3
                  form: {path: /login, fields: {email: '${users}'}, expect: 303}
                signOut: {method: POST, path: /logout, expect: 303}
                journeys:
                  - name: browse
                    share: 0.7
                    requests:
                      - {name: 'GET /', get: /, when: anonymous, think: 5s}
                      - signIn
                      - repeat: {times: 2..5, requests: [{name: 'GET /items/{id}', get: /items/7}]}
                      - oneOf: [{weight: 0.4, requests: [{get: /a}]}, {weight: 0.6, requests: [{get: /b, query: {q: x y}}]}]
                  - name: buy
                    share: 0.3
                    requests:
                      - {name: 'POST /cart', post: /cart, form: {item: '1'}, expect: 201}
                """);
        Map<String, WorkloadProfiler.Tally> tallies = new WorkloadProfiler(w, base, line -> { }).run();

        List<String> visit = List.of("GET /", "POST /login email=%1$s", "GET /items/7 [session=%1$s]",
                "GET /a [session=%1$s]", "GET /b?q=x+y [session=%1$s]", "POST /cart item=1 [session=%1$s]",
                "POST /logout [session=%1$s]");
        List<String> expected = new ArrayList<>();
        visit.forEach(l -> expected.add(l.formatted("ann")));
        visit.forEach(l -> expected.add(l.formatted("bob")));
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(tallies.keySet()).containsExactly("GET /", "POST /login", "GET /items/{id}", "GET /a", "GET /b",
                "POST /cart", "POST /logout");
        assertThat(tallies.get("GET /items/{id}")).isEqualTo(new WorkloadProfiler.Tally(2, 0, "/items/7".length(), List.of()));
    }

    @Test
    void without_a_sign_in_step_the_visitor_signs_in_first_and_a_wrong_status_is_an_error() throws Exception {
        Workload w = workload("""
                name: shop
                load: {rate: 3, durationSec: 60}
                feeders:
                  users: {list: [ann], order: circular}
                signIn:
                  feeder: users
                  form: {path: /login, fields: {email: '${users}'}, expect: 200}
                journeys:
                  - name: browse
                    share: 1
                    requests:
                      - {name: 'GET /items/{id}', get: /items/7}
                      - {name: 'GET /only-anonymous', get: /x, when: anonymous}
                """);
        Map<String, WorkloadProfiler.Tally> tallies = new WorkloadProfiler(w, base, line -> { }).run();
        // the sign-in answered another status: the visitor stays anonymous (its cookie aside)
        assertThat(seen).containsExactly("POST /login email=ann", "GET /items/7 [session=ann]", "GET /x [session=ann]");
        assertThat(tallies.get("POST /login")).isEqualTo(new WorkloadProfiler.Tally(1, 1, "/login".length(),
                List.of("POST /login: expected 200, answered 303 (POST " + base + "/login)")));
    }

    @Test
    void a_request_the_client_cannot_send_is_an_error_of_its_route_not_a_crash() throws Exception {
        Workload w = workload("""
                name: shop
                journeys:
                  - name: browse
                    share: 1
                    requests:
                      - {get: /, headers: {Host: example.com}}
                      - {get: /a}
                """);
        Map<String, WorkloadProfiler.Tally> tallies = new WorkloadProfiler(w, base, line -> { }).run();
        assertThat(seen).containsExactly("GET /a");
        assertThat(tallies.get("GET /").errors()).isEqualTo(1);
        assertThat(tallies.get("GET /").problems()).singleElement().asString()
                .isEqualTo("GET /: cannot send it (restricted header name: \"Host\") to " + base + "/");
    }

    @Test
    void server_timing_counts_are_read_from_the_db_metric() {
        assertThat(WorkloadProfiler.statements("db;dur=12.5;desc=\"7 statements\"")).isEqualTo(7);
        assertThat(WorkloadProfiler.statements("cache;desc=\"hit\", db;dur=1;desc=\"1 statement\"")).isEqualTo(1);
        assertThat(WorkloadProfiler.statements("app;dur=3")).isNull();
    }
}
