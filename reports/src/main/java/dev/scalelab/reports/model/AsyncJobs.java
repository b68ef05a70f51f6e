package dev.scalelab.reports.model;

/**
 * Background jobs of a step that moved side work to a queue.
 *
 * @param succeeded          jobs completed
 * @param failed             jobs that failed (after retries)
 * @param enqueueToDoneP50Ms median time from enqueue to completion; null when no job completed
 * @param enqueueToDoneP95Ms 95th percentile of the same; null when no job completed
 */
public record AsyncJobs(long succeeded, long failed, Double enqueueToDoneP50Ms, Double enqueueToDoneP95Ms) {
    public AsyncJobs {
        Checks.nonNegative("asyncJobs.succeeded", succeeded);
        Checks.nonNegative("asyncJobs.failed", failed);
        Checks.nonNegative("asyncJobs.enqueueToDoneP50Ms", enqueueToDoneP50Ms);
        Checks.nonNegative("asyncJobs.enqueueToDoneP95Ms", enqueueToDoneP95Ms);
    }
}
