package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.http.DiagnosticsEndpoint;
import example.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {
    static final String TOKEN = "0123456789abcdef0123";
    static DataSource raw;

    @BeforeAll
    static void schema() {
        raw = TestDatabase.freshSchema("diag_endpoint");
        TestDatabase.execute(raw, "CREATE TABLE setting (key text PRIMARY KEY, value text)",
                "INSERT INTO setting VALUES ('a', 'secret-value')");
    }

    static Diagnostics withTraffic(boolean includeParameters) throws Exception {
        Diagnostics d = Diagnostics.builder().includeParameters(includeParameters)
                .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC)).build();
        try (Connection c = d.wrap(raw).getConnection(); Statement s = c.createStatement()) {
            try (UnitScope unit = d.open("GET /settings")) {
                for (int i = 0; i < 2; i++) {
                    s.executeQuery("select value from setting where key = 'a'").close();
                }
            }
        }
        return d;
    }

    @Test
    void is_off_by_default() {
        assertThat(DiagnosticsEndpoint.disabled().handle("GET", "127.0.0.1", TOKEN).status()).isEqualTo(404);
    }

    @Test
    void serves_the_snapshot_to_a_loopback_client_with_the_token() throws Exception {
        DiagnosticsEndpoint endpoint = DiagnosticsEndpoint.enabled(withTraffic(false), TOKEN, false);
        DiagnosticsEndpoint.Response r = endpoint.handle("GET", "127.0.0.1", "Bearer " + TOKEN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).startsWith("{\"schemaVersion\":1,\"since\":\"2026-01-02T03:04:05Z\","
                        + "\"takenAt\":\"2026-01-02T03:04:05Z\",\"unscopedStatements\":0,\"units\":[{\"unit\":\"GET /settings\","
                        + "\"requests\":1,\"statements\":2,\"meanStatements\":2.00,\"maxStatements\":2,\"dbTimeMicros\":")
                .contains("\"findings\":[{\"kind\":\"DUPLICATE\",\"fingerprint\":\"select value from setting where key = ?\"")
                .contains("\"example\":\"select value from setting where key = ?\"")
                .doesNotContain("secret").doesNotContain("'a'");
        assertThat(endpoint.handle("GET", "::1", TOKEN).status()).isEqualTo(200);
    }

    @Test
    void shows_parameter_values_only_when_enabled_on_both_sides() throws Exception {
        Diagnostics d = withTraffic(true);
        assertThat(DiagnosticsEndpoint.enabled(d, TOKEN, true).handle("GET", "127.0.0.1", TOKEN).body())
                .contains("where key = 'a'");
        assertThat(DiagnosticsEndpoint.enabled(d, TOKEN, false).handle("GET", "127.0.0.1", TOKEN).body())
                .doesNotContain("'a'");
    }

    @Test
    void refuses_remote_clients_wrong_tokens_and_host_names() throws Exception {
        DiagnosticsEndpoint endpoint = DiagnosticsEndpoint.enabled(withTraffic(false), TOKEN, false);
        DiagnosticsEndpoint.Response remote = endpoint.handle("GET", "10.0.0.7", TOKEN);
        assertThat(remote.status()).isEqualTo(403);
        assertThat(remote.body()).isEqualTo("diagnostics endpoint: expected a loopback client (127.0.0.0/8 or ::1),"
                + " found 10.0.0.7");
        assertThat(endpoint.handle("GET", "localhost", TOKEN).status()).isEqualTo(403);
        DiagnosticsEndpoint.Response wrong = endpoint.handle("GET", "127.0.0.1", "nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("diagnostics endpoint: expected the configured token in X-Scalelab-Token"
                + " or Authorization: Bearer, found a different one");
        assertThat(endpoint.handle("GET", "127.0.0.1", null).body()).endsWith("found none");
    }

    @Test
    void delete_returns_the_snapshot_and_resets() throws Exception {
        DiagnosticsEndpoint endpoint = DiagnosticsEndpoint.enabled(withTraffic(false), TOKEN, false);
        assertThat(endpoint.handle("DELETE", "127.0.0.1", TOKEN).body()).contains("GET /settings");
        assertThat(endpoint.handle("GET", "127.0.0.1", TOKEN).body()).endsWith("\"units\":[]}");
        assertThat(endpoint.handle("PUT", "127.0.0.1", TOKEN).status()).isEqualTo(405);
    }

    @Test
    void a_short_token_is_refused_with_advice() {
        assertThatThrownBy(() -> DiagnosticsEndpoint.enabled(Diagnostics.builder().build(), "short", false))
                .hasMessage("diagnostics endpoint token: expected at least 16 characters, found 5; generate one,"
                        + " e.g. with `openssl rand -hex 16`");
    }
}
