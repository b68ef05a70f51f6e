package dev.scalelab.reports.model;

/**
 * One second of a step's measurement.
 *
 * @param second             seconds since the measurement started (after warm-up)
 * @param requestsPerSecond  responses completed in that second
 * @param ko                 of which failed
 * @param p95Ms              95th percentile of the responses completed in that second; null when there were none
 * @param dbConnectionsInUse database connections in use (sampled); null when not sampled
 */
public record TimeSample(int second, double requestsPerSecond, long ko, Double p95Ms, Integer dbConnectionsInUse) {
    public TimeSample {
        Checks.nonNegative("timeSeries.second", second);
        Checks.nonNegative("timeSeries.requestsPerSecond", requestsPerSecond);
        Checks.nonNegative("timeSeries.ko", ko);
        Checks.nonNegative("timeSeries.p95Ms", p95Ms);
        if (dbConnectionsInUse != null) {
            Checks.nonNegative("timeSeries.dbConnectionsInUse", dbConnectionsInUse.longValue());
        }
    }
}
