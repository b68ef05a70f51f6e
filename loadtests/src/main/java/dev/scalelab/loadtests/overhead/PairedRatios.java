package dev.scalelab.loadtests.overhead;

import java.util.Arrays;
import java.util.List;

/**
 * Ratios of paired measurements (one pair per round, both measured side by side), with their median and range: the
 * spread between rounds says how far one ratio can be trusted.
 *
 * @param ratios one per round, in round order; a pair whose denominator is 0 gives {@code NaN}
 */
record PairedRatios(List<Double> ratios) {

    PairedRatios {
        ratios = List.copyOf(ratios);
    }

    /** {@code numerators[i] / denominators[i]} for every round. */
    static PairedRatios of(double[] numerators, double[] denominators) {
        if (numerators.length != denominators.length) {
            throw new IllegalArgumentException("pairs need as many numerators as denominators (got "
                    + numerators.length + " and " + denominators.length + ")");
        }
        Double[] r = new Double[numerators.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = denominators[i] == 0 ? Double.NaN : numerators[i] / denominators[i];
        }
        return new PairedRatios(Arrays.asList(r));
    }

    /** The middle ratio (the mean of the two middle ones for an even count); {@code NaN} without any. */
    double median() {
        return median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The lowest ratio; {@code NaN} without any. */
    double min() {
        return ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The highest ratio; {@code NaN} without any. */
    double max() {
        return ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The middle value (the mean of the two middle ones for an even count); {@code NaN} for none. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
