package dev.scalelab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.app.db.DatabaseUnavailableException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default a newcomer gets: an embedded PostgreSQL nobody installed. */
class EmbeddedDefaultTest {

    static final Path DATA = Path.of("target", "embedded-pg").toAbsolutePath();
    static final DatasetSpec SMALL = new DatasetSpec(7, 60, 30, 6, 8, 3);

    @Test
    void serves_pages_and_reports_connection_exhaustion_as_503() throws Exception {
        AppSettings settings = AppSettings.builder()
                .database(DatabaseSettings.embedded(DATA).withMaxConnections(12))
                .dataset(SMALL)
                .port(0)
                .build();
        List<String> log = new ArrayList<>();
        try (ReferenceApp app = ReferenceApp.start(settings, log::add)) {
            assertThat(app.database().embedded()).isTrue();
            assertThat(app.database().maxConnections()).isEqualTo(12);
            Browser b = new Browser(app.baseUrl());
            assertThat(b.get("/health").statusCode()).isEqualTo(200);
            HttpResponse<String> home = b.get("/");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(Browser.statements(home)).isGreaterThan(30);

            // Take every connection slot, as a crowd of per-request connections would.
            List<Connection> hogs = new ArrayList<>();
            try {
                SQLException refused = null;
                for (int i = 0; i < 20 && refused == null; i++) {
                    try {
                        hogs.add(DriverManager.getConnection(app.database().url(), "postgres", ""));
                    } catch (SQLException e) {
                        refused = e;
                    }
                }
                assertThat((Throwable) refused).isNotNull();
                assertThat(refused.getSQLState()).isEqualTo("53300");
                HttpResponse<String> r = b.get("/");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("X-Db-Error")).hasValue("53300");
                assertThat(r.body()).contains("too many clients already (SQLState 53300)");
            } finally {
                for (Connection c : hogs) {
                    c.close();
                }
            }
            assertThat(b.get("/").statusCode()).isEqualTo(200);
        }
        assertThat(log).anyMatch(l -> l.startsWith("starting embedded PostgreSQL"));
        assertThat(DATA.resolve("pgdata/postmaster.pid")).doesNotExist();
    }

    @Test
    void a_stale_pid_file_from_a_killed_run_is_removed() throws Exception {
        Path dir = Path.of("target", "stale-pid").toAbsolutePath();
        Files.createDirectories(dir);
        Path pid = dir.resolve("postmaster.pid");
        Files.writeString(pid, "999999999\n" + dir + "\n");
        dev.scalelab.app.db.EmbeddedDatabaseAccess.removeStalePidFile(dir);
        assertThat(pid).doesNotExist();
    }

    @Test
    void an_unreachable_external_server_gets_a_one_line_reason_with_the_password_hidden() {
        AppSettings settings = AppSettings.builder()
                .database(DatabaseSettings.external("jdbc:postgresql://127.0.0.1:1/nope?password=hunter2", "bob", null))
                .port(0)
                .build();
        assertThatThrownBy(() -> ReferenceApp.start(settings, l -> { }))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nope?password=*** as bob: ")
                .hasMessageContaining("or leave out --db-url to use the embedded database")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
