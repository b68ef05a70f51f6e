package dev.scalelab.cli.proc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's own view of a step, sampled once a second over one connection of its own (excluded from the
 * counts): connections in use against max_connections, transactions, and the buffer hit ratio.
 */
public final class PostgresSampler implements AutoCloseable {

    /** One second: backends connected to the app's database (other than this sampler). */
    public record Sample(long epochMs, int connections) {
    }

    /**
     * What a step looked like to PostgreSQL.
     *
     * @param maxConnections  the server's max_connections
     * @param peakConnections most backends connected to the app's database at once
     * @param transactions    commits and rollbacks during the step
     * @param bufferHitRatio  shared-buffer hits / (hits + reads) during the step; null without reads or hits
     */
    public record Summary(int maxConnections, int peakConnections, long transactions, Double bufferHitRatio) {
    }

    private final Connection connection;
    private final int maxConnections;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private long[] startCounters;

    public PostgresSampler(String url, Properties props) throws SQLException {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty("ApplicationName", "scalelab-sampler");
        this.connection = DriverManager.getConnection(url, p);
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select current_setting('max_connections')::int")) {
            rs.next();
            this.maxConnections = rs.getInt(1);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scalelab-postgres-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() throws SQLException {
        startCounters = counters();
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity "
                     + "where datname = current_database() and pid <> pg_backend_pid()")) {
            rs.next();
            synchronized (this) {
                samples.add(new Sample(System.currentTimeMillis(), rs.getInt(1)));
            }
        } catch (SQLException e) {
            // a missed sample shows as a gap
        }
    }

    private long[] counters() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select xact_commit + xact_rollback, blks_hit, blks_read "
                     + "from pg_stat_database where datname = current_database()")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /** The server's max_connections. */
    public int maxConnections() {
        return maxConnections;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Stops sampling and summarizes. */
    public Summary finish() {
        timer.shutdownNow();
        int peak;
        synchronized (this) {
            peak = samples.stream().mapToInt(Sample::connections).max().orElse(0);
        }
        try {
            long[] end = counters();
            long hits = end[1] - startCounters[1];
            long reads = end[2] - startCounters[2];
            return new Summary(maxConnections, peak, end[0] - startCounters[0],
                    hits + reads == 0 ? null : (double) hits / (hits + reads));
        } catch (SQLException | RuntimeException e) {
            return new Summary(maxConnections, peak, 0, null);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
