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
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Relative cost: {@code SELECT 1} over one loopback PostgreSQL connection, per path. {@code unit} as in
 * {@link RecorderStubBench}: {@code request} runs units of four different statements, {@code loop} repeats one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecorderPostgresBench {

    @Param({"raw", "dsproxy", "recorder", "recorderStacks", "recorderSampled", "p6spy"})
    public String via;

    @Param({"request", "loop"})
    public String unit;

    static final String[] PAGE = {"SELECT 1", "SELECT 1 AS one", "SELECT 1 AS a", "SELECT 1 AS b"};
    private Via.Path path;
    private Connection connection;

    public static final String URL_PROPERTY = "scalelab.bench.dbUrl";

    /** The system property {@value #URL_PROPERTY} (set by {@code scalelab bench}), $SCALELAB_TEST_DB_URL, or loopback. */
    public static String databaseUrl() {
        return System.getProperty(URL_PROPERTY, System.getenv().getOrDefault("SCALELAB_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"));
    }

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(databaseUrl());
        path = Via.of(via, pg);
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
    public int selectOne() throws SQLException {
        String sql = path.nextSql(unit, PAGE);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }
}
