package dev.scalelab.reports.model;

/**
 * Statistics of one route template (for example {@code "GET /articles/{id}"}) within one step.
 *
 * @param requests              requests sent to the route
 * @param ko                    of which failed (non-expected status, timeout, connection refused)
 * @param latencyMs             client-side percentiles of the route, or null when not recorded
 * @param statementsPerRequest  mean SQL statements (round trips) per request; null when the app reported none
 * @param cacheHitRate          fraction of the route's cache lookups that hit, 0..1; null when no cache was consulted
 * @param statementsSource      where {@code statementsPerRequest} comes from: {@value #FROM_DIAGNOSTICS} (the app's
 *                              own accounting, every statement of the request) or {@value #FROM_SERVER_TIMING} (the
 *                              response header, which cannot count statements run after the response committed);
 *                              null when there is no count (and in summaries written before it was recorded)
 * @param statementsAfterCommit mean statements per request that ran after the response committed (server-side view
 *                              rendering); null unless the count comes from the diagnostics
 */
public record RouteStats(long requests, long ko, Latency latencyMs, Double statementsPerRequest, Double cacheHitRate,
                         String statementsSource, Double statementsAfterCommit) {
    /** The app's diagnostics snapshot. */
    public static final String FROM_DIAGNOSTICS = "diagnostics";
    /** The {@code Server-Timing} response header. */
    public static final String FROM_SERVER_TIMING = "Server-Timing";

    public RouteStats {
        Checks.nonNegative("requests", requests);
        Checks.nonNegative("ko", ko);
        Checks.nonNegative("statementsPerRequest", statementsPerRequest);
        Checks.ratio("cacheHitRate", cacheHitRate);
        statementsSource = Checks.blankToNull(statementsSource);
        if (statementsSource != null && !statementsSource.equals(FROM_DIAGNOSTICS)
                && !statementsSource.equals(FROM_SERVER_TIMING)) {
            throw new IllegalArgumentException("statementsSource must be " + FROM_DIAGNOSTICS + " or "
                    + FROM_SERVER_TIMING + ", found " + statementsSource);
        }
        Checks.nonNegative("statementsAfterCommit", statementsAfterCommit);
    }

    /** A route whose statement count (if any) has no recorded source. */
    public RouteStats(long requests, long ko, Latency latencyMs, Double statementsPerRequest, Double cacheHitRate) {
        this(requests, ko, latencyMs, statementsPerRequest, cacheHitRate, null, null);
    }

    /** This route with its statement count from the app's diagnostics. */
    public RouteStats withServerCount(double statementsPerRequest, double statementsAfterCommit) {
        return new RouteStats(requests, ko, latencyMs, statementsPerRequest, cacheHitRate, FROM_DIAGNOSTICS,
                statementsAfterCommit);
    }
}
