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

    @Test
    void a_level_whose_injector_was_late_says_by_how_much_from_ten_milliseconds() {
        CapacityLevel late = new CapacityLevel("ramp", 64, 256, 185.4, new Latency(300, 1383, 2000, 2500), 1000, 0,
                false, "p95 1383 ms > 500 ms", Map.of(), 38, 217.4);
        assertThat(StepCapacity.line("eager-fetch", late)).isEqualTo("capacity  eager-fetch  ramp 64 visitors/s: "
                + "p95 1383 ms, 0 % errors, 185.4 of 256.0 requests/s, injector 217 ms late — broke (p95 1383 ms > 500 ms)");
        CapacityLevel onTime = new CapacityLevel("ramp", 2, 8, 8, new Latency(30, 60, 70, 80), 40, 0, true, null,
                Map.of(), 3, 4.0);
        assertThat(StepCapacity.line("eager-fetch", onTime)).doesNotContain("late");
    }

    @Test
    void the_queue_depth_of_a_level_is_its_first_and_last_sample_inside_it() {
        var samples = java.util.List.of(
                new dev.scalelab.cli.proc.QueueSampler.Sample(1_000, 5, 0, 0, 0),   // before the level
                new dev.scalelab.cli.proc.QueueSampler.Sample(2_000, 2, 0, 1, 0),
                new dev.scalelab.cli.proc.QueueSampler.Sample(3_000, 20, 1, 4, 0),
                new dev.scalelab.cli.proc.QueueSampler.Sample(4_000, 40, 3, 5, 2),
                new dev.scalelab.cli.proc.QueueSampler.Sample(9_000, 0, 0, 0, 0));  // after it
        assertThat(StepCapacity.queueDepth(samples, 1_500, 4_500)).containsExactly(3, 48);
        assertThat(StepCapacity.queueDepth(samples, 2_500, 3_500)).isNull();   // one sample says nothing of growth
    }
}
