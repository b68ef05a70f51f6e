package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StackMode;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import example.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Exact, sampled and no call stacks: what each mode reports for the same loops. */
class StackModesTest {
    static DataSource raw;

    @BeforeAll
    static void schema() {
        raw = TestDatabase.freshSchema("diag_stack_modes");
        TestDatabase.execute(raw,
                "CREATE TABLE author (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO author SELECT g, 'author ' || g FROM generate_series(1, 100) g");
    }

    static String name(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from author where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Two loops of ten over one repository method, one right after the other. */
    static UnitReport twoLoopsOfTen(Diagnostics d) throws SQLException {
        try (Connection c = d.wrap(raw).getConnection()) {
            UnitScope unit = d.open("GET /authors");
            for (long id = 1; id <= 10; id++) {
                name(c, id); // first loop: line 48
            }
            for (long id = 11; id <= 20; id++) {
                name(c, id); // second loop: line 51
            }
            return unit.end();
        }
    }

    @Test
    void exact_stacks_tell_the_two_loops_apart() throws SQLException {
        Diagnostics d = Diagnostics.builder().stacks(StackMode.EXACT).build();
        assertThat(d.stackMode()).isEqualTo(StackMode.EXACT);
        assertThat(twoLoopsOfTen(d).findings()).extracting(Finding::count, f -> f.stack().get(1))
                .containsExactly(tuple(10, "example.recording.StackModesTest.twoLoopsOfTen(StackModesTest.java:48)"),
                        tuple(10, "example.recording.StackModesTest.twoLoopsOfTen(StackModesTest.java:51)"));
    }

    @Test
    void sampled_stacks_count_every_execution_and_attribute_the_unsampled_to_the_last_sampled_place()
            throws SQLException {
        Diagnostics d = Diagnostics.builder().stacks(StackMode.SAMPLED).build();
        UnitReport report = twoLoopsOfTen(d);
        assertThat(report.statements()).isEqualTo(20);
        // stacks of executions 1, 2, 3, 5, 9 and 17 are captured: 11 to 16 of the second loop are
        // counted toward the first, which is the documented price of sampling
        assertThat(report.findings()).extracting(Finding::count, f -> f.stack().get(1))
                .containsExactly(tuple(16, "example.recording.StackModesTest.twoLoopsOfTen(StackModesTest.java:48)"),
                        tuple(4, "example.recording.StackModesTest.twoLoopsOfTen(StackModesTest.java:51)"));
    }

    @Test
    void sampling_every_execution_is_exact() throws SQLException {
        Diagnostics d = Diagnostics.builder().stacks(StackMode.SAMPLED).sampledStacks(1, 1).build();
        assertThat(twoLoopsOfTen(d).findings()).extracting(Finding::count).containsExactly(10, 10);
    }

    @Test
    void sampled_stacks_with_more_first_captures_tell_short_loops_apart() throws SQLException {
        Diagnostics d = Diagnostics.builder().stacks(StackMode.SAMPLED).sampledStacks(11, 16).build();
        assertThat(twoLoopsOfTen(d).findings()).extracting(Finding::count).containsExactly(10, 10);
    }

    @Test
    void no_stacks_count_one_loop_per_statement() throws SQLException {
        Diagnostics d = Diagnostics.builder().captureStacks(false).build();
        assertThat(d.stackMode()).isEqualTo(StackMode.OFF);
        assertThat(d.capturesStacks()).isFalse();
        assertThat(twoLoopsOfTen(d).findings()).extracting(Finding::count, Finding::callSite)
                .containsExactly(tuple(20, "(call stacks off)"));
    }

    @Test
    void invalid_sampling_is_reported_with_the_other_problems() {
        assertThatThrownBy(() -> Diagnostics.builder().stacks(null).sampledStacks(0, 16).build())
                .hasMessage("invalid diagnostics settings: stacks: expected EXACT, SAMPLED or OFF, found null;"
                        + " sampledStacks: expected first >= 1 and oneIn >= 1, found 0 and 16");
    }
}
