package dev.scalelab.reports.model;

/**
 * One response in which the identity probe saw another user's page.
 *
 * @param route        route template requested
 * @param expectedUser who sent the request (display name or "anonymous")
 * @param servedUser   whose page came back
 * @param detail       free text, e.g. the cache header seen; null when none
 */
public record LeakExample(String route, String expectedUser, String servedUser, String detail) {
    public LeakExample {
        route = Checks.blankToNull(route);
        detail = Checks.blankToNull(detail);
    }
}
