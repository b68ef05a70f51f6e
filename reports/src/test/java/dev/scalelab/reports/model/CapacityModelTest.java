package dev.scalelab.reports.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityModelTest {

    @TempDir
    Path dir;

    static StepResult capacityStep() {
        Slo slo = Slo.DEFAULT;
        return StepResult.builder("naive", StepStatus.PASSED)
                .requests(900).ko(40).throughputRps(27)
                .capacity(new Capacity(4.5, 20.3, slo, false, false))
                .levels(List.of(
                        new CapacityLevel("ramp", 2, 9, 9, new Latency(40, 90, 120, 200), 270, 0, true, null,
                                Map.of("app", 0.4, "database", 0.6), 12, 1.5),
                        new CapacityLevel("ramp", 6, 27, 19, new Latency(700, 2400, 3100, 5000), 570, 40, false,
                                "p95 2400 ms > 500 ms", Map.of("app", 0.7, "database", 1.2), 40, 2.0),
                        new CapacityLevel("confirm", 4.5, 20.3, 20.3, new Latency(60, 300, 400, 700), 600, 0, true,
                                null, Map.of(), null, null)))
                .bottleneck(new Bottleneck("db-connections", 6,
                        "naive breaks at 6 visitors/s: database connections exhausted (40 of 40), 40 errors"))
                .build();
    }

    static UslFit fit() {
        return new UslFit("scale-out", List.of(new UslPoint(1, 400, false), new UslPoint(2, 700, false),
                new UslPoint(3, 820, true)), 420, 0.1, 0.02, 6.7, 1500.0, 2,
                "the instances share this machine's 2 cores");
    }

    @Test
    void capacityLevelsBottleneckAndUsl_surviveWriteThenRead() {
        RunSummary summary = new RunSummary(1, "r", null, "story", null, List.of(capacityStep()), fit());
        Path file = dir.resolve("summary.json");

        summary.write(file);

        assertThat(RunSummary.read(file)).isEqualTo(summary);
        String json = summary.toJson().replaceAll("\\s+", " ");
        assertThat(json).contains("\"capacity\" : { \"visitorsPerSec\" : 4.5, \"requestsPerSec\" : 20.3, \"slo\" : {"
                + " \"p95Ms\" : 500.0, \"maxErrorRate\" : 0.01, \"minThroughputFraction\" : 0.95 }");
        assertThat(json).contains("\"usl\" : { \"step\" : \"scale-out\"");
    }

    @Test
    void aFixedRateStep_hasNoCapacityPart() {
        StepResult step = StepResult.builder("naive", StepStatus.PASSED).build();

        assertThat(step.capacity()).isNull();
        assertThat(step.levels()).isEmpty();
        assertThat(step.bottleneck()).isNull();
        assertThat(RunSummary.of(List.of(step)).toJson()).doesNotContain("capacity", "levels", "bottleneck", "usl");
    }

    @Test
    void badValues_areRefusedWithTheFieldAndWhatWasFound() {
        assertThatThrownBy(() -> new Slo(0, 0.01, 0.95))
                .hasMessage("slo.p95Ms must be a number of milliseconds > 0, found 0.0");
        assertThatThrownBy(() -> new CapacityLevel("warmup", 1, 1, 1, null, 0, 0, true, null, null, null, null))
                .hasMessage("level.phase must be ramp, bisect or confirm, found warmup");
        assertThatThrownBy(() -> new Capacity(3, 9, Slo.DEFAULT, true, true))
                .hasMessageStartingWith("capacity cannot be both a lower bound");
        assertThatThrownBy(() -> new Capacity(3, 9, Slo.DEFAULT, false, true, true))
                .hasMessageStartingWith("capacity cannot be both a lower bound");
        assertThatThrownBy(() -> new UslPoint(0, 1, false))
                .hasMessage("usl point instances must be >= 1, found 0");
    }

    @Test
    void sloInWords_andUslPrediction() {
        assertThat(Slo.DEFAULT.describe()).isEqualTo("p95 ≤ 500 ms, errors ≤ 1 %");
        assertThat(new Slo(250, 0.005, 0.95).describe()).isEqualTo("p95 ≤ 250 ms, errors ≤ 0.5 %");
        UslFit f = fit();
        assertThat(f.predict(1)).isEqualTo(420.0);
        assertThat(f.predict(2)).isEqualTo(420.0 * 2 / (1 + 0.1 + 0.02 * 2));
    }
}
