package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.DiagnosticsSnapshot;
import dev.scalelab.diagnostics.http.DiagnosticsFilter;
import example.support.TestDatabase;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter against a minimal in-memory servlet request and response (the database is real). */
class FilterTest {
    static DataSource raw;

    @BeforeAll
    static void schema() {
        raw = TestDatabase.freshSchema("diag_filter");
        TestDatabase.execute(raw, "CREATE TABLE t (id int)");
    }

    static final class FakeResponse {
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;
        int status = 200;
        final String headerAtCommit[] = new String[1];

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                    commit();
                    body.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{HttpServletResponse.class}, (p, m, args) -> switch (m.getName()) {
                        case "setHeader" -> {
                            if (!committed) {
                                headers.put((String) args[0], (String) args[1]);
                            }
                            yield null;
                        }
                        case "isCommitted" -> committed;
                        case "getStatus" -> status;
                        case "setStatus" -> {
                            status = (int) args[0];
                            yield null;
                        }
                        case "getOutputStream" -> out;
                        case "hashCode" -> System.identityHashCode(p);
                        default -> null;
                    });
        }

        void commit() {
            if (!committed) {
                committed = true;
                headerAtCommit[0] = headers.get("Server-Timing");
            }
        }
    }

    static HttpServletRequest request(String method, String uri) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(FilterTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "hashCode" -> System.identityHashCode(p);
                    default -> null;
                });
    }

    static void statements(DataSource ds, int n) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < n; i++) {
                s.executeQuery("select count(*) from t").close();
            }
        }
    }

    @Test
    void sets_server_timing_before_the_body_commits_and_names_the_unit_by_route() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        DataSource ds = d.wrap(raw);
        FakeResponse response = new FakeResponse();
        FilterChain chain = (req, res) -> {
            try {
                statements(ds, 3);
                res.getOutputStream().write('x');
                statements(ds, 1); // streamed after commit: in the report and snapshot, not in the header
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        new DiagnosticsFilter(d).doFilter(request("get", "/articles/42/comments/7"), response.proxy(), chain);
        assertThat(response.headerAtCommit[0])
                .matches("db;dur=\\d+\\.\\d{3};desc=\"3 statements before the response committed\"");
        DiagnosticsSnapshot.UnitStats stats = d.snapshot().unit("GET /articles/{id}/comments/{id}").orElseThrow();
        assertThat(stats.statements()).isEqualTo(4);
        assertThat(stats.statementsAfterCommit()).isEqualTo(1);
    }

    @Test
    void sets_the_final_counts_when_nothing_was_written() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        DataSource ds = d.wrap(raw);
        FakeResponse response = new FakeResponse();
        new DiagnosticsFilter(d).doFilter(request("POST", "/articles"), response.proxy(), (req, res) -> {
            try {
                statements(ds, 2);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(response.headers.get("Server-Timing")).matches("db;dur=\\d+\\.\\d{3};desc=\"2 statements\"");
    }

    @Test
    void a_unit_told_its_response_committed_reports_what_ran_after_and_rejects_impossible_counts() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        DataSource ds = d.wrap(raw);
        dev.scalelab.diagnostics.UnitScope unit = d.open("GET /owners/{id}");
        statements(ds, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unit.responseCommitted(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statementsInHeader: expected 0 to 2 (the statements recorded so far), found 5");
        unit.responseCommitted(2);
        statements(ds, 1);
        dev.scalelab.diagnostics.UnitReport report = unit.end();
        assertThat(report.statements()).isEqualTo(3);
        assertThat(report.statementsAfterCommit()).isEqualTo(1);
        assertThat(report.summary().lines().findFirst().orElseThrow()).matches("GET /owners/\\{id}: 3 statements \\(\\d+\\.\\d{3} ms in the database; 1 after"
                + " the response committed\\)");
        assertThat(report.serverTimingHeader()).matches("db;dur=\\d+\\.\\d{3};desc=\"3 statements\"");
    }

    @Test
    void a_request_that_throws_or_answers_5xx_counts_as_failed_and_the_complete_mean_leaves_it_out() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        DataSource ds = d.wrap(raw);
        DiagnosticsFilter filter = new DiagnosticsFilter(d);
        filter.doFilter(request("GET", "/"), new FakeResponse().proxy(), (req, res) -> {
            try {
                statements(ds, 10);                                     // a complete page
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter.doFilter(request("GET", "/"),
                new FakeResponse().proxy(), (req, res) -> {
                    try {
                        statements(ds, 2);                              // stopped part-way: no connection
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    throw new IllegalStateException("53300: too many clients already");
                })).hasMessageContaining("53300");
        filter.doFilter(request("GET", "/"), new FakeResponse().proxy(), (req, res) -> {
            try {
                statements(ds, 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            ((HttpServletResponse) res).setStatus(503);                 // an error page instead of the page
        });
        filter.doFilter(request("GET", "/"), new FakeResponse().proxy(), (req, res) -> {
            ((HttpServletResponse) res).setStatus(404);                 // a client error is not a failed unit
        });

        DiagnosticsSnapshot.UnitStats stats = d.snapshot().unit("GET /").orElseThrow();
        assertThat(stats.requests()).isEqualTo(4);
        assertThat(stats.statements()).isEqualTo(13);
        assertThat(stats.failedRequests()).isEqualTo(2);
        assertThat(stats.failedStatements()).isEqualTo(3);
        assertThat(stats.meanStatements()).isEqualTo(13 / 4.0);
        assertThat(stats.meanStatementsCompleted()).isEqualTo(10 / 2.0);
        assertThat(d.snapshot().toJson(false)).contains("\"failedRequests\":2,\"failedStatements\":3,"
                + "\"meanStatementsCompleted\":5.00");
    }
}
