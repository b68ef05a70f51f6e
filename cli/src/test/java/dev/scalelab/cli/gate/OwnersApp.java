package dev.scalelab.cli.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.http.DiagnosticsEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A small app of someone else's for the gate's own-app tests: owners and their pets on PostgreSQL, recorded by the
 * diagnostics library (a unit per request named by its route template, {@code Server-Timing}, the diagnostics
 * endpoint at {@code /_scalelab/diagnostics} when {@code SCALELAB_DIAGNOSTICS_TOKEN} is set, a trace when asked),
 * health at {@code /actuator/health}. {@code GET /owners} loads the pets one owner at a time in {@code n-plus-one}
 * mode, with a join otherwise.
 *
 * <pre>java ... OwnersApp PORT SCHEMA [n-plus-one] [trace=FILE]</pre>
 */
public final class OwnersApp {
    public static final String OWNERS = "select o.id, o.name from owner o order by o.id";
    public static final String PETS = "select p.name from pet p where p.owner_id = ?";
    static volatile int petsLine;

    private final Diagnostics diagnostics;
    private final DataSource ds;
    private final boolean nPlusOne;
    private final DiagnosticsEndpoint endpoint;
    private HttpServer server;

    OwnersApp(DataSource raw, boolean nPlusOne, String token, Path trace) {
        Diagnostics.Builder b = Diagnostics.builder();
        if (trace != null) {
            b.trace(trace);
        }
        this.diagnostics = b.build();
        this.ds = diagnostics.wrap(raw);
        this.nPlusOne = nPlusOne;
        this.endpoint = token == null || token.isBlank() ? DiagnosticsEndpoint.disabled()
                : DiagnosticsEndpoint.enabled(diagnostics, token, false);
    }

    /** The schema the app reads, created and filled. */
    public static DataSource schema(String adminUrl, String schema) throws SQLException {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(adminUrl);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
            s.execute("create schema " + schema);
            s.execute("create table " + schema + ".owner (id bigint primary key, name text not null)");
            s.execute("create table " + schema + ".pet (id bigint primary key, owner_id bigint not null, name text not null)");
            s.execute("insert into " + schema + ".owner select g, 'owner ' || g from generate_series(1, 4) g");
            s.execute("insert into " + schema + ".pet select g, 1 + g % 4, 'pet ' || g from generate_series(1, 12) g");
        }
        return dataSource(adminUrl, schema);
    }

    static DataSource dataSource(String adminUrl, String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(adminUrl);
        ds.setCurrentSchema(schema);
        return ds;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String url = System.getenv().getOrDefault("SCALELAB_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        boolean nPlusOne = List.of(args).contains("n-plus-one");
        Path trace = List.of(args).stream().filter(a -> a.startsWith("trace=")).map(a -> Path.of(a.substring(6)))
                .findFirst().orElse(null);
        OwnersApp app = new OwnersApp(dataSource(url, args[1]), nPlusOne, System.getenv("SCALELAB_DIAGNOSTICS_TOKEN"), trace);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        app.start(port);
        System.out.println("owners app on port " + port + (nPlusOne ? " (pets one owner at a time)" : ""));
    }

    /** The app in this JVM (no diagnostics endpoint), e.g. for {@code --url}. */
    public static OwnersApp start(int port, String schema, boolean nPlusOne) throws IOException {
        String url = System.getenv().getOrDefault("SCALELAB_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        OwnersApp app = new OwnersApp(dataSource(url, schema), nPlusOne, null, null);
        app.start(port);
        return app;
    }

    void start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        diagnostics.close(); // flushes the trace
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        try {
            if (path.equals("/actuator/health")) {
                reply(x, 200, "UP", null);
            } else if (path.startsWith("/_scalelab/diagnostics")) {
                DiagnosticsEndpoint.Response r = endpoint.handle(method, x.getRemoteAddress().getAddress().getHostAddress(),
                        x.getRequestHeaders().getFirst(DiagnosticsEndpoint.TOKEN_HEADER));
                reply(x, r.status(), r.body(), null);
            } else if (path.equals("/owners")) {
                UnitScope unit = diagnostics.open("GET /owners");
                List<String> owners = owners();
                UnitReport report = unit.end();
                reply(x, 200, String.join("\n", owners), report.serverTimingHeader());
            } else if (path.matches("/owners/\\d+")) {
                UnitScope unit = diagnostics.open("GET /owners/{id}");
                List<String> pets;
                try (Connection c = ds.getConnection()) {
                    pets = petsOf(c, Long.parseLong(path.substring(8)));
                }
                UnitReport report = unit.end();
                reply(x, 200, String.join("\n", pets), report.serverTimingHeader());
            } else {
                reply(x, 404, "no route " + method + " " + path, null);
            }
        } catch (SQLException e) {
            reply(x, 500, e.getMessage(), null);
        }
    }

    private List<String> owners() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            if (!nPlusOne) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "select o.name, p.name from owner o join pet p on p.owner_id = o.id order by o.id, p.id")) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + ": " + rs.getString(2));
                    }
                }
                return out;
            }
            List<Long> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(OWNERS)) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                out.addAll(petsOf(c, id));
            }
            return out;
        }
    }

    private static List<String> petsOf(Connection c, long ownerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PETS)) {
            ps.setLong(1, ownerId);
            petsLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    private static void reply(HttpExchange x, int status, String body, String serverTiming) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (serverTiming != null) {
            x.getResponseHeaders().add("Server-Timing", serverTiming);
        }
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
