package dev.scalelab.cli.gate;

import java.util.List;

/**
 * The gate's verdict per route.
 *
 * @param routes      every route of baseline and profile, sorted
 * @param allowances  allowances in force, as text
 */
public record GateResult(List<RouteVerdict> routes, List<String> allowances) {

    public enum Outcome { PASS, IMPROVED, REGRESSION, NOT_EXERCISED, ERRORS, NEW_ROUTE }

    /**
     * @param route   route template
     * @param outcome the verdict
     * @param before  baseline statements per request; -1 when not in the baseline
     * @param after   profiled statements per request; -1 when not exercised
     * @param message one line for people: what changed, where, why
     */
    public record RouteVerdict(String route, Outcome outcome, int before, int after, String message) {
        public boolean failed() {
            return switch (outcome) {
                case PASS, IMPROVED -> false;
                case REGRESSION, NOT_EXERCISED, ERRORS, NEW_ROUTE -> true;
            };
        }
    }

    public boolean passed() {
        return !routes.isEmpty() && routes.stream().noneMatch(RouteVerdict::failed);
    }

    public boolean improved() {
        return routes.stream().anyMatch(r -> r.outcome() == Outcome.IMPROVED);
    }
}
