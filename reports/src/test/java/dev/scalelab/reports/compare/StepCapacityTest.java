package dev.scalelab.reports.compare;

import dev.scalelab.reports.io.RunFolder;
import dev.scalelab.reports.model.Capacity;
import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.Slo;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepCapacityTest {
    @TempDir
    Path dir;

    private static StepResult run(String name, int repeat, Capacity capacity, List<CapacityLevel> levels) {
        return StepResult.builder(name, StepStatus.PASSED).repeat(repeat).capacity(capacity).levels(levels).build();
    }

    private List<StepCapacity> of(StepResult... runs) {
        return StepCapacity.of(LadderComparison.of(RunSummary.of(List.of(runs)), new RunFolder(dir), "GET /"));
    }

    @Test
    void repeatsShowTheRunWithTheMedianCapacity() {
        List<StepCapacity> steps = of(
                run("pool", 1, new Capacity(10, 45, Slo.DEFAULT, false, false), List.of()),
                run("fixed", 1, null, List.of()),
                run("pool", 2, new Capacity(30, 135, Slo.DEFAULT, false, false), List.of()),
                run("pool", 3, new Capacity(20, 90, Slo.DEFAULT, false, false), List.of()));

        assertThat(steps).hasSize(1);
        StepCapacity pool = steps.get(0);
        assertThat(pool.index()).isEqualTo(1);
        assertThat(pool.run().repeat()).isEqualTo(3);
        assertThat(pool.visitorsText()).isEqualTo("20 visitors/s");
        assertThat(pool.requestsText()).isEqualTo("90 req/s");
        assertThat(pool.runsNote()).isEqualTo("run 3, the median of 3 runs");
    }

    @Test
    void boundsAreMarked() {
        CapacityLevel first = new CapacityLevel("ramp", 2, 9, 5, null, 100, 30, false, "errors 30 % > 1 %", null,
                null, null);
        List<StepCapacity> steps = of(
                run("naive", 1, new Capacity(0, 0, Slo.DEFAULT, false, true), List.of(first)),
                run("scale-out", 1, new Capacity(120, 540, Slo.DEFAULT, true, false), List.of()));

        assertThat(steps.get(0).visitorsText()).isEqualTo("< 2 visitors/s");
        assertThat(steps.get(0).barLabel()).isEqualTo("< 2");
        assertThat(steps.get(0).requestsText()).isEqualTo("—");
        assertThat(steps.get(1).visitorsText()).isEqualTo("≥ 120 visitors/s (injector-bound)");
        assertThat(steps.get(1).barLabel()).isEqualTo("≥ 120 · 540 req/s (injector-bound)");
        assertThat(steps.get(1).requestsText()).isEqualTo("≥ 540 req/s");
        assertThat(StepCapacity.rise(steps)).isEqualTo("From naive to scale-out: < 2 visitors/s → ≥ 120 visitors/s"
                + " (injector-bound).");
    }

    @Test
    void aStepThatHeldTheHighestRateTriedIsALowerBoundToo() {
        List<StepCapacity> steps = of(
                run("naive", 1, new Capacity(8, 30, Slo.DEFAULT, false, false), List.of()),
                run("pool", 1, new Capacity(4096, 15000, Slo.DEFAULT, false, false, true), List.of()));

        assertThat(steps.get(1).visitorsText()).isEqualTo("≥ 4,096 visitors/s (the highest rate tried)");
        assertThat(steps.get(1).requestsText()).isEqualTo("≥ 15,000 req/s");
        assertThat(steps.get(1).boundNote()).isEqualTo("The highest rate the search tries held the SLO: the app"
                + " carries at least this much.");
        assertThat(StepCapacity.rise(steps)).endsWith(", ×512 or more.");
    }

    @Test
    void differentSlos_areEachNamedWithTheirSteps() {
        List<StepCapacity> steps = of(
                run("a", 1, new Capacity(5, 20, Slo.DEFAULT, false, false), List.of()),
                run("b", 1, new Capacity(5, 20, new Slo(250, 0.005, 0.9), false, false), List.of()));

        assertThat(StepCapacity.sloText(steps)).isEqualTo("p95 ≤ 500 ms, errors ≤ 1 %, throughput ≥ 95 % of the"
                + " offered rate (a); p95 ≤ 250 ms, errors ≤ 0.5 %, throughput ≥ 90 % of the offered rate (b)");
    }
}
