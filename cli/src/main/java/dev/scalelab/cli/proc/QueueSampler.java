package dev.scalelab.cli.proc;

import dev.scalelab.app.tasks.QueueDepth;
import dev.scalelab.app.tasks.TaskStats;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The task queue of a step, seen from the database once a second over a connection of its own: jobs waiting,
 * retrying, running and failed (queue depth over time), and at the end the outcomes of the jobs enqueued during the
 * measurement, so a fast answer is never mistaken for finished work.
 */
public final class QueueSampler implements AutoCloseable {

    /** One second of the queue. */
    public record Sample(long epochMs, long enqueued, long scheduled, long processing, long failed) {
        public long pending() {
            return enqueued + scheduled + processing;
        }
    }

    private final Connection connection;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;

    public QueueSampler(String url, Properties props) throws SQLException {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty("ApplicationName", "scalelab-sampler");
        this.connection = DriverManager.getConnection(url, p);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scalelab-queue-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            QueueDepth d = depth();
            synchronized (this) {
                samples.add(new Sample(System.currentTimeMillis(), d.enqueued(), d.scheduled(), d.processing(), d.failed()));
            }
        } catch (SQLException e) {
            // a missed sample shows as a gap
        }
    }

    private synchronized QueueDepth depth() throws SQLException {
        return QueueDepth.read(connection);
    }

    /**
     * Waits until no job is waiting, retrying or running, at most {@code timeout}; returns the jobs still pending
     * then. Samples go on meanwhile, so the queue draining shows in the series.
     */
    public long awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pending;
        while (true) {
            try {
                pending = depth().pending();
            } catch (SQLException e) {
                return -1;
            }
            if (pending == 0 || System.nanoTime() > deadline) {
                return pending;
            }
            Thread.sleep(500);
        }
    }

    /** Outcomes of the jobs enqueued in {@code [from, to)}. */
    public synchronized TaskStats outcomes(Instant from, Instant to) throws SQLException {
        return TaskStats.enqueuedBetween(connection, from, to);
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }
}
