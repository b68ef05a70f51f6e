package dev.scalelab.reports.model;

/**
 * Statistics of one route template (for example {@code "GET /articles/{id}"}) within one step.
 *
 * @param requests             requests sent to the route
 * @param ko                   of which failed (non-expected status, timeout, connection refused)
 * @param latencyMs            client-side percentiles of the route, or null when not recorded
 * @param statementsPerRequest mean SQL statements (round trips) per request, from the server diagnostics; null
 *                             when the app has no diagnostics
 * @param cacheHitRate         fraction of the route's cache lookups that hit, 0..1; null when no cache was consulted
 */
public record RouteStats(long requests, long ko, Latency latencyMs, Double statementsPerRequest, Double cacheHitRate) {
    public RouteStats {
        Checks.nonNegative("requests", requests);
        Checks.nonNegative("ko", ko);
        Checks.nonNegative("statementsPerRequest", statementsPerRequest);
        Checks.ratio("cacheHitRate", cacheHitRate);
    }
}
