package dev.scalelab.reports.model;

/**
 * One second of a task queue, seen from its database.
 *
 * @param second  seconds since the measurement started (the queue drains after it ends, so seconds may run past the
 *                measurement)
 * @param pending jobs not finished yet: waiting, waiting for a retry, or running
 * @param failed  jobs that failed after every retry, as counted by the queue at that second
 */
public record QueueSample(int second, long pending, long failed) {
    public QueueSample {
        Checks.nonNegative("queueDepth.second", second);
        Checks.nonNegative("queueDepth.pending", pending);
        Checks.nonNegative("queueDepth.failed", failed);
    }
}
