package dev.scalelab.app.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * What happened to the jobs enqueued in a time window, from the {@code task_outcome} rows the worker writes.
 *
 * @param succeeded          jobs that succeeded (after retries, if any)
 * @param failed             jobs that failed after every retry
 * @param enqueueToDoneP50Ms median time from enqueue to success; null when none succeeded
 * @param enqueueToDoneP95Ms 95th percentile of the same; null when none succeeded
 */
public record TaskStats(long succeeded, long failed, Double enqueueToDoneP50Ms, Double enqueueToDoneP95Ms) {

    /** Outcomes of the jobs enqueued in {@code [from, to)}; jobs not finished yet are not counted. */
    public static TaskStats enqueuedBetween(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select count(*) filter (where succeeded),
                       count(*) filter (where not succeeded),
                       percentile_cont(0.5) within group (order by extract(epoch from finished_at - enqueued_at) * 1000)
                           filter (where succeeded),
                       percentile_cont(0.95) within group (order by extract(epoch from finished_at - enqueued_at) * 1000)
                           filter (where succeeded)
                from task_outcome where enqueued_at >= ? and enqueued_at < ?""")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TaskStats(rs.getLong(1), rs.getLong(2), nullable(rs, 3), nullable(rs, 4));
            }
        }
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : Math.round(d * 10) / 10.0;
    }
}
