package dev.scalelab.cli.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scalelab.reports.model.Slo;
import org.junit.jupiter.api.Test;

class SloSpecTest {

    @Test
    void readsP95AndErrorsAndKeepsTheDefaultsOfWhatIsLeftOut() {
        assertEquals(new Slo(500, 0.01, 0.95), SloSpec.parse("p95=500ms,errors=1%"));
        assertEquals(new Slo(1500, 0.01, 0.95), SloSpec.parse("p95=1.5s"));
        assertEquals(new Slo(500, 0.005, 0.9), SloSpec.parse(" errors = 0.5% , throughput=90% "));
    }

    @Test
    void everyMistakeIsOneLineSayingWhatToWrite() {
        assertEquals("--slo: p95 must be a duration like 500ms or 1.5s, found '500'", message("p95=500"));
        assertEquals("--slo: errors must be a percentage like 1%, found '0.01'", message("errors=0.01"));
        assertEquals("--slo: unknown key 'p99'; expected p95, errors or throughput, e.g. --slo p95=500ms,errors=1%",
                message("p99=1s"));
        assertEquals("--slo: 'p95' is not key=value; e.g. --slo p95=500ms,errors=1%", message("p95"));
        assertEquals("--slo: p95 is given twice; give each key once, e.g. --slo p95=500ms,errors=1%",
                message("p95=1s,p95=2s"));
        assertEquals("--slo: errors must be between 0% and 100%, found '150%'", message("errors=150%"));
        assertEquals("--slo is empty; give p95 and/or errors, e.g. --slo p95=500ms,errors=1%", message(""));
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> SloSpec.parse(spec)).getMessage();
    }
}
