package dev.scalelab.app.tasks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The queue at one moment, by JobRunr job state.
 *
 * @param enqueued   waiting for a worker
 * @param scheduled  waiting for a retry (or a scheduled time)
 * @param processing being worked on
 * @param succeeded  done (JobRunr deletes succeeded jobs after a while)
 * @param failed     failed after every retry; visible in the dashboard until deleted
 */
public record QueueDepth(long enqueued, long scheduled, long processing, long succeeded, long failed) {

    /** Jobs not finished yet: waiting, retrying or running. */
    public long pending() {
        return enqueued + scheduled + processing;
    }

    /** Reads the counts from JobRunr's job table; all zero when the table does not exist yet. */
    public static QueueDepth read(Connection c) throws SQLException {
        long enqueued = 0;
        long scheduled = 0;
        long processing = 0;
        long succeeded = 0;
        long failed = 0;
        try (Statement st = c.createStatement()) {
            if (!TaskQueue.tablesExist(st)) {
                return new QueueDepth(0, 0, 0, 0, 0);
            }
            try (ResultSet rs = st.executeQuery("select state, count(*) from jobrunr_jobs group by state")) {
                while (rs.next()) {
                    long n = rs.getLong(2);
                    switch (rs.getString(1)) {
                        case "ENQUEUED" -> enqueued = n;
                        case "SCHEDULED", "AWAITING" -> scheduled += n;
                        case "PROCESSING" -> processing = n;
                        case "SUCCEEDED" -> succeeded = n;
                        case "FAILED" -> failed = n;
                        default -> { }
                    }
                }
            }
        }
        return new QueueDepth(enqueued, scheduled, processing, succeeded, failed);
    }
}
