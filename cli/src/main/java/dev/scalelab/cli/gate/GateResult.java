package dev.scalelab.cli.gate;

import java.util.List;

/**
 * The gate's verdict per route.
 *
 * @param routes      every route of baseline and profile, sorted
 * @param allowances  allowances in force, as text
 * @param subject     routes or tests
 */
public record GateResult(List<RouteVerdict> routes, List<String> allowances, Subject subject) {

    /** Verdicts on HTTP routes. */
    public GateResult(List<RouteVerdict> routes, List<String> allowances) {
        this(routes, allowances, Subject.ROUTE);
    }

    /** What the gate compares: the routes of an HTTP profile, or the tests of a test suite's profiles. */
    public enum Subject {
        ROUTE("route", "routes", "exercised", "not exercised by this run"),
        TEST("test", "tests", "measured", "this run wrote no profile for it (not run, renamed, or ran no statements)");

        private final String noun;
        private final String plural;
        private final String measured;
        private final String missing;

        Subject(String noun, String plural, String measured, String missing) {
            this.noun = noun;
            this.plural = plural;
            this.measured = measured;
            this.missing = missing;
        }

        public String noun() {
            return noun;
        }

        public String plural() {
            return plural;
        }

        String measured() {
            return measured;
        }

        String missing() {
            return missing;
        }
    }

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
