package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import dev.scalelab.diagnostics.trace.TraceAnalysis;
import dev.scalelab.diagnostics.trace.TraceAnalyzer;
import example.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceAndLimitsTest {
    static DataSource raw;

    @BeforeAll
    static void schema() {
        raw = TestDatabase.freshSchema("diag_trace");
        TestDatabase.execute(raw,
                "CREATE TABLE author (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO author SELECT g, 'author ' || g FROM generate_series(1, 20) g");
    }

    static void lookups(Connection c, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            try (PreparedStatement ps = c.prepareStatement("select name from author where id = ?")) {
                ps.setLong(1, i % 20 + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    @Test
    void the_trace_analyzed_offline_gives_the_live_findings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.jsonl");
        UnitReport live;
        try (Diagnostics d = Diagnostics.builder().trace(file).build(); Connection c = d.wrap(raw).getConnection()) {
            UnitScope unit = d.open("GET /authors");
            lookups(c, 5);
            live = unit.end();
            try (UnitScope other = d.open("GET /other")) {
                lookups(c, 1);
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("{\"unit\":\"GET /authors\",\"unitId\":1,\"sql\":\"select name from author where id = ?\","
                        + "\"paramsHash\":\"")
                .contains(",\"batchSize\":0,\"stack\":[\"")
                .contains("example.recording.TraceAndLimitsTest.lookups(TraceAndLimitsTest.java:")
                .contains("\"thread\":\"main\"")
                .endsWith(",\"rows\":1}");
        TraceAnalysis offline = TraceAnalyzer.builder().build().analyze(file);
        assertThat(offline.units()).isEqualTo(2);
        assertThat(offline.statements()).isEqualTo(6);
        assertThat(offline.findings()).extracting(f -> f.finding().message()).containsExactly(
                live.findings().get(0).message().replaceAll("\\(\\d+\\.\\d{3} ms\\)", "(" + String.format(
                        java.util.Locale.ROOT, "%.3f", offline.findings().get(0).finding().totalMicros() / 1000.0) + " ms)"));
    }

    @Test
    void parameters_appear_in_the_trace_only_when_asked_for() throws Exception {
        StringWriter out = new StringWriter();
        try (Diagnostics d = Diagnostics.builder().includeParameters(true).trace(out).build();
             Connection c = d.wrap(raw).getConnection()) {
            try (UnitScope unit = d.open("job")) {
                lookups(c, 1);
            }
        }
        assertThat(out.toString()).contains("\"params\":[2]").doesNotContain("paramsHash");
    }

    @Test
    void a_runaway_loop_is_summarized_not_kept_and_still_diagnosed() throws Exception {
        Diagnostics d = Diagnostics.builder().maxStatementsKeptPerUnit(50).build();
        UnitReport report;
        try (Connection c = d.wrap(raw).getConnection()) {
            UnitScope unit = d.open("GET /runaway");
            lookups(c, 2_000);
            report = unit.end();
        }
        assertThat(report.statements()).isEqualTo(2_000);
        assertThat(report.groups()).hasSize(1);
        // one loop is one finding: the keys it reads again are part of its N+1, not a duplicate finding too
        assertThat(report.findings()).extracting(Finding::kind, Finding::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Finding.Kind.N_PLUS_ONE, 2_000));
        assertThat(report.findings().get(0).hint()).endsWith("; 1980 of the 2000 reads repeated a key this loop had"
                + " read already (20 distinct keys)");
    }

    @Test
    void without_call_stacks_findings_say_so() throws Exception {
        Diagnostics d = Diagnostics.builder().captureStacks(false).build();
        UnitReport report;
        try (Connection c = d.wrap(raw).getConnection()) {
            UnitScope unit = d.open("GET /authors");
            lookups(c, 3);
            report = unit.end();
        }
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.callSite()).isEqualTo("(call stacks off)");
            assertThat(f.stack()).isEmpty();
            assertThat(f.hint()).contains("JOIN FETCH", "= ANY(?)");
        });
    }

    @Test
    void nested_units_count_into_the_enclosing_ones() throws Exception {
        Diagnostics d = Diagnostics.builder().build();
        try (Connection c = d.wrap(raw).getConnection()) {
            UnitScope outer = d.open("test");
            lookups(c, 1);
            UnitScope inner = d.open("block");
            lookups(c, 2);
            assertThat(inner.end().statements()).isEqualTo(2);
            lookups(c, 1);
            assertThat(outer.end().statements()).isEqualTo(4);
        }
    }

    @Test
    void the_builder_reports_every_invalid_setting_at_once() {
        assertThatThrownBy(() -> Diagnostics.builder().threshold(1).maxStatementsKeptPerUnit(0).clock(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid diagnostics settings: threshold: expected >= 2 (one execution is never a loop),"
                        + " found 1; maxStatementsKeptPerUnit: expected >= 1, found 0; clock: expected a Clock, found null");
    }

    @Test
    void a_blank_unit_name_is_refused_with_an_example() {
        Diagnostics d = Diagnostics.builder().build();
        assertThatThrownBy(() -> d.open(" "))
                .hasMessage("unit name: expected a non-blank name such as \"GET /articles/{id}\", found \" \"");
    }

    @Test
    void an_unwritable_trace_path_says_what_to_do(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> Diagnostics.builder().trace(file.resolve("trace.jsonl")).build())
                .hasMessageStartingWith("could not open trace file " + file.resolve("trace.jsonl") + " for writing (")
                .hasMessageEndingWith("); check that the directory is writable or choose another path");
    }
}
