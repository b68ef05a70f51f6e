package dev.scalelab.cli.ownapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.http.DiagnosticsEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A small owners-and-pets web app standing in for "your own app" in the CLI's tests: a JDK HTTP server on PostgreSQL,
 * its statements counted by the diagnostics library ({@code Server-Timing} on every answer, the diagnostics endpoint
 * for the N+1 findings). One switch, batch fetch: off, the owners page reads each owner's pets with a query of its own
 * (N+1); on, all of them in one query.
 *
 * <p>Settings, first found wins: {@code --port N} / {@code --batch-fetch on|off} arguments; {@code PORT},
 * {@code BATCH_FETCH}, {@code DB_URL} environment variables; {@code pets.properties} in the working folder
 * ({@code batchFetch=on}).
 */
public final class PetsApp {
    static final int OWNERS = 12;
    static final int PETS_PER_OWNER = 2;
    private static final Pattern OWNER = Pattern.compile("/owners/(\\d+)");
    private static final Pattern PET = Pattern.compile("/owners/(\\d+)/pets/(\\d+)");
    private static final Pattern API_OWNER = Pattern.compile("/api/owners/(\\d+)");
    private static final Pattern NEW_PET = Pattern.compile("/owners/(\\d+)/pets");
    private static final Pattern DOCUMENT = Pattern.compile("/owners/(\\d+)/documents/([0-9a-f-]{36})");
    private static final Pattern VISITS = Pattern.compile("/api/owners/(\\d+)/visits");

    private final DataSource db;
    private final Diagnostics diagnostics;
    private final DiagnosticsEndpoint endpoint;
    private final boolean batchFetch;

    PetsApp(DataSource db, Diagnostics diagnostics, DiagnosticsEndpoint endpoint, boolean batchFetch) {
        this.db = db;
        this.diagnostics = diagnostics;
        this.endpoint = endpoint;
        this.batchFetch = batchFetch;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Properties file = new Properties();
        Path props = Path.of("pets.properties");
        if (Files.exists(props)) {
            try (InputStream in = Files.newInputStream(props)) {
                file.load(in);
            }
        }
        int port = Integer.parseInt(a.getOrDefault("port", env("PORT", "8080")));
        boolean batch = "on".equals(a.getOrDefault("batch-fetch", env("BATCH_FETCH", file.getProperty("batchFetch", "off"))));
        String dbUrl = a.getOrDefault("db-url", System.getenv("DB_URL"));
        if (dbUrl == null) {
            System.err.println("pets: DB_URL is not set");
            System.exit(2);
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(dbUrl);
        hc.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(hc);
        Diagnostics diagnostics = Diagnostics.builder().build();
        String token = System.getenv("SCALELAB_DIAGNOSTICS_TOKEN");
        DiagnosticsEndpoint endpoint = token == null ? DiagnosticsEndpoint.disabled()
                : DiagnosticsEndpoint.enabled(diagnostics, token, false);
        PetsApp app = new PetsApp(diagnostics.wrap(pool), diagnostics, endpoint, batch);
        app.seed();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.createContext("/", app::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("pets: listening on http://127.0.0.1:" + port + ", batch fetch " + (batch ? "on" : "off"));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    void seed() throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists owners (id int primary key, name text not null)");
            st.execute("create table if not exists pets (id serial primary key, owner_id int not null references owners, "
                    + "name text not null, birth_date date)");
            try (ResultSet rs = st.executeQuery("select count(*) from owners")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            for (int o = 1; o <= OWNERS; o++) {
                st.execute("insert into owners values (" + o + ", 'Owner " + o + "')");
                for (int p = 1; p <= PETS_PER_OWNER; p++) {
                    st.execute("insert into pets (owner_id, name) values (" + o + ", 'Pet " + o + "-" + p + "')");
                }
            }
        }
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.startsWith("/_scalelab/diagnostics")) {
                DiagnosticsEndpoint.Response r = endpoint.handle(path.endsWith("/reset") ? "POST" : method,
                        ex.getRemoteAddress().getAddress().getHostAddress(), ex.getRequestHeaders()
                                .getFirst(DiagnosticsEndpoint.TOKEN_HEADER));
                send(ex, r.status(), r.contentType(), r.body(), null);
                return;
            }
            if (path.equals("/health")) {
                send(ex, 200, "text/plain", "ok", null);
                return;
            }
            if (path.startsWith("/static/") || path.equals("/favicon.ico")) {
                send(ex, 200, path.endsWith(".css") ? "text/css" : "application/javascript", "/* static */", null);
                return;
            }
            UnitScope unit = diagnostics.open(method + " " + path);
            int status = 200;
            String type = "text/html; charset=utf-8";
            String body;
            String location = null;
            Matcher m;
            try {
                if (method.equals("GET") && path.equals("/")) {
                    unit.rename("GET /");
                    body = "<html><body><h1>Pets</h1><a href=\"/owners\">Owners</a></body></html>";
                } else if (method.equals("GET") && path.equals("/owners")) {
                    unit.rename("GET /owners");
                    body = ownersPage();
                } else if (method.equals("GET") && (m = OWNER.matcher(path)).matches()) {
                    unit.rename("GET /owners/{owners}");
                    body = ownerPage(Integer.parseInt(m.group(1)));
                } else if (method.equals("GET") && (m = PET.matcher(path)).matches()) {
                    unit.rename("GET /owners/{owners}/pets/{pets}");
                    body = petPage(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                } else if (method.equals("GET") && (m = API_OWNER.matcher(path)).matches()) {
                    unit.rename("GET /api/owners/{owners}");
                    type = "application/json";
                    body = "{\"id\":" + m.group(1) + ",\"pets\":" + pets(Integer.parseInt(m.group(1))).size() + "}";
                } else if (method.equals("GET") && (m = DOCUMENT.matcher(path)).matches()) {
                    unit.rename("GET /owners/{owners}/documents/{documents}");
                    body = ownerPage(Integer.parseInt(m.group(1)));
                } else if (method.equals("POST") && (m = VISITS.matcher(path)).matches()) {
                    unit.rename("POST /api/owners/{owners}/visits");
                    ex.getRequestBody().readAllBytes();
                    ownerPage(Integer.parseInt(m.group(1)));
                    status = 201;
                    type = "application/json";
                    body = "{\"owner\":" + m.group(1) + "}";
                } else if (method.equals("POST") && (m = NEW_PET.matcher(path)).matches()) {
                    unit.rename("POST /owners/{owners}/pets");
                    Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    addPet(Integer.parseInt(m.group(1)), form.getOrDefault("name", "?"));
                    status = 302;
                    location = "/owners/" + m.group(1);
                    body = "";
                } else {
                    status = 404;
                    body = "not found";
                }
            } catch (NotFound e) {
                status = 404;
                body = "not found";
            } catch (SQLException e) {
                status = 500;
                body = "database: " + e.getMessage();
            }
            UnitReport report = unit.end();
            ex.getResponseHeaders().set("Server-Timing", report.serverTimingHeader());
            send(ex, status, type, body, location);
        }
    }

    private String ownersPage() throws SQLException {
        StringBuilder b = new StringBuilder("<html><body><h1>Owners</h1><ul>");
        try (Connection c = db.getConnection()) {
            List<int[]> owners = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select id from owners order by id")) {
                while (rs.next()) {
                    owners.add(new int[] {rs.getInt(1)});
                }
            }
            Map<Integer, List<String>> pets = new LinkedHashMap<>();
            if (batchFetch) {
                // batch fetch: every owner's pets in one query
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select owner_id, name from pets order by id")) {
                    while (rs.next()) {
                        pets.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            } else {
                // lazy: one query per owner (N+1)
                for (int[] o : owners) {
                    try (PreparedStatement ps = c.prepareStatement("select name from pets where owner_id = ? order by id")) {
                        ps.setInt(1, o[0]);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                pets.computeIfAbsent(o[0], k -> new ArrayList<>()).add(rs.getString(1));
                            }
                        }
                    }
                }
            }
            for (int[] o : owners) {
                b.append("<li><a href=\"/owners/").append(o[0]).append("\">Owner ").append(o[0]).append("</a> ")
                        .append(pets.getOrDefault(o[0], List.of())).append("</li>");
            }
        }
        return b.append("</ul></body></html>").toString();
    }

    private String ownerPage(int id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select name from owners where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFound();
                }
                return "<html><body><h1>" + rs.getString(1) + "</h1>" + pets(id) + "</body></html>";
            }
        }
    }

    private String petPage(int owner, int pet) throws SQLException {
        // by the pet's id alone: a recording's owner and pet ids are replayed independently
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select name from pets where id = ?")) {
            ps.setInt(1, pet);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFound();
                }
                return "<html><body><h1>" + rs.getString(1) + "</h1></body></html>";
            }
        }
    }

    private List<String> pets(int owner) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select name from pets where owner_id = ? order by id")) {
            ps.setInt(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private void addPet(int owner, String name) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into pets (owner_id, name) values (?, ?)")) {
            ps.setInt(1, owner);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                m.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String type, String body, String location) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (location != null) {
            ex.getResponseHeaders().set("Location", location);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}
