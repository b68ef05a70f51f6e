package dev.scalelab.reports.stats;

import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.model.UslPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class UslTest {

    private static List<UslPoint> generated(double lambda, double sigma, double kappa, int... counts) {
        List<UslPoint> points = new ArrayList<>();
        for (int n : counts) {
            points.add(new UslPoint(n, lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1)), false));
        }
        return points;
    }

    @Test
    void recoversSigmaAndKappa_fromPointsOfKnownParameters() {
        UslFit fit = Usl.fit("scale-out", generated(420, 0.08, 0.02, 1, 2, 3, 4, 6, 8), 2, null);

        assertThat(fit.lambda()).isCloseTo(420, within(1e-3));
        assertThat(fit.sigma()).isCloseTo(0.08, within(1e-3));
        assertThat(fit.kappa()).isCloseTo(0.02, within(1e-3));
        assertThat(fit.peakInstances()).isCloseTo(Math.sqrt((1 - 0.08) / 0.02), within(1e-2));
        assertThat(fit.peakRequestsPerSec()).isCloseTo(fit.predict(fit.peakInstances()), within(1e-6));
    }

    @Test
    void recoversSigmaAndKappa_fromThreeCountsWithoutOneInstance() {
        UslFit fit = Usl.fit("scale-out", generated(300, 0.15, 0.005, 2, 3, 5), 4, null);

        assertThat(fit.sigma()).isCloseTo(0.15, within(1e-3));
        assertThat(fit.kappa()).isCloseTo(0.005, within(1e-3));
        assertThat(fit.lambda()).isCloseTo(300, within(1e-2));
    }

    @Test
    void linearScaling_givesNoContentionNoCoherencyAndNoPeak() {
        UslFit fit = Usl.fit("scale-out", generated(250, 0, 0, 1, 2, 3), 2, null);

        assertThat(fit.sigma()).isCloseTo(0, within(1e-3));
        assertThat(fit.kappa()).isCloseTo(0, within(1e-3));
        assertThat(fit.lambda()).isCloseTo(250, within(1e-6));
        assertThat(fit.peakInstances()).isNull();
        assertThat(fit.peakRequestsPerSec()).isNull();
    }

    @Test
    void aRetrogradeSeries_peaksBetweenTheMeasuredCounts() {
        List<UslPoint> points = List.of(new UslPoint(1, 400, false), new UslPoint(2, 610, false),
                new UslPoint(3, 640, false), new UslPoint(4, 560, false));

        UslFit fit = Usl.fit("scale-out", points, 2, null);

        assertThat(fit.kappa()).isPositive();
        assertThat(fit.peakInstances()).isBetween(2.0, 4.0);
        assertThat(fit.peakRequestsPerSec()).isGreaterThan(fit.predict(1)).isGreaterThan(fit.predict(4));
        assertThat(fit.points()).extracting(UslPoint::instances).containsExactly(1, 2, 3, 4);
    }

    @Test
    void superLinearPoints_areFittedWithinTheRegion() {
        UslFit fit = Usl.fit("scale-out", List.of(new UslPoint(1, 100, false), new UslPoint(2, 230, false),
                new UslPoint(3, 360, true)), 2, null);

        assertThat(fit.sigma()).isZero();
        assertThat(fit.kappa()).isZero();
        assertThat(fit.peakInstances()).isNull();
    }

    @Test
    void twoCounts_fitContentionOnly_andSaySo() {
        UslFit fit = Usl.fit("scale-out", List.of(new UslPoint(2, 700, false), new UslPoint(1, 400, false)), 2,
                "the 2 instances share this machine's 2 cores");

        assertThat(fit.lambda()).isCloseTo(400, within(1e-3));
        assertThat(fit.sigma()).isCloseTo(2 * 400 / 700.0 - 1, within(1e-3));
        assertThat(fit.kappa()).isZero();
        assertThat(fit.peakInstances()).isNull();
        assertThat(fit.note()).isEqualTo("the 2 instances share this machine's 2 cores. Two instance counts fit"
                + " contention (σ) only; coherency (κ) is taken as 0, so no peak is predicted: measure a third count"
                + " to see one.");
    }

    @Test
    void theDefaultNote_namesTheSharedCores() {
        UslFit fit = Usl.fit("scale-out", generated(100, 0.1, 0.01, 1, 2, 3), 2, null);

        assertThat(fit.note()).isEqualTo("The instances share this machine's 2 cores, so the fit describes more"
                + " instances on this machine, not more servers.");
        assertThat(fit.cores()).isEqualTo(2);
        assertThat(Usl.parameters(fit)).isEqualTo("σ = 0.1, κ = 0.01");
    }

    @Test
    void fewerThanTwoCounts_orAZeroCapacity_areRefusedWithWhatToDo() {
        assertThatThrownBy(() -> Usl.fit("s", List.of(new UslPoint(1, 100, false), new UslPoint(1, 110, false)), 2,
                null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a scalability fit needs capacity at two or more instance counts, found 1 (1); measure"
                        + " the scale-out step at 1, 2 and 3 instances");
        assertThatThrownBy(() -> Usl.fit("s", List.of(), 2, null))
                .hasMessageStartingWith("a scalability fit needs capacity at two or more instance counts, found 0;");
        assertThatThrownBy(() -> Usl.fit("s", List.of(new UslPoint(1, 100, false), new UslPoint(2, 0, false)), 2,
                null)).hasMessage("a scalability fit needs a capacity above 0 at every instance count, found 0.0"
                + " req/s at 2 instances; leave that count out or lower the first load level");
    }
}
