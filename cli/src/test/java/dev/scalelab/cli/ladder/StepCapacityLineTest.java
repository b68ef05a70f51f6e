package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.Latency;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line of one capacity level, as the ladder prints it. */
class StepCapacityLineTest {

    @Test
    void a_level_that_broke_says_why_and_one_that_held_says_so() {
        CapacityLevel broke = new CapacityLevel("ramp", 4, 18, 17.2, new Latency(300, 812, 900, 1000), 1000, 4, false,
                "p95 812 ms > 500 ms", Map.of(), null, null);
        assertThat(StepCapacity.line("naive", broke)).isEqualTo("capacity  naive  ramp 4 visitors/s: p95 812 ms, "
                + "0.4 % errors, 17.2 of 18.0 requests/s — broke (p95 812 ms > 500 ms)");
        CapacityLevel held = new CapacityLevel("confirm", 2.5, 10, 10, new Latency(30, 120, 150, 200), 50, 0, true,
                null, Map.of(), null, null);
        assertThat(StepCapacity.line("eager-fetch", held)).isEqualTo("capacity  eager-fetch  confirm 2.5 visitors/s: "
                + "p95 120 ms, 0 % errors, 10.0 of 10.0 requests/s — held");
    }
}
