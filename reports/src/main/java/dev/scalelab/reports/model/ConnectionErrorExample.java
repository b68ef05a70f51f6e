package dev.scalelab.reports.model;

/**
 * A kind of database connection failure seen during a step.
 *
 * @param route    route template on which it was seen; null when not tied to one
 * @param sqlState SQLState (e.g. {@code 53300} "too many clients") or {@code pool-timeout}
 * @param message  the driver's or pool's message
 * @param count    how many times it happened
 */
public record ConnectionErrorExample(String route, String sqlState, String message, long count) {
    public ConnectionErrorExample {
        Checks.nonNegative("connectionErrorExample.count", count);
        route = Checks.blankToNull(route);
        sqlState = Checks.blankToNull(sqlState);
        message = Checks.blankToNull(message);
    }
}
