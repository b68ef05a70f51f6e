package dev.scalelab.app.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.jobs.states.StateName;

/**
 * Writes one {@code task_outcome} row per finished job in the worker: when it succeeded, or when it failed for the
 * last time. The enqueue time is the job's own creation time, so enqueue-to-done includes waiting, retries and work.
 */
final class OutcomeRecorder implements JobServerFilter {
    private final DataSource ds;
    private final Consumer<String> log;

    OutcomeRecorder(DataSource ds, Consumer<String> log) {
        this.ds = ds;
        this.log = log;
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
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into task_outcome (job_id, job_name, enqueued_at, finished_at, succeeded, attempts)
                values (?, ?, ?, ?, ?, ?) on conflict (job_id) do nothing""")) {
            ps.setObject(1, job.getId());
            ps.setString(2, job.getJobName());
            ps.setTimestamp(3, Timestamp.from(job.getCreatedAt()));
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setBoolean(5, succeeded);
            ps.setInt(6, attempts(job, succeeded));
            ps.executeUpdate();
        } catch (SQLException e) {
            log.accept("recording the outcome of job " + job.getId() + " failed: " + e.getMessage());
        }
    }

    /** Tries so far: every failed state is one, and a success is one more. */
    static int attempts(Job job, boolean succeeded) {
        int failures = (int) job.getJobStates().stream().filter(s -> s.getName() == StateName.FAILED).count();
        return failures + (succeeded ? 1 : 0);
    }
}
