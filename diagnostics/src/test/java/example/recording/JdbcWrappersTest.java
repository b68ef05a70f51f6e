package example.recording;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import example.support.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.StringWriter;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the recording connection, statements and result sets record for every way JDBC runs SQL: the SQL, the
 * parameter values (in index order, replaced when set again, null for setNull, arrays as arrays), batches as one
 * execution, rows read, failed executions; and that they stay transparent to the application (unwrap, the
 * statement's connection, the result set's statement).
 */
class JdbcWrappersTest {
    static DataSource raw;

    @BeforeAll
    static void schema() throws SQLException {
        raw = TestDatabase.freshSchema("diag_wrappers");
        TestDatabase.execute(raw,
                "CREATE TABLE author (id bigint PRIMARY KEY, name text)",
                "INSERT INTO author SELECT g, 'author ' || g FROM generate_series(1, 10) g",
                "CREATE FUNCTION author_name(bigint) RETURNS text AS 'SELECT name FROM author WHERE id = $1' LANGUAGE sql");
    }

    /**
     * One traced execution: the fields the tests look at, read from its trace line. The trace leaves out
     * {@code params} for SQL text run as is (null here) and {@code rows} when no result set was read (-1 here).
     */
    record Line(String sql, String params, int batchSize, int rows) {
        private static final Pattern FIELDS = Pattern.compile("\"sql\":\"((?:[^\"\\\\]|\\\\.)*)\",(?:\"params\":(\\[.*?\\]),)?"
                + "\"batchSize\":(\\d+),.*?(?:\"rows\":(\\d+))?}$");

        static List<Line> parse(String trace) {
            List<Line> lines = new ArrayList<>();
            for (String l : trace.split("\n")) {
                Matcher m = FIELDS.matcher(l);
                assertThat(m.find()).as("trace line %s", l).isTrue();
                lines.add(new Line(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                        m.group(4) == null ? -1 : Integer.parseInt(m.group(4))));
            }
            return lines;
        }
    }

    interface Work {
        void run(Connection c) throws SQLException;
    }

    static List<Line> traced(Work work) throws SQLException {
        StringWriter out = new StringWriter();
        try (Diagnostics d = Diagnostics.builder().includeParameters(true).trace(out).build();
             Connection c = d.wrap(raw).getConnection()) {
            try (UnitScope unit = d.open("test")) {
                work.run(c);
            }
        }
        return Line.parse(out.toString().strip());
    }

    @Test
    void prepared_statements_record_sql_parameter_values_and_rows_read() throws SQLException {
        List<Line> lines = traced(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, name from author where id between ? and ? or name = ?")) {
                ps.setLong(2, 99);
                ps.setLong(1, 3);
                ps.setLong(2, 5);           // set again: replaced
                ps.setNull(3, Types.VARCHAR);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        assertThat(rs.getStatement()).isSameAs(ps);
                    }
                }
                ps.clearParameters();
                ps.setLong(1, 1);
                ps.setLong(2, 1);
                ps.setString(3, "x");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();               // one row of one read
                }
            }
        });
        assertThat(lines).containsExactly(
                new Line("select id, name from author where id between ? and ? or name = ?", "[3,5,null]", 0, 3),
                new Line("select id, name from author where id between ? and ? or name = ?", "[1,1,\"x\"]", 0, 1));
    }

    @Test
    void arrays_are_recorded_as_their_values() throws SQLException {
        List<Line> lines = traced(c -> {
            try (PreparedStatement ps = c.prepareStatement("select name from author where id = any(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", new Long[] {1L, 2L}));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            }
        });
        assertThat(lines).containsExactly(new Line("select name from author where id = any(?)", "[[1,2]]", 0, 2));
    }

    @Test
    void plain_statements_execute_and_get_result_set_and_batches_each_record_one_execution() throws SQLException {
        List<Line> lines = traced(c -> {
            try (Statement s = c.createStatement()) {
                assertThat(s.getConnection()).isSameAs(c);
                assertThat(s.execute("select id from author where id <= 4")).isTrue();
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
                assertThat(s.executeUpdate("update author set name = name where id = 1")).isEqualTo(1);
                s.addBatch("update author set name = name where id = 2");
                s.addBatch("update author set name = name where id = 3");
                assertThat(s.executeBatch()).containsExactly(1, 1);
            }
            try (PreparedStatement ps = c.prepareStatement("update author set name = ? where id = ?")) {
                for (long id = 5; id <= 7; id++) {
                    ps.setString(1, "renamed " + id);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            }
        });
        assertThat(lines).containsExactly(
                new Line("select id from author where id <= 4", null, 0, 4),
                new Line("update author set name = name where id = 1", null, 0, -1),
                new Line("update author set name = name where id = 2;\\nupdate author set name = name where id = 3",
                        null, 2, -1),
                new Line("update author set name = ? where id = ?", "[\"renamed 5\",5]", 3, -1));
    }

    @Test
    void callable_statements_record_their_parameters() throws SQLException {
        List<Line> lines = traced(c -> {
            try (CallableStatement cs = c.prepareCall("{? = call author_name(?)}")) {
                cs.registerOutParameter(1, Types.VARCHAR);
                cs.setLong(2, 4);
                cs.execute();
                assertThat(cs.getString(1)).isEqualTo("author 4");
            }
        });
        assertThat(lines).singleElement().satisfies(l -> assertThat(l.params()).isEqualTo("[4]"));
    }

    @Test
    void a_failed_execution_is_recorded_and_the_driver_error_reaches_the_application() throws SQLException {
        StringWriter out = new StringWriter();
        UnitReport report;
        try (Diagnostics d = Diagnostics.builder().trace(out).build(); Connection c = d.wrap(raw).getConnection()) {
            UnitScope unit = d.open("test");
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("select no_such_column from author"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("no_such_column");
            }
            report = unit.end();
        }
        assertThat(report.statements()).isEqualTo(1);
        assertThat(out.toString()).contains("select no_such_column from author");
    }

    @Test
    void the_driver_objects_stay_reachable() throws SQLException {
        Diagnostics d = Diagnostics.builder().build();
        try (Connection c = d.wrap(raw).getConnection()) {
            assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
            assertThat(c.unwrap(PGConnection.class)).isInstanceOf(PGConnection.class).isNotSameAs(c);
            try (PreparedStatement ps = c.prepareStatement("select 1")) {
                assertThat(ps.unwrap(org.postgresql.PGStatement.class)).isNotNull();
                assertThat(ps.getConnection()).isSameAs(c);
            }
        }
    }
}
