package dev.scalelab.reports.model;

/**
 * A query-pattern finding of the server diagnostics for one route.
 *
 * @param kind        {@value #N_PLUS_ONE}, {@value #DUPLICATE_QUERY}, or another kind named by the diagnostics
 * @param route       route template the finding was seen on
 * @param fingerprint the statement with literals replaced by {@code ?}
 * @param count       how many times the statement ran within one request (the N of N+1), at most
 * @param callSite    innermost application frame that issued it, e.g. {@code app.FeedService.latest(FeedService.java:42)};
 *                    null when unknown
 * @param hint        suggested fix, e.g. "fetch the authors with the articles (join fetch)"; null when none
 */
public record Finding(String kind, String route, String fingerprint, int count, String callSite, String hint) {
    public static final String N_PLUS_ONE = "N_PLUS_ONE";
    public static final String DUPLICATE_QUERY = "DUPLICATE_QUERY";

    public Finding {
        Checks.required("finding.kind", kind);
        Checks.required("finding.fingerprint", fingerprint);
        Checks.nonNegative("finding.count", count);
        route = Checks.blankToNull(route);
        callSite = Checks.blankToNull(callSite);
        hint = Checks.blankToNull(hint);
    }
}
