package dev.scalelab.reports.model;

import java.util.List;

/**
 * Background jobs of a step that moved side work to a queue.
 *
 * @param succeeded          jobs completed
 * @param failed             jobs that failed (after retries)
 * @param enqueueToDoneP50Ms median time from enqueue to completion; null when no job completed
 * @param enqueueToDoneP95Ms 95th percentile of the same; null when no job completed
 * @param queueDepth         the queue once a second from the start of the measurement until it drained; empty when
 *                           not sampled (summaries written before it was recorded)
 */
public record AsyncJobs(long succeeded, long failed, Double enqueueToDoneP50Ms, Double enqueueToDoneP95Ms,
                        List<QueueSample> queueDepth) {
    public AsyncJobs {
        Checks.nonNegative("asyncJobs.succeeded", succeeded);
        Checks.nonNegative("asyncJobs.failed", failed);
        Checks.nonNegative("asyncJobs.enqueueToDoneP50Ms", enqueueToDoneP50Ms);
        Checks.nonNegative("asyncJobs.enqueueToDoneP95Ms", enqueueToDoneP95Ms);
        queueDepth = queueDepth == null ? List.of() : List.copyOf(queueDepth);
    }

    /** Outcomes without a queue depth series. */
    public AsyncJobs(long succeeded, long failed, Double enqueueToDoneP50Ms, Double enqueueToDoneP95Ms) {
        this(succeeded, failed, enqueueToDoneP50Ms, enqueueToDoneP95Ms, List.of());
    }

    /** The most jobs pending in any second; 0 without samples. */
    public long maxPending() {
        return queueDepth.stream().mapToLong(QueueSample::pending).max().orElse(0);
    }
}
