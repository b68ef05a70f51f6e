package dev.scalelab.loadtests.overhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatiosTest {

    @Test
    void each_round_is_its_numerator_over_its_own_denominator() {
        PairedRatios r = PairedRatios.of(new double[] {900, 1000, 1200}, new double[] {1000, 1000, 1000});
        assertEquals(List.of(0.9, 1.0, 1.2), r.ratios());
    }

    @Test
    void odd_count_median_is_the_middle_ratio_and_range_its_extremes() {
        PairedRatios r = PairedRatios.of(new double[] {3, 1, 2}, new double[] {2, 1, 4});
        assertEquals(1.0, r.median());
        assertEquals(0.5, r.min());
        assertEquals(1.5, r.max());
    }

    @Test
    void even_count_median_is_the_mean_of_the_two_middle_ratios() {
        PairedRatios r = new PairedRatios(List.of(0.8, 1.1, 0.9, 1.0));
        assertEquals(0.95, r.median(), 1e-12);
    }

    @Test
    void no_rounds_give_no_median_and_no_range() {
        PairedRatios r = new PairedRatios(List.of());
        assertTrue(Double.isNaN(r.median()));
        assertTrue(Double.isNaN(r.min()));
        assertTrue(Double.isNaN(r.max()));
    }

    @Test
    void a_zero_denominator_gives_no_ratio_for_that_round() {
        assertTrue(Double.isNaN(PairedRatios.of(new double[] {5}, new double[] {0}).ratios().get(0)));
    }

    @Test
    void unpaired_values_are_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedRatios.of(new double[] {1, 2}, new double[] {1}));
        assertEquals("pairs need as many numerators as denominators (got 2 and 1)", e.getMessage());
    }
}
