package dev.scalelab.reports.compare;

import dev.scalelab.reports.stats.Method;
import dev.scalelab.reports.stats.TestResult;

/**
 * How a metric changed from an earlier step to a later one, and whether the change is significant.
 *
 * @param metric       the metric
 * @param baseline     the earlier step's name
 * @param beforeMedian median over the earlier step's runs
 * @param afterMedian  median over the later step's runs
 * @param test         the significance test of the per-run values
 */
public record MetricChange(Metric metric, String baseline, double beforeMedian, double afterMedian, TestResult test) {

    /** How the change reads for the user. */
    public enum Verdict {
        /** Tested and significant. */
        SIGNIFICANT,
        /** Tested and not significant. */
        NOT_SIGNIFICANT,
        /** Every run of both steps gave the same value. */
        NO_CHANGE,
        /** Not tested: a single run on one side. */
        NOT_TESTED
    }

    /** Whether the change went in the better direction, the worse one, or neither matters. */
    public enum Direction { BETTER, WORSE, NEUTRAL }

    public Verdict verdict() {
        return switch (test.method()) {
            case NOT_TESTED -> Verdict.NOT_TESTED;
            case IDENTICAL -> Verdict.NO_CHANGE;
            default -> test.significant() ? Verdict.SIGNIFICANT : Verdict.NOT_SIGNIFICANT;
        };
    }

    public Direction direction() {
        if (afterMedian == beforeMedian || metric.better() == Metric.Better.NEITHER) {
            return Direction.NEUTRAL;
        }
        boolean up = afterMedian > beforeMedian;
        return up == (metric.better() == Metric.Better.HIGHER) ? Direction.BETTER : Direction.WORSE;
    }

    /** The change of the medians, e.g. "−87 %". */
    public String changeText() {
        return metric.formatChange(beforeMedian, afterMedian);
    }

    /**
     * The verdict without the metric's name: "−87 % (significant)", "~ no significant change (−3 %)",
     * "no change", or "−87 %" when it was not tested (one run per step: the page says so once).
     */
    public String verdictText() {
        return switch (verdict()) {
            case SIGNIFICANT -> changeText() + " (significant)";
            case NOT_SIGNIFICANT -> "~ no significant change (" + changeText() + ")";
            case NO_CHANGE -> "no change";
            // said once per page (the legend, the method), not after every figure
            case NOT_TESTED -> changeText();
        };
    }

    /** The verdict with the metric's name: "p95 −87 % (significant)". */
    public String sentence() {
        return metric.label() + " " + verdictText();
    }

    /** Whether this change deserves a line in the step's verdict: significant, or untested but large. */
    public boolean notable() {
        return switch (verdict()) {
            case SIGNIFICANT -> true;
            case NOT_SIGNIFICANT, NO_CHANGE -> false;
            case NOT_TESTED -> large();
        };
    }

    /** A relative change of at least 10 %, a move of at least 5 percentage points, or a rise from zero. */
    public boolean large() {
        if (beforeMedian == afterMedian) {
            return false;
        }
        if (metric.change() == Metric.Change.POINTS) {
            return Math.abs(afterMedian - beforeMedian) >= 0.05;
        }
        if (beforeMedian == 0) {
            return true;
        }
        return Math.abs(afterMedian / beforeMedian - 1) >= 0.10;
    }

    /** The p-value as text ("p = 0.003", "p < 0.001"); empty when not tested. */
    public String pValueText() {
        if (test.method() == Method.NOT_TESTED || test.method() == Method.IDENTICAL) {
            return "";
        }
        double p = test.pValue();
        if (p < 0.001) {
            return "p < 0.001";
        }
        return "p = " + (p < 0.01 ? String.format(java.util.Locale.ROOT, "%.3f", p)
                : String.format(java.util.Locale.ROOT, "%.2f", p));
    }
}
