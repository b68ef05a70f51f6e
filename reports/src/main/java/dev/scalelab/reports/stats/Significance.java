package dev.scalelab.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

import java.util.Arrays;

/**
 * Tests whether a metric differs between two steps, given its value in every run (repeat) of each step.
 * The method depends only on the number of runs (see {@link Method}); the significance level is {@link #ALPHA}.
 */
public final class Significance {
    /** Two-sided significance level. */
    public static final double ALPHA = 0.05;

    /** Above this many rank assignments the exact Mann-Whitney distribution gives way to the normal approximation. */
    static final long MAX_EXACT_ASSIGNMENTS = 200_000;

    private Significance() {
    }

    /** Tests {@code before} against {@code after}; both are per-run values, non-finite values are not allowed. */
    public static TestResult test(double[] before, double[] after) {
        for (double v : before) {
            checkFinite(v);
        }
        for (double v : after) {
            checkFinite(v);
        }
        int n1 = before.length;
        int n2 = after.length;
        if (n1 > 0 && n2 > 0 && allEqual(before, after)) {
            return new TestResult(Method.IDENTICAL, 1.0, false, n1, n2);
        }
        if (n1 < 2 || n2 < 2) {
            return new TestResult(Method.NOT_TESTED, Double.NaN, false, n1, n2);
        }
        double p;
        Method method;
        if (Math.min(n1, n2) <= 3) {
            method = Method.WELCH;
            p = welch(before, after);
        } else if (binomial(n1 + n2, n1) <= MAX_EXACT_ASSIGNMENTS) {
            method = Method.MANN_WHITNEY_EXACT;
            p = mannWhitneyExact(before, after);
        } else {
            method = Method.MANN_WHITNEY_NORMAL;
            p = new MannWhitneyUTest().mannWhitneyUTest(before, after);
        }
        return new TestResult(method, p, p < ALPHA, n1, n2);
    }

    /**
     * Welch's two-sided t-test; on logarithms when every value is positive. With no spread on either side the
     * difference is the same in every run, and p is 0 (the means differ, they are not all equal).
     */
    static double welch(double[] before, double[] after) {
        boolean positive = Arrays.stream(before).allMatch(v -> v > 0) && Arrays.stream(after).allMatch(v -> v > 0);
        double[] a = positive ? Arrays.stream(before).map(Math::log).toArray() : before;
        double[] b = positive ? Arrays.stream(after).map(Math::log).toArray() : after;
        double va = StatUtils.variance(a) / a.length;
        double vb = StatUtils.variance(b) / b.length;
        double diff = StatUtils.mean(a) - StatUtils.mean(b);
        if (va + vb == 0) {
            return diff == 0 ? 1.0 : 0.0;
        }
        double t = diff / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb)
                / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return 2.0 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
    }

    /**
     * Exact two-sided Mann-Whitney U p-value: the share of all ways to split the pooled ranks into groups of the
     * observed sizes whose U is at least as far from its mean as the observed U. Ties take mid-ranks.
     */
    static double mannWhitneyExact(double[] before, double[] after) {
        int n1 = before.length;
        int n = n1 + after.length;
        double[] pooled = new double[n];
        System.arraycopy(before, 0, pooled, 0, n1);
        System.arraycopy(after, 0, pooled, n1, after.length);
        double[] ranks = midRanks(pooled);
        double observedRankSum = 0;
        for (int i = 0; i < n1; i++) {
            observedRankSum += ranks[i];
        }
        double meanRankSum = n1 * (n + 1) / 2.0;
        double observedDistance = Math.abs(observedRankSum - meanRankSum) - 1e-9;
        long[] counts = new long[2]; // {at least as extreme, total}
        enumerate(ranks, 0, n1, 0.0, meanRankSum, observedDistance, counts);
        return Math.min(1.0, (double) counts[0] / counts[1]);
    }

    private static void enumerate(double[] ranks, int from, int left, double sum, double mean, double observed,
                                  long[] counts) {
        if (left == 0) {
            counts[1]++;
            if (Math.abs(sum - mean) >= observed) {
                counts[0]++;
            }
            return;
        }
        for (int i = from; i <= ranks.length - left; i++) {
            enumerate(ranks, i + 1, left - 1, sum + ranks[i], mean, observed, counts);
        }
    }

    static double[] midRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    static long binomial(int n, int k) {
        long result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
            if (result > Long.MAX_VALUE / (n + 1)) {
                return Long.MAX_VALUE;
            }
        }
        return result;
    }

    private static boolean allEqual(double[] a, double[] b) {
        double first = a[0];
        return Arrays.stream(a).allMatch(v -> v == first) && Arrays.stream(b).allMatch(v -> v == first);
    }

    private static void checkFinite(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("per-run values must be finite, found " + v);
        }
    }
}
