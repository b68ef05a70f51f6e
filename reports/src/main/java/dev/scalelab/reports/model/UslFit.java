package dev.scalelab.reports.model;

import java.util.List;

/**
 * The Universal Scalability Law fitted to capacity against app instances:
 * {@code X(N) = λN / (1 + σ(N − 1) + κN(N − 1))}.
 *
 * @param step             the scale-out step the points were measured on
 * @param points           the measured points, by instance count
 * @param lambda           λ, the capacity of one instance without contention (requests per second)
 * @param sigma            σ, contention (the serial fraction), &gt;= 0
 * @param kappa            κ, coherency (the cost of keeping instances consistent), &gt;= 0
 * @param peakInstances    the instance count where predicted capacity peaks ({@code sqrt((1 − σ) / κ)}); null when
 *                         κ is 0 (no peak: capacity keeps rising, ever more slowly)
 * @param peakRequestsPerSec the predicted capacity at that count; null without a peak
 * @param cores            the machine's cores, which every instance shares here
 * @param note             what the fit means on this machine, in one or two sentences
 */
public record UslFit(String step, List<UslPoint> points, double lambda, double sigma, double kappa,
                     Double peakInstances, Double peakRequestsPerSec, int cores, String note) {
    public UslFit {
        Checks.required("usl.step", step);
        points = points == null ? List.of() : List.copyOf(points);
        Checks.nonNegative("usl.lambda", lambda);
        Checks.nonNegative("usl.sigma", sigma);
        Checks.nonNegative("usl.kappa", kappa);
        Checks.nonNegative("usl.peakInstances", peakInstances);
        Checks.nonNegative("usl.peakRequestsPerSec", peakRequestsPerSec);
        if (cores < 1) {
            throw new IllegalArgumentException("usl.cores must be >= 1, found " + cores);
        }
        note = Checks.blankToNull(note);
    }

    /** Predicted capacity at {@code n} instances, requests per second. */
    public double predict(double n) {
        return predict(lambda, sigma, kappa, n);
    }

    /** The law itself: capacity at {@code n} instances for the given parameters. */
    public static double predict(double lambda, double sigma, double kappa, double n) {
        return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    }
}
