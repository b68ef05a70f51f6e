package dev.scalelab.reports.model;

/**
 * The service level a capacity search holds each load level to.
 *
 * @param p95Ms                 the slowest acceptable 95th percentile latency, in milliseconds (&gt; 0)
 * @param maxErrorRate          the highest acceptable fraction of failed requests, 0..1 (0.01 = 1 %)
 * @param minThroughputFraction achieved requests per second over offered must reach this, 0..1 (0.95: the app
 *                              keeps up with 95 % of the arrival rate)
 */
public record Slo(double p95Ms, double maxErrorRate, double minThroughputFraction) {

    /** p95 500 ms, 1 % errors, 95 % of the offered rate. */
    public static final Slo DEFAULT = new Slo(500, 0.01, 0.95);

    public Slo {
        if (!Double.isFinite(p95Ms) || p95Ms <= 0) {
            throw new IllegalArgumentException("slo.p95Ms must be a number of milliseconds > 0, found " + p95Ms);
        }
        Checks.ratio("slo.maxErrorRate", maxErrorRate);
        Checks.ratio("slo.minThroughputFraction", minThroughputFraction);
    }

    /** The SLO in words, e.g. {@code p95 ≤ 500 ms, errors ≤ 1 %}. */
    public String describe() {
        return "p95 ≤ " + number(p95Ms) + " ms, errors ≤ " + number(maxErrorRate * 100) + " %";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(Math.round(v * 100) / 100.0);
    }
}
