package dev.scalelab.app.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.jobs.states.StateName;

/**
 * Writes one {@code task_outcome} row per finished job in the worker: when it succeeded, or when it failed for the
 * last time. The enqueue time is the job's own creation time, so enqueue-to-done includes waiting, retries and work.
 * The finish time is taken in the job's thread; the row is written by a thread of its own, so the job server is not
 * slowed down by the bookkeeping. {@link #close()} writes what is left.
 */
final class OutcomeRecorder implements JobServerFilter, AutoCloseable {
    private final DataSource ds;
    private final Consumer<String> log;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scalelab-task-outcomes");
        t.setDaemon(true);
        return t;
    });

    OutcomeRecorder(DataSource ds, Consumer<String> log) {
        this.ds = ds;
        this.log = log;
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onProcessingSucceeded(Job job) {
        record(job, true);
    }

    @Override
    public void onFailedAfterRetries(Job job) {
        record(job, false);
        log.accept("job " + job.getId() + " (" + job.getJobName() + ") failed after "
                + attempts(job, false) + " attempts; it stays in the failed state (see the dashboard)");
    }

    private void record(Job job, boolean succeeded) {
        Instant finished = Instant.now();
        UUID id = job.getId();
        String name = job.getJobName();
        Instant enqueued = job.getCreatedAt();
        int attempts = attempts(job, succeeded);
        try {
            writer.execute(() -> write(id, name, enqueued, finished, succeeded, attempts));
        } catch (RejectedExecutionException e) {
            write(id, name, enqueued, finished, succeeded, attempts);
        }
    }

    private void write(UUID id, String name, Instant enqueued, Instant finished, boolean succeeded, int attempts) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into task_outcome (job_id, job_name, enqueued_at, finished_at, succeeded, attempts)
                values (?, ?, ?, ?, ?, ?) on conflict (job_id) do nothing""")) {
            ps.setObject(1, id);
            ps.setString(2, name);
            ps.setTimestamp(3, Timestamp.from(enqueued));
            ps.setTimestamp(4, Timestamp.from(finished));
            ps.setBoolean(5, succeeded);
            ps.setInt(6, attempts);
            ps.executeUpdate();
        } catch (SQLException e) {
            log.accept("recording the outcome of job " + id + " failed: " + e.getMessage());
        }
    }

    /** Tries so far: every failed state is one, and a success is one more. */
    static int attempts(Job job, boolean succeeded) {
        int failures = (int) job.getJobStates().stream().filter(s -> s.getName() == StateName.FAILED).count();
        return failures + (succeeded ? 1 : 0);
    }
}
