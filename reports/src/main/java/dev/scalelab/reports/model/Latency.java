package dev.scalelab.reports.model;

/**
 * Response-time percentiles in milliseconds, as recorded by the client.
 *
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max slowest response
 */
public record Latency(double p50, double p95, double p99, double max) {
    public Latency {
        Checks.nonNegative("latencyMs.p50", p50);
        Checks.nonNegative("latencyMs.p95", p95);
        Checks.nonNegative("latencyMs.p99", p99);
        Checks.nonNegative("latencyMs.max", max);
    }
}
