package dev.scalelab.reports.compare;

/**
 * A finding of the server diagnostics, merged over the runs of a step.
 *
 * @param kind        as named by the diagnostics, e.g. N_PLUS_ONE
 * @param route       route template; null when not tied to a route
 * @param fingerprint the statement with literals replaced by {@code ?}
 * @param count       the largest per-request count seen in any run
 * @param callSite    where the application issued it; null when unknown
 * @param hint        suggested fix; null when none
 * @param runs        in how many runs it was seen
 */
public record FindingRow(String kind, String route, String fingerprint, int count, String callSite, String hint,
                         int runs) {

    /** "N+1 query", "Duplicate query", or the kind in lower case with spaces. */
    public String kindLabel() {
        return switch (kind) {
            case "N_PLUS_ONE" -> "N+1 query";
            case "DUPLICATE_QUERY" -> "Duplicate query";
            default -> {
                String s = kind.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
                yield Character.toUpperCase(s.charAt(0)) + s.substring(1);
            }
        };
    }
}
