package dev.scalelab.reports.stats;

/** How a difference between two steps was tested; chosen from the number of runs alone, never from the data. */
public enum Method {
    /** Fewer than two runs on a side: nothing to test. */
    NOT_TESTED,
    /** Every run of both steps gave the same single value (also with one run each): no difference to test. */
    IDENTICAL,
    /**
     * Two or three runs per step: Welch's t-test, on the logarithm of the values when all are positive (so it
     * tests the ratio) and on the values themselves otherwise. Mann-Whitney U cannot reach p &lt; 0.05 with three
     * runs or fewer per step (its smallest two-sided p with 3 + 3 runs is 0.10).
     */
    WELCH,
    /** Four or more runs per step: two-sided Mann-Whitney U, exact (all rank assignments enumerated, ties as mid-ranks). */
    MANN_WHITNEY_EXACT,
    /** So many runs that the exact enumeration is too large: Mann-Whitney U with the normal approximation. */
    MANN_WHITNEY_NORMAL
}
