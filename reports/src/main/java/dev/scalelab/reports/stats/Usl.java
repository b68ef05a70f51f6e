package dev.scalelab.reports.stats;

import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.model.UslPoint;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fits the Universal Scalability Law {@code X(N) = λN / (1 + σ(N − 1) + κN(N − 1))} to capacity measured at several
 * instance counts, by least squares on X (Levenberg-Marquardt, started from the linearised form
 * {@code λN / X(N) − 1 = σ(N − 1) + κN(N − 1)} solved without negative coefficients).
 *
 * <p>σ and κ are kept at 0 or above. Each boundary of that region (κ = 0, σ = 0, both 0) is fitted too and the
 * simplest model wins unless a richer one fits clearly better, so linear scaling comes out as σ = κ = 0 exactly and
 * shows no peak. With two instance counts only λ and σ are fitted (κ = 0: two points cannot tell coherency from
 * contention) and the note says so.
 */
public final class Usl {
    /** A richer model must lower the squared error by more than this fraction of Σ X² to be preferred. */
    private static final double TIE = 1e-9;

    private Usl() {
    }

    /**
     * Fits the law to {@code points}.
     *
     * @param step   the scale-out step the points were measured on
     * @param points capacity per instance count: at least two different counts, every capacity &gt; 0
     * @param cores  the machine's cores, which every instance shares
     * @param note   what the fit means on this machine; null for the default sentence about the shared cores
     * @throws IllegalArgumentException when there are fewer than two instance counts or a capacity is 0
     */
    public static UslFit fit(String step, List<UslPoint> points, int cores, String note) {
        if (points == null) {
            throw new IllegalArgumentException("a scalability fit needs capacity at two or more instance counts,"
                    + " found none; measure the scale-out step at 1, 2 and 3 instances");
        }
        long counts = points.stream().mapToInt(UslPoint::instances).distinct().count();
        if (counts < 2) {
            throw new IllegalArgumentException("a scalability fit needs capacity at two or more instance counts,"
                    + " found " + counts + (counts == 1 ? " (" + points.get(0).instances() + ")" : "")
                    + "; measure the scale-out step at 1, 2 and 3 instances");
        }
        for (UslPoint p : points) {
            if (!(p.requestsPerSec() > 0)) {
                throw new IllegalArgumentException("a scalability fit needs a capacity above 0 at every instance"
                        + " count, found " + p.requestsPerSec() + " req/s at " + p.instances()
                        + " instances; leave that count out or lower the first load level");
            }
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, found " + cores);
        }
        List<UslPoint> sorted = points.stream().sorted(Comparator.comparingInt(UslPoint::instances)).toList();
        double[] n = sorted.stream().mapToDouble(UslPoint::instances).toArray();
        double[] x = sorted.stream().mapToDouble(UslPoint::requestsPerSec).toArray();

        double[] start = linearised(n, x);
        double sumSquares = 0;
        for (double v : x) {
            sumSquares += v * v;
        }
        double tie = TIE * sumSquares;
        // simplest first: a richer model replaces the best so far only when clearly better
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(linear(n, x));
        candidates.add(solve(n, x, true, false, start));
        if (counts >= 3) {
            candidates.add(solve(n, x, false, true, start));
            candidates.add(solve(n, x, true, true, start));
        }
        Candidate best = candidates.get(0);
        for (Candidate c : candidates.subList(1, candidates.size())) {
            if (c != null && c.sse() < best.sse() - tie) {
                best = c;
            }
        }

        Double peak = null;
        Double peakRps = null;
        if (best.kappa() > 0) {
            double nStar = best.sigma() >= 1 ? 1 : Math.sqrt((1 - best.sigma()) / best.kappa());
            peak = nStar;
            peakRps = UslFit.predict(best.lambda(), best.sigma(), best.kappa(), nStar);
        }
        StringBuilder text = new StringBuilder(note != null && !note.isBlank() ? note.strip()
                : "The instances share this machine's " + cores + (cores == 1 ? " core" : " cores")
                + ", so the fit describes more instances on this machine, not more servers.");
        if (!text.toString().endsWith(".")) {
            text.append('.');
        }
        if (counts == 2) {
            text.append(" Two instance counts fit contention (σ) only; coherency (κ) is taken as 0, so no peak is"
                    + " predicted: measure a third count to see one.");
        }
        return new UslFit(step, sorted, best.lambda(), best.sigma(), best.kappa(), peak, peakRps, cores,
                text.toString());
    }

    /** σ and κ in words, three significant digits: "σ = 0.052, κ = 0.0031". */
    public static String parameters(UslFit fit) {
        return "σ = " + significant(fit.sigma()) + ", κ = " + significant(fit.kappa());
    }

    /** A number with three significant digits (0 stays "0"). */
    static String significant(double v) {
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private record Candidate(double lambda, double sigma, double kappa, double sse) {
    }

    private static double sse(double[] n, double[] x, double lambda, double sigma, double kappa) {
        double s = 0;
        for (int i = 0; i < n.length; i++) {
            double r = x[i] - UslFit.predict(lambda, sigma, kappa, n[i]);
            s += r * r;
        }
        return s;
    }

    /** σ = κ = 0: X = λN, λ by least squares. */
    private static Candidate linear(double[] n, double[] x) {
        double xn = 0;
        double nn = 0;
        for (int i = 0; i < n.length; i++) {
            xn += x[i] * n[i];
            nn += n[i] * n[i];
        }
        double lambda = xn / nn;
        return new Candidate(lambda, 0, 0, sse(n, x, lambda, 0, 0));
    }

    /**
     * Start values λ, σ, κ: λ the best capacity per instance (X/N can only fall below λ when σ, κ ≥ 0), then σ and
     * κ from the linearised form by least squares without negative coefficients.
     */
    private static double[] linearised(double[] n, double[] x) {
        double lambda = 0;
        for (int i = 0; i < n.length; i++) {
            lambda = Math.max(lambda, x[i] / n[i]);
        }
        double saa = 0;
        double sab = 0;
        double sbb = 0;
        double say = 0;
        double sby = 0;
        for (int i = 0; i < n.length; i++) {
            double a = n[i] - 1;
            double b = n[i] * (n[i] - 1);
            double y = lambda * n[i] / x[i] - 1;
            saa += a * a;
            sab += a * b;
            sbb += b * b;
            say += a * y;
            sby += b * y;
        }
        double det = saa * sbb - sab * sab;
        double sigma = det > 0 ? (say * sbb - sby * sab) / det : -1;
        double kappa = det > 0 ? (sby * saa - say * sab) / det : -1;
        if (sigma < 0 || kappa < 0) {
            // the unconstrained solution leaves the region: the best feasible one lies on a boundary
            double sigmaOnly = saa > 0 ? Math.max(0, say / saa) : 0;
            double kappaOnly = sbb > 0 ? Math.max(0, sby / sbb) : 0;
            double errSigma = sigmaOnly * sigmaOnly * saa - 2 * sigmaOnly * say;
            double errKappa = kappaOnly * kappaOnly * sbb - 2 * kappaOnly * sby;
            if (errSigma <= errKappa) {
                sigma = sigmaOnly;
                kappa = 0;
            } else {
                sigma = 0;
                kappa = kappaOnly;
            }
        }
        return new double[] {lambda, sigma, kappa};
    }

    /** Levenberg-Marquardt over λ and the free ones of σ, κ (the others 0); null when it does not converge. */
    private static Candidate solve(double[] n, double[] x, boolean freeSigma, boolean freeKappa, double[] start) {
        int params = 1 + (freeSigma ? 1 : 0) + (freeKappa ? 1 : 0);
        double[] initial = new double[params];
        initial[0] = start[0];
        int k = 1;
        if (freeSigma) {
            initial[k++] = Math.max(start[1], 1e-4);
        }
        if (freeKappa) {
            initial[k] = Math.max(start[2], 1e-5);
        }
        MultivariateJacobianFunction model = point -> {
            double[] p = point.toArray();
            double lambda = p[0];
            double sigma = freeSigma ? p[1] : 0;
            double kappa = freeKappa ? p[freeSigma ? 2 : 1] : 0;
            double[] value = new double[n.length];
            double[][] jacobian = new double[n.length][params];
            for (int i = 0; i < n.length; i++) {
                double d = 1 + sigma * (n[i] - 1) + kappa * n[i] * (n[i] - 1);
                value[i] = lambda * n[i] / d;
                jacobian[i][0] = n[i] / d;
                int j = 1;
                if (freeSigma) {
                    jacobian[i][j++] = -lambda * n[i] * (n[i] - 1) / (d * d);
                }
                if (freeKappa) {
                    jacobian[i][j] = -lambda * n[i] * n[i] * (n[i] - 1) / (d * d);
                }
            }
            return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
        };
        try {
            LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                    .start(initial)
                    .model(model)
                    .target(x)
                    .parameterValidator(Usl::nonNegative)
                    .maxEvaluations(10_000)
                    .maxIterations(10_000)
                    .build());
            double[] p = optimum.getPoint().toArray();
            double lambda = p[0];
            double sigma = freeSigma ? p[1] : 0;
            double kappa = freeKappa ? p[freeSigma ? 2 : 1] : 0;
            if (!Double.isFinite(lambda) || !Double.isFinite(sigma) || !Double.isFinite(kappa) || lambda <= 0) {
                return null;
            }
            return new Candidate(lambda, sigma, kappa, sse(n, x, lambda, sigma, kappa));
        } catch (RuntimeException e) {
            // no convergence within the limits: the other candidates stand
            return null;
        }
    }

    private static RealVector nonNegative(RealVector p) {
        RealVector out = p.copy();
        for (int i = 0; i < out.getDimension(); i++) {
            if (!(out.getEntry(i) >= 0)) {
                out.setEntry(i, 0);
            }
        }
        return out;
    }
}
