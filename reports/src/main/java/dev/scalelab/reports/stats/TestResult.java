package dev.scalelab.reports.stats;

/**
 * The outcome of testing whether two samples (per-run values of a metric in two steps) differ.
 *
 * @param method      the test used
 * @param pValue      two-sided p-value; NaN when not tested
 * @param significant whether {@code pValue < alpha}
 * @param runsBefore  runs of the earlier step
 * @param runsAfter   runs of the later step
 */
public record TestResult(Method method, double pValue, boolean significant, int runsBefore, int runsAfter) {

    /** Whether a test was carried out (false with a single run on either side). */
    public boolean tested() {
        return method != Method.NOT_TESTED;
    }

    /** The smaller number of runs of the two steps. */
    public int runs() {
        return Math.min(runsBefore, runsAfter);
    }
}
