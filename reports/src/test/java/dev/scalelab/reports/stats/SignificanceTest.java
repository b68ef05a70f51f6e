package dev.scalelab.reports.stats;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SignificanceTest {

    @Test
    void oneRunOnEitherSide_isNotTested() {
        TestResult r = Significance.test(new double[]{813}, new double[]{136, 140, 129});

        assertThat(r.method()).isEqualTo(Method.NOT_TESTED);
        assertThat(r.tested()).isFalse();
        assertThat(r.significant()).isFalse();
        assertThat(r.runs()).isEqualTo(1);
    }

    @Test
    void oneRunEachWithTheSameValue_isNoChange() {
        assertThat(Significance.test(new double[]{0}, new double[]{0}).method()).isEqualTo(Method.IDENTICAL);
    }

    @Test
    void identicalValues_areNoChange() {
        TestResult r = Significance.test(new double[]{0, 0, 0}, new double[]{0, 0, 0});

        assertThat(r.method()).isEqualTo(Method.IDENTICAL);
        assertThat(r.significant()).isFalse();
    }

    @Nested
    class ThreeRunsPerStep {
        @Test
        void aClearRatioIsSignificant() {
            TestResult r = Significance.test(new double[]{813, 790, 840}, new double[]{136, 140, 129});

            assertThat(r.method()).isEqualTo(Method.WELCH);
            assertThat(r.pValue()).isLessThan(0.001);
            assertThat(r.significant()).isTrue();
        }

        @Test
        void overlappingNoiseIsNot() {
            TestResult r = Significance.test(new double[]{100, 110, 95}, new double[]{104, 98, 112});

            assertThat(r.significant()).isFalse();
            assertThat(r.pValue()).isGreaterThan(0.5);
        }

        @Test
        void aConstantDifferenceInEveryRunIsSignificant() {
            TestResult r = Significance.test(new double[]{1292, 1292, 1292}, new double[]{4, 4, 4});

            assertThat(r.pValue()).isZero();
            assertThat(r.significant()).isTrue();
        }

        @Test
        void zerosAreTestedOnTheValuesThemselves() {
            // cannot take logarithms of zero; Welch on the raw values: t = 40 / sqrt(4/3) ≈ 34.6, df = 2
            TestResult r = Significance.test(new double[]{0, 0, 0}, new double[]{38, 40, 42});

            assertThat(r.pValue()).isCloseTo(0.000834, within(0.00005));
        }
    }

    @Nested
    class FourOrMoreRuns {
        @Test
        void completeSeparationOfFourAndFour_hasTheExactSmallestP() {
            TestResult r = Significance.test(new double[]{1, 2, 3, 4}, new double[]{5, 6, 7, 8});

            assertThat(r.method()).isEqualTo(Method.MANN_WHITNEY_EXACT);
            assertThat(r.pValue()).isCloseTo(2.0 / 70, within(1e-12));
            assertThat(r.significant()).isTrue();
        }

        @Test
        void exactPMatchesTheTextbookValue() {
            // U = 3 for n1 = n2 = 5: P(U <= 3) = 7/252, two-sided 14/252 = 0.0556
            TestResult r = Significance.test(new double[]{1, 2, 3, 5, 7}, new double[]{4, 6, 8, 9, 10});

            assertThat(r.pValue()).isCloseTo(14.0 / 252, within(1e-12));
            assertThat(r.significant()).isFalse();
        }

        @Test
        void tiesTakeMidRanks() {
            assertThat(Significance.midRanks(new double[]{5, 1, 5, 3})).containsExactly(3.5, 1, 3.5, 2);

            TestResult r = Significance.test(new double[]{0, 0, 0, 0, 1}, new double[]{0, 3, 4, 5, 6});
            assertThat(r.pValue()).isBetween(0.0, 1.0);
        }

        @Test
        void manyRunsUseTheNormalApproximation() {
            double[] a = new double[15];
            double[] b = new double[15];
            for (int i = 0; i < 15; i++) {
                a[i] = i;
                b[i] = i + 100;
            }
            TestResult r = Significance.test(a, b);

            assertThat(r.method()).isEqualTo(Method.MANN_WHITNEY_NORMAL);
            assertThat(r.significant()).isTrue();
        }
    }

    @Test
    void nonFiniteValuesAreRefused() {
        assertThatThrownBy(() -> Significance.test(new double[]{1, Double.NaN}, new double[]{1, 2}))
                .hasMessage("per-run values must be finite, found NaN");
    }
}
