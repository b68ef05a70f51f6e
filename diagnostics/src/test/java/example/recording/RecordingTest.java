package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.DiagnosticsSnapshot;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import example.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingTest {
    static DataSource raw;

    @BeforeAll
    static void schema() {
        raw = TestDatabase.freshSchema("diag_recording");
        TestDatabase.execute(raw,
                "CREATE TABLE author (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO author SELECT g, 'author ' || g FROM generate_series(1, 50) g");
    }

    static String name(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from author where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void a_unit_counts_statements_time_and_rows_and_sets_the_server_timing_value() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        DataSource ds = d.wrap(raw);
        UnitReport report;
        try (Connection c = ds.getConnection()) {
            UnitScope unit = d.open("GET /authors");
            for (long id = 1; id <= 5; id++) {
                name(c, id);
            }
            assertThat(unit.statements()).isEqualTo(5);
            report = unit.end();
        }
        assertThat(report.statements()).isEqualTo(5);
        assertThat(report.dbTimeMicros()).isPositive();
        assertThat(report.serverTimingHeader()).matches("db;dur=\\d+\\.\\d{3};desc=\"5 statements\"");
        assertThat(report.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.N_PLUS_ONE);
        Finding f = report.findings().get(0);
        assertThat(f.callSite()).startsWith("RecordingTest.name(RecordingTest.java:");
        assertThat(f.fingerprint()).isEqualTo("select name from author where id = ?");
        assertThat(f.message()).startsWith("GET /authors: N+1: 5 × select name from author where id = ? at RecordingTest.name(RecordingTest.java:")
                .contains("= ANY(?)");
    }

    @Test
    void statements_outside_a_unit_are_only_counted() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        try (Connection c = d.wrap(raw).getConnection()) {
            name(c, 1);
        }
        DiagnosticsSnapshot s = d.snapshot();
        assertThat(s.unscopedStatements()).isEqualTo(1);
        assertThat(s.units()).isEmpty();
    }

    @Test
    void tasks_on_a_propagating_executor_count_toward_the_submitting_unit() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        DataSource ds = d.wrap(raw);
        ExecutorService pool = d.propagating(Executors.newFixedThreadPool(2));
        try {
            UnitScope unit = d.open("job");
            CompletableFuture<?> f1 = CompletableFuture.runAsync(() -> query(ds, 1), pool);
            CompletableFuture<?> f2 = CompletableFuture.runAsync(() -> query(ds, 2), pool);
            CompletableFuture.allOf(f1, f2).join();
            assertThat(unit.end().statements()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    static void query(DataSource ds, long id) {
        try (Connection c = ds.getConnection()) {
            name(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Snapshot {
        @Test
        void aggregates_units_by_name_and_deduplicates_findings() throws Exception {
            Diagnostics d = Diagnostics.builder().build();
            DataSource ds = d.wrap(raw);
            try (Connection c = ds.getConnection()) {
                for (int request = 0; request < 2; request++) {
                    try (UnitScope unit = d.open("GET /authors")) {
                        for (long id = 1; id <= 4; id++) {
                            name(c, id);
                        }
                    }
                }
            }
            DiagnosticsSnapshot.UnitStats stats = d.snapshot().unit("GET /authors").orElseThrow();
            assertThat(stats.requests()).isEqualTo(2);
            assertThat(stats.statements()).isEqualTo(8);
            assertThat(stats.meanStatements()).isEqualTo(4.0);
            assertThat(stats.findings()).hasSize(1);
            assertThat(stats.findings().get(0).units()).isEqualTo(2);
            d.reset();
            assertThat(d.snapshot().units()).isEmpty();
        }
    }
}
