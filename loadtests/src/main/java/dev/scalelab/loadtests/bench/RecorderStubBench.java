package dev.scalelab.loadtests.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Pure overhead per statement: prepare, bind one parameter, execute, read one row, close, through
 * a driver that does nothing. {@code depth} adds application frames above the statement (a web
 * request's stack is 100+ frames deep), which is what call-stack capture pays for.
 *
 * <p>{@code unit} shapes the work: {@code request} runs units of four different statements, as a
 * page that loads what it needs with a few queries (each statement runs once per unit, so the
 * recorder never has to resolve its call stack); {@code loop} runs one unit per iteration that
 * repeats the same statement, an N+1 of millions, where every call stack is resolved and compared
 * to tell loops apart: the recorder's worst case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecorderStubBench {

    @Param({"raw", "dsproxy", "recorder", "recorderStacks", "recorderSampled", "p6spy"})
    public String via;

    @Param({"0", "100"})
    public int depth;

    @Param({"request", "loop"})
    public String unit;

    private static final String[] PAGE = {
        "select id, title from article where id = ?",
        "select id, name from author where id = ?",
        "select id, body from comment where article_id = ?",
        "select count(*) from follower where article_id = ?",
    };

    private Via.Path path;
    private Connection connection;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        path = Via.of(via, StubJdbc.dataSource());
        connection = path.dataSource.getConnection();
    }

    @Setup(Level.Iteration)
    public void openUnit() {
        path.openUnit();
    }

    @TearDown(Level.Iteration)
    public void closeUnit() {
        path.closeUnit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connection.close();
    }

    @Benchmark
    public long statement() throws SQLException {
        String sql = path.nextSql(unit, PAGE);
        return deep(depth, sql);
    }

    private long deep(int frames, String sql) throws SQLException {
        if (frames > 0) {
            return deep(frames - 1, sql) + 1;
        }
        return select(connection, sql);
    }

    static long select(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, 42);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
