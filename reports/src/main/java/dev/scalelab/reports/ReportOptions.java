package dev.scalelab.reports;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings of report generation; immutable. Every default is in {@link #defaults()}.
 *
 * @param clock     source of the generation time shown on the page
 * @param progress  receives a line per stage
 * @param homeRoute the route whose statements per request the headline table shows
 */
public record ReportOptions(Clock clock, ReportProgress progress, String homeRoute) {
    /** The route of the home page in the reference app. */
    public static final String DEFAULT_HOME_ROUTE = "GET /";

    public ReportOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(progress, "progress (use ReportProgress.none())");
        if (homeRoute == null || homeRoute.isBlank()) {
            throw new IllegalArgumentException("homeRoute must be a route template such as \"GET /\", found "
                    + (homeRoute == null ? "null" : "\"" + homeRoute + "\""));
        }
    }

    /** System clock (UTC), no progress output, home route {@value #DEFAULT_HOME_ROUTE}. */
    public static ReportOptions defaults() {
        return new ReportOptions(Clock.systemUTC(), ReportProgress.none(), DEFAULT_HOME_ROUTE);
    }

    public ReportOptions withClock(Clock c) {
        return new ReportOptions(c, progress, homeRoute);
    }

    public ReportOptions withProgress(ReportProgress p) {
        return new ReportOptions(clock, p, homeRoute);
    }

    public ReportOptions withHomeRoute(String route) {
        return new ReportOptions(clock, progress, route);
    }
}
