package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.DiagnosticsSnapshot;
import dev.scalelab.diagnostics.http.DiagnosticsFilter;
import example.support.TestDatabase;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in a real servlet container (embedded Tomcat), against pages that commit the response
 * and then query, as server-side view rendering does, read over a plain socket so the raw header,
 * chunks and trailer are visible.
 */
class ServletContainerTest {
    static DataSource raw;
    static Diagnostics diagnostics;
    static DataSource ds;
    static Tomcat tomcat;
    static Path base;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        raw = TestDatabase.freshSchema("diag_servlet");
        TestDatabase.execute(raw, "CREATE TABLE visit (id int, pet_id int)",
                "INSERT INTO visit SELECT g, g % 3 FROM generate_series(1, 9) g");
        diagnostics = Diagnostics.builder().build();
        ds = diagnostics.wrap(raw);
        base = Files.createTempDirectory("diag-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "rendered", new RenderedPage());
        context.addServletMappingDecoded("/owners/*", "rendered");
        Tomcat.addServlet(context, "buffered", new BufferedPage());
        context.addServletMappingDecoded("/buffered", "buffered");
        FilterDef filter = new FilterDef();
        filter.setFilterName("diagnostics");
        filter.setFilter(new DiagnosticsFilter(diagnostics));
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName("diagnostics");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (java.util.stream.Stream<Path> files = Files.walk(base)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void forget() {
        diagnostics.reset();
    }

    static void query(int n) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < n; i++) {
                s.executeQuery("select count(*) from visit where pet_id = " + (i % 3)).close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page whose template writes and flushes its head, then loads what the rows need: 3 before, 6 after. */
    static final class RenderedPage extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            query(3);
            resp.setContentType("text/html");
            PrintWriter out = resp.getWriter();
            out.write("<html><h1>Owner</h1>");
            out.flush(); // the response commits here
            query(6);
            out.write("<table>visits</table></html>");
        }
    }

    /** A page that fits the buffer: the response commits only after the filter chain returned. */
    static final class BufferedPage extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            query(2);
            resp.getWriter().write("small");
            query(3);
        }
    }

    /** One raw HTTP exchange: status line, headers (lower-case names), body and trailer fields. */
    record Exchange(String status, Map<String, String> headers, String body, Map<String, String> trailers) {
    }

    static Exchange get(String path, String protocol, String... extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuilder request = new StringBuilder("GET " + path + " " + protocol + "\r\nHost: localhost\r\n");
            for (String h : extraHeaders) {
                request.append(h).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    static Exchange parse(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] head = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
        }
        String rest = text.substring(end + 4);
        Map<String, String> trailers = new LinkedHashMap<>();
        if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return new Exchange(head[0], headers, rest, trailers);
        }
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = rest.indexOf("\r\n", at);
            int size = Integer.parseInt(rest.substring(at, eol).split(";")[0].strip(), 16);
            at = eol + 2;
            if (size == 0) {
                break;
            }
            body.append(rest, at, at + size);
            at += size + 2;
        }
        while (true) {
            int eol = rest.indexOf("\r\n", at);
            String line = rest.substring(at, eol);
            at = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            trailers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Exchange(head[0], headers, body.toString(), trailers);
    }

    @Test
    void statements_after_the_response_committed_count_toward_the_request_and_come_in_a_trailer() throws Exception {
        Exchange e = get("/owners/7", "HTTP/1.1", "TE: trailers");
        assertThat(e.status()).isEqualTo("HTTP/1.1 200 ");
        assertThat(e.body()).isEqualTo("<html><h1>Owner</h1><table>visits</table></html>");
        assertThat(e.headers().get("server-timing"))
                .matches("db;dur=\\d+\\.\\d{3};desc=\"3 statements before the response committed\"");
        assertThat(e.headers().get("trailer")).isEqualTo("Server-Timing");
        assertThat(e.trailers().get("server-timing")).matches("db;dur=\\d+\\.\\d{3};desc=\"9 statements\"");

        DiagnosticsSnapshot.UnitStats route = diagnostics.snapshot().unit("GET /owners/{id}").orElseThrow();
        assertThat(route.statements()).isEqualTo(9);
        assertThat(route.statementsAfterCommit()).isEqualTo(6);
        assertThat(diagnostics.snapshot().toJson(false)).containsPattern("\"unit\":\"GET /owners/\\{id}\",\"requests\":1,"
                + "\"statements\":9,\"meanStatements\":9.00,\"maxStatements\":9,\"dbTimeMicros\":\\d+,"
                + "\"statementsAfterCommit\":6,");
    }

    @Test
    void without_te_trailers_the_header_says_what_it_covers_and_no_trailer_is_sent() throws Exception {
        Exchange e = get("/owners/7", "HTTP/1.1");
        assertThat(e.status()).isEqualTo("HTTP/1.1 200 ");
        assertThat(e.headers().get("server-timing"))
                .matches("db;dur=\\d+\\.\\d{3};desc=\"3 statements before the response committed\"");
        assertThat(e.headers()).doesNotContainKey("trailer");
        assertThat(e.trailers()).isEmpty();
        assertThat(diagnostics.snapshot().unit("GET /owners/{id}").orElseThrow().statementsAfterCommit()).isEqualTo(6);
    }

    @Test
    void an_http_1_0_client_asking_for_trailers_gets_the_header_only() throws Exception {
        Exchange e = get("/owners/7", "HTTP/1.0", "TE: trailers");
        assertThat(e.status()).startsWith("HTTP/1.1 200");
        assertThat(e.headers().get("server-timing"))
                .matches("db;dur=\\d+\\.\\d{3};desc=\"3 statements before the response committed\"");
        assertThat(e.headers()).doesNotContainKey("trailer");
        assertThat(e.body()).isEqualTo("<html><h1>Owner</h1><table>visits</table></html>");
        assertThat(diagnostics.snapshot().unit("GET /owners/{id}").orElseThrow().statements()).isEqualTo(9);
    }

    @Test
    void a_response_that_commits_after_the_chain_has_the_final_counts_in_its_header() throws Exception {
        Exchange e = get("/buffered", "HTTP/1.1");
        assertThat(e.body()).isEqualTo("small");
        assertThat(e.headers().get("server-timing")).matches("db;dur=\\d+\\.\\d{3};desc=\"5 statements\"");
        DiagnosticsSnapshot.UnitStats route = diagnostics.snapshot().unit("GET /buffered").orElseThrow();
        assertThat(route.statements()).isEqualTo(5);
        assertThat(route.statementsAfterCommit()).isZero();
    }
}
