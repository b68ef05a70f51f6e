package dev.scalelab.diagnostics;

/**
 * How much of each statement's call stack the recorder captures; see
 * {@link Diagnostics.Builder#stacks(StackMode)}.
 */
public enum StackMode {
    /**
     * Every execution's stack is captured, and resolved when its statement repeats in the unit (to
     * tell two loops apart): exact call sites, the default, and what tests and traces want. Costs
     * about 0.25 µs per frame for a repeated statement.
     */
    EXACT,
    /**
     * For apps under load: every execution is still counted exactly by fingerprint, but a statement's
     * stack is captured and resolved only for its first executions in a unit and then at gaps that
     * double up to one in N; the executions in between are attributed to the call stack last captured
     * for the same SQL in the unit. N+1 and duplicate findings are those of {@link #EXACT} unless one
     * SQL runs from a second place within a gap (a second loop right after a first one), whose first
     * executions then count toward the first place.
     */
    SAMPLED,
    /** No call stacks: counts, fingerprints, duplicates and N+1 by statement, without call sites. */
    OFF
}
