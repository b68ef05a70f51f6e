package dev.scalelab.reports.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {
    @Test
    void numbersKeepFewDecimalsAndGroupThousands() {
        assertThat(Format.number(0)).isEqualTo("0");
        assertThat(Format.number(0.053)).isEqualTo("0.05");
        assertThat(Format.number(4.25)).isEqualTo("4.3");
        assertThat(Format.number(42.0)).isEqualTo("42");
        assertThat(Format.number(1292.4)).isEqualTo("1,292");
        assertThat(Format.number(-12)).isEqualTo("−12");
    }

    @Test
    void percentagesKeepADecimalOnlyWhereItMatters() {
        assertThat(Format.fractionAsPercent(0.004)).isEqualTo("0.4 %");
        assertThat(Format.fractionAsPercent(0.93)).isEqualTo("93 %");
        assertThat(Format.fractionAsPercent(0.9987)).isEqualTo("99.9 %");
        assertThat(Format.fractionAsPercent(1)).isEqualTo("100 %");
        assertThat(Format.fractionAsPercent(0)).isEqualTo("0 %");
        assertThat(Format.percent(143.2)).isEqualTo("143 %");
    }

    @Test
    void relativeChangesUseATrueMinusAndATimesSignForLargeRises() {
        assertThat(Format.relativeChange(813, 106)).isEqualTo("−87 %");
        assertThat(Format.relativeChange(100, 104.2)).isEqualTo("+4.2 %");
        assertThat(Format.relativeChange(1292, 4)).isEqualTo("−99.7 %");
        assertThat(Format.relativeChange(4, 1292)).isEqualTo("×323");
        assertThat(Format.relativeChange(0, 3)).isEqualTo("+3 (was 0)");
        assertThat(Format.relativeChange(5, 5)).isEqualTo("±0 %");
        assertThat(Format.relativeChange(1000, 1000.01)).isEqualTo("+0 %");
    }

    @Test
    void pointsAndCounts() {
        assertThat(Format.pointsChange(0.004, 0.93)).isEqualTo("+93 pp");
        assertThat(Format.pointsChange(0.93, 0.925)).isEqualTo("−0.5 pp");
        assertThat(Format.pointsChange(0.5, 0.5)).isEqualTo("±0 pp");
        assertThat(Format.countChange(0, 37)).isEqualTo("+37");
    }
}
