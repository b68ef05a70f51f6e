package dev.scalelab.cli.proc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PgBouncer, memcached and nginx as scalelab starts them (generated configuration, loopback port, the service user
 * when root), on the machine's PostgreSQL, with real reference-app processes; and nothing left running afterwards.
 */
class StackServersTest {
    static final String TOKEN = "stack-test-token";
    static String dbUrl;

    @BeforeAll
    static void database() throws Exception {
        dbUrl = dev.scalelab.cli.TestDb.url("scalelab_stack_it");
    }

    @Test
    void pgbouncer_serves_more_clients_than_it_opens_server_connections(@TempDir Path tmp) throws Exception {
        dev.scalelab.cli.StackPrograms.assumeInstalled();
        int clients = 24;
        int serverConnections = 3;
        PgBouncer.Upstream upstream = PgBouncer.Upstream.of(dbUrl, Optional.empty(), Optional.empty());
        long pid;
        try (PgBouncer bouncer = PgBouncer.start(tmp.resolve("pgbouncer"), upstream, serverConnections, 100);
             Connection observer = DriverManager.getConnection(dbUrl)) {
            pid = bouncer.process().pid();
            assertThat(bouncer.jdbcUrl()).contains("prepareThreshold=0");
            AtomicInteger peak = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<Integer>> answers = new ArrayList<>();
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Properties p = new Properties();
                    p.setProperty("user", upstream.user());
                    Connection c = DriverManager.getConnection(bouncer.jdbcUrl(), p);
                    open.add(c);
                }
                for (Connection c : open) {
                    answers.add(pool.submit(() -> {
                        int sum = 0;
                        for (int round = 0; round < 3; round++) {
                            c.setAutoCommit(false);
                            try (Statement st = c.createStatement();
                                 ResultSet rs = st.executeQuery("select 1 from pg_sleep(0.05)")) {
                                rs.next();
                                sum += rs.getInt(1);
                            }
                            c.commit();
                            peak.accumulateAndGet(serverBackends(observer), Math::max);
                        }
                        return sum;
                    }));
                }
                for (Future<Integer> f : answers) {
                    assertThat(f.get()).isEqualTo(3);
                }
            } finally {
                for (Connection c : open) {
                    c.close();
                }
                pool.shutdownNow();
            }
            assertThat(open).hasSize(clients);
            assertThat(peak.get()).as("server connections while %d clients ran transactions", clients)
                    .isBetween(1, serverConnections);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void two_app_instances_share_memcached_pages_and_nginx_spreads_requests_over_both(@TempDir Path tmp) throws Exception {
        dev.scalelab.cli.StackPrograms.assumeInstalled();
        List<Long> pids = new ArrayList<>();
        try (Memcached memcached = Memcached.start(tmp.resolve("memcached"), 64)) {
            pids.add(memcached.process().pid());
            List<AppProcess> apps = new ArrayList<>();
            try {
                for (int i = 1; i <= 2; i++) {
                    int port = FreePorts.next();
                    List<String> args = new ArrayList<>(List.of("--fetch", "eager", "--cache", "fragment", "--connections",
                            "pool", "--port", Integer.toString(port), "--diagnostics-token", TOKEN,
                            "--memcached", memcached.hostPort(), "--session-secret", "0123456789abcdef0123", "--db-url", dbUrl));
                    apps.add(AppProcess.startReferenceApp(args, "http://127.0.0.1:" + port,
                            tmp.resolve("app-" + i + ".log"), Optional.of(TOKEN)));
                }
                for (AppProcess a : apps) {
                    a.awaitHealthy(Duration.ofSeconds(120));
                    pids.add(a.pid());
                }
                HttpClient http = HttpClient.newHttpClient();
                String page = "/articles/" + (100 + ProcessHandle.current().pid() % 1000);
                assertThat(cacheHeader(http, apps.get(0).baseUrl() + page)).isEqualTo("MISS");
                assertThat(cacheHeader(http, apps.get(1).baseUrl() + page)).as("rendered by the other instance")
                        .isEqualTo("HIT");
                assertThat(diagnostics(apps.get(1)).path("pageCache").path("store").asText()).startsWith("memcached");

                try (Nginx nginx = Nginx.start(tmp.resolve("nginx"), apps.stream().map(StackServersTest::port).toList(),
                        FreePorts.next())) {
                    pids.add(nginx.process().pid());
                    ProcessHandle.of(nginx.process().pid()).orElseThrow().descendants().forEach(h -> pids.add(h.pid()));
                    for (AppProcess a : apps) {
                        a.diagnostics(true);
                    }
                    for (int i = 0; i < 40; i++) {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/users/" + (i + 1)))
                                .build(), HttpResponse.BodyHandlers.discarding());
                        assertThat(r.statusCode()).isEqualTo(200);
                    }
                    long first = requests(apps.get(0), "GET /users/{id}");
                    long second = requests(apps.get(1), "GET /users/{id}");
                    assertThat(first + second).isEqualTo(40);
                    assertThat(first).as("requests served by instance 1").isBetween(10L, 30L);
                    assertThat(second).as("requests served by instance 2").isBetween(10L, 30L);
                }
            } finally {
                apps.forEach(AppProcess::close);
            }
        }
        Thread.sleep(300);
        assertThat(pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)))
                .as("processes left running").isEmpty();
    }

    private static int port(AppProcess a) {
        return Integer.parseInt(a.baseUrl().substring(a.baseUrl().lastIndexOf(':') + 1));
    }

    private static String cacheHeader(HttpClient http, String url) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("X-Cache").orElse("(none)");
    }

    private static JsonNode diagnostics(AppProcess app) throws Exception {
        return new ObjectMapper().readTree(app.diagnostics(false).orElseThrow());
    }

    private static long requests(AppProcess app, String unit) throws Exception {
        for (JsonNode u : diagnostics(app).path("diagnostics").path("units")) {
            if (u.path("unit").asText().equals(unit)) {
                return u.path("requests").asLong();
            }
        }
        return 0;
    }

    /** Backends connected to the test database other than the observer itself. */
    private static synchronized int serverBackends(Connection observer) throws Exception {
        try (Statement st = observer.createStatement(); ResultSet rs = st.executeQuery(
                "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
