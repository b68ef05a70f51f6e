package dev.scalelab.cli.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.reports.model.CapacityLevel;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.Slo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

    /** 2, 4, 8, ... up to 256; 10 % resolution, at least 0.5 visitors/s; two step-downs. */
    static final SearchSettings DOUBLING = new SearchSettings(2, 0, 2, 256, 5, 1, 1, 0.1, 0.5, 2);

    /** An app that holds up to {@code limit} visitors/s and is slow above, 4 requests per visitor. */
    static LevelMeasurement app(double rate, double limit) {
        boolean ok = rate <= limit;
        return measurement(rate, ok ? 120 : 900, 0, 1.0);
    }

    static LevelMeasurement measurement(double rate, double p95, long ko, double sentFraction) {
        long requests = Math.round(rate * 4 * 5);
        return new LevelMeasurement(rate, rate * 4, rate * 4, new Latency(p95 / 3, p95, p95 * 1.2, p95 * 1.5),
                requests, Math.min(ko, requests), Map.of(), Map.of(), Map.of("app", 0.5, "database", 0.2,
                "injector", 0.1), 0.8, 2, 10, 100, null, sentFraction, null, null);
    }

    /** Answers from the model, unless a scripted answer waits for that phase and rate. */
    static final class Scripted implements LevelRunner {
        final DoubleFunction<LevelMeasurement> model;
        final Map<String, Deque<LevelMeasurement>> script = new HashMap<>();
        final List<String> ran = new ArrayList<>();

        Scripted(DoubleFunction<LevelMeasurement> model) {
            this.model = model;
        }

        Scripted once(String phase, double rate, LevelMeasurement m) {
            script.computeIfAbsent(phase + " " + CapacitySearch.format(rate), k -> new ArrayDeque<>()).add(m);
            return this;
        }

        @Override
        public LevelMeasurement run(String phase, double visitorsPerSec) {
            ran.add(phase + " " + CapacitySearch.format(visitorsPerSec));
            Deque<LevelMeasurement> q = script.get(phase + " " + CapacitySearch.format(visitorsPerSec));
            return q != null && !q.isEmpty() ? q.poll() : model.apply(visitorsPerSec);
        }
    }

    static CapacitySearch.Result search(Scripted runner, SearchSettings settings, List<CapacityLevel> seen)
            throws InterruptedException {
        return new CapacitySearch(runner, Slo.DEFAULT, settings, seen::add).run();
    }

    @Test
    void rampsBisectsAndConfirmsTheExactBoundary() throws InterruptedException {
        Scripted runner = new Scripted(r -> app(r, 13));
        List<CapacityLevel> seen = new ArrayList<>();
        CapacitySearch.Result result = search(runner, DOUBLING, seen);

        assertEquals(List.of("ramp 2", "ramp 4", "ramp 8", "ramp 16", "ramp 16", "bisect 12", "bisect 14",
                "bisect 13", "confirm 13"), runner.ran);
        assertEquals(13, result.capacity().visitorsPerSec());
        assertEquals(52, result.capacity().requestsPerSec(), 1e-9);
        assertFalse(result.capacity().injectorBound());
        assertFalse(result.capacity().atMost());
        assertEquals(16, result.breaking().offeredVisitorsPerSec());
        assertNull(result.stoppedBy());
        assertEquals(runner.ran.size(), result.levels().size());
        assertEquals(seen, result.levels());
        CapacityLevel broke = result.levels().get(3);
        assertEquals("ramp", broke.phase());
        assertFalse(broke.held());
        assertEquals("p95 900 ms > 500 ms", broke.reason());
        assertTrue(result.levels().get(8).held());
        assertEquals("confirm", result.levels().get(8).phase());
    }

    @Test
    void aLevelThatFailsOnceInsideTheHoldingRangeIsRunAgainAndBelievedOnlyIfItFailsTwice()
            throws InterruptedException {
        Scripted runner = new Scripted(r -> app(r, 13)).once("ramp", 4, measurement(4, 1400, 0, 1.0));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());

        assertEquals(List.of("ramp 2", "ramp 4", "ramp 4", "ramp 8", "ramp 16", "ramp 16", "bisect 12", "bisect 14",
                "bisect 13", "confirm 13"), runner.ran);
        assertEquals(13, result.capacity().visitorsPerSec());
        assertFalse(result.levels().get(1).held());
        assertTrue(result.levels().get(2).held());
    }

    @Test
    void aConfirmationThatFailsStepsDownByTheLastGapAndConfirmsAgain() throws InterruptedException {
        Scripted runner = new Scripted(r -> app(r, 13)).once("confirm", 13, measurement(13, 700, 0, 1.0));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());

        assertEquals(List.of("confirm 13", "confirm 12"), runner.ran.subList(runner.ran.size() - 2, runner.ran.size()));
        assertEquals(12, result.capacity().visitorsPerSec());
        assertFalse(result.capacity().atMost());
    }

    @Test
    void aRampSeededAboveTheCapacityStepsDownByHalvesAndStillFindsIt() throws InterruptedException {
        Scripted runner = new Scripted(r -> app(r, 13));
        CapacitySearch.Result result = new CapacitySearch(runner, Slo.DEFAULT, DOUBLING, l -> { }, 40).run();

        assertEquals(List.of("ramp 40", "ramp 40", "ramp 20", "ramp 10", "bisect 15", "bisect 12.5", "bisect 13.8",
                "bisect 13.2", "confirm 12.5"), runner.ran);
        assertEquals(12.5, result.capacity().visitorsPerSec());
    }

    @Test
    void aQuickLookBelievesEachLevelOnceBisectsOnceAndConfirmsNothing() throws InterruptedException {
        Scripted runner = new Scripted(r -> app(r, 13)).once("ramp", 4, measurement(4, 1400, 0, 1.0));
        CapacitySearch.Result result = search(runner, SearchSettings.QUICK, new ArrayList<>());

        // the slow level at 4 is believed: the capacity is between 2 and 4, one level in between
        assertEquals(List.of("ramp 2", "ramp 4", "bisect 3"), runner.ran);
        assertEquals(3, result.capacity().visitorsPerSec());
        assertEquals(12, result.capacity().requestsPerSec(), 1e-9);
        assertFalse(result.capacity().atMost());

        Scripted fair = new Scripted(r -> app(r, 13));
        assertEquals(12, search(fair, SearchSettings.QUICK, new ArrayList<>()).capacity().visitorsPerSec());
        assertEquals(List.of("ramp 2", "ramp 4", "ramp 8", "ramp 16", "bisect 12"), fair.ran);
    }

    @Test
    void aConfirmationBelowTheMinimumStepStepsDownByHalf() throws InterruptedException {
        Scripted runner = new Scripted(r -> app(r, 0.3)).once("confirm", 0.25, measurement(0.25, 505, 0, 1.0));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());

        assertEquals(List.of("ramp 2", "ramp 2", "ramp 1", "ramp 0.5", "ramp 0.25", "confirm 0.25", "confirm 0.13"),
                runner.ran);
        assertEquals(0.13, result.capacity().visitorsPerSec());
        assertFalse(result.capacity().atMost());
    }

    @Test
    void aRampSeededAboveWhatTheInjectorCanSendStepsDownAndStopsAtTheInjectorsLimitAbove() throws InterruptedException {
        Scripted runner = new Scripted(r -> r >= 30 ? measurement(r, 120, 0, 0.8) : app(r, 100));
        CapacitySearch.Result result = new CapacitySearch(runner, Slo.DEFAULT, DOUBLING, l -> { }, 40).run();

        assertEquals(List.of("ramp 40", "ramp 20", "bisect 30"), runner.ran);
        assertEquals(20, result.capacity().visitorsPerSec());
        assertTrue(result.capacity().injectorBound());
        assertEquals("the injector reached its limit at 30 visitors/s: it started 80 % of the scheduled visitors",
                result.stoppedBy());
    }

    @Test
    void aFirstLevelWhoseSecondRunMeetsTheInjectorsLimitStepsDownInsteadOfReportingAtLeastNothing()
            throws InterruptedException {
        // a scale-out series seeded above what the injector can send on a saturated machine: the first run is slow,
        // the second one finds the injector at its limit; below it the app holds
        Scripted runner = new Scripted(r -> app(r, 100)).once("ramp", 96, measurement(96, 900, 0, 1.0))
                .once("ramp", 96, measurement(96, 900, 0, 0.7));
        CapacitySearch.Result result = new CapacitySearch(runner, Slo.DEFAULT, DOUBLING, l -> { }, 96).run();

        assertEquals(List.of("ramp 96", "ramp 96", "ramp 48", "bisect 72", "bisect 84", "bisect 90", "confirm 90"),
                runner.ran);
        assertEquals(90, result.capacity().visitorsPerSec());
        // the rate that decided the ramp was one the injector could not send: 90 is a lower bound
        assertTrue(result.capacity().injectorBound());
        assertFalse(result.capacity().atMost());
    }

    @Test
    void aCapacityFoundBelowARateOnlyTheInjectorCouldNotSendIsALowerBound() throws InterruptedException {
        // seeded at 256, which the injector cannot send; the app holds everything below: it never broke
        Scripted runner = new Scripted(r -> r >= 250 ? measurement(r, 120, 0, 0.8) : app(r, 1000));
        CapacitySearch.Result result = new CapacitySearch(runner, Slo.DEFAULT, DOUBLING, l -> { }, 256).run();

        assertEquals(List.of("ramp 256", "ramp 128", "bisect 192", "bisect 224", "bisect 240", "confirm 240"),
                runner.ran);
        assertEquals(240, result.capacity().visitorsPerSec());
        assertTrue(result.capacity().injectorBound());
        assertEquals("the injector reached its limit at 256 visitors/s: it started 80 % of the scheduled visitors",
                result.stoppedBy());

        // ... but where the app breaks below that rate, the capacity is the app's, and so is the breaking level
        Scripted breaks = new Scripted(r -> r >= 250 ? measurement(r, 120, 0, 0.8) : app(r, 200));
        CapacitySearch.Result found = new CapacitySearch(breaks, Slo.DEFAULT, DOUBLING, l -> { }, 256).run();
        assertEquals(List.of("ramp 256", "ramp 128", "bisect 192", "bisect 224", "bisect 208", "confirm 192"),
                breaks.ran);
        assertEquals(192, found.capacity().visitorsPerSec());
        assertFalse(found.capacity().injectorBound());
        assertEquals(224, found.breaking().offeredVisitorsPerSec());
        assertNull(found.stoppedBy());
    }

    @Test
    void stopsAtTheInjectorsLimitAndReportsALowerBound() throws InterruptedException {
        // the app would hold 100 visitors/s, but at 16 the injector starts only 80 % of the visitors it should
        Scripted runner = new Scripted(r -> r >= 16 ? measurement(r, 120, 0, 0.8) : app(r, 100));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());

        assertEquals(List.of("ramp 2", "ramp 4", "ramp 8", "ramp 16"), runner.ran);
        assertEquals(8, result.capacity().visitorsPerSec());
        assertEquals(32, result.capacity().requestsPerSec(), 1e-9);
        assertTrue(result.capacity().injectorBound());
        assertEquals("the injector reached its limit at 16 visitors/s: it started 80 % of the scheduled visitors",
                result.stoppedBy());
        CapacityLevel last = result.levels().get(3);
        assertFalse(last.held());
        assertEquals("injector at its limit: it started 80 % of the scheduled visitors", last.reason());
    }

    @Test
    void anInjectorTakingItsShareOfASaturatedMachineIsItsLimit() throws InterruptedException {
        LevelMeasurement saturated = new LevelMeasurement(16, 64, 50, new Latency(300, 800, 900, 1000), 250, 0,
                Map.of(), Map.of(), Map.of("app", 0.8, "database", 0.5, "injector", 0.65), 1.95, 2, 10, 100, null,
                1.0, null, null);
        Scripted runner = new Scripted(r -> r >= 16 ? saturated : app(r, 100));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());

        assertTrue(result.capacity().injectorBound());
        assertEquals(8, result.capacity().visitorsPerSec());
        assertEquals("the injector reached its limit at 16 visitors/s: it used 0.65 cores, its share of 2 on a "
                + "saturated machine (98 % busy)", result.stoppedBy());
    }

    /** A level that held the SLO while the injector started its visitors {@code lagMs} late (p95). */
    static LevelMeasurement late(double rate, double lagMs) {
        return late(rate, lagMs, 300);
    }

    static LevelMeasurement late(double rate, double lagMs, double p95) {
        return new LevelMeasurement(rate, rate * 4, rate * 4, new Latency(p95 / 3, p95, p95 * 1.3, p95 * 1.6), 400, 0, Map.of(),
                Map.of(), Map.of("app", 0.9, "database", 0.6, "injector", 0.2), 1.9, 2, 10, 100, lagMs, 1.0, null, null);
    }

    @Test
    void anInjectorStartingVisitorsLateOnTheScaleOfTheSloIsAtItsLimit() throws InterruptedException {
        // a fifth of a 500 ms SLO: 67 ms late is a busy machine's jitter, 120 ms bunches the arrivals
        assertTrue(CapacitySearch.injectorLimit(late(32, 67), Slo.DEFAULT).isEmpty());
        assertEquals("it started visitors 120 ms late (p95, more than 100 ms)",
                CapacitySearch.injectorLimit(late(32, 120), Slo.DEFAULT).orElseThrow());
        // a tight SLO still tolerates 50 ms (a level at p95 90 ms)
        Slo tight = new Slo(100, 0.01, 0.95);
        assertTrue(CapacitySearch.injectorLimit(late(32, 45, 90), tight).isEmpty());
        assertEquals("it started visitors 60 ms late (p95, more than 50 ms)",
                CapacitySearch.injectorLimit(late(32, 60, 90), tight).orElseThrow());

        // errors above the SLO are the app's own answers: late or not, the level broke by the app
        LevelMeasurement refusing = new LevelMeasurement(56, 224, 150, new Latency(300, 1600, 2000, 2500), 400, 23,
                Map.of(), Map.of("53300", 23L), Map.of("app", 0.9, "database", 0.7, "injector", 0.2), 1.95, 2, 40, 40,
                269.0, 1.0, null, null);
        assertTrue(CapacitySearch.injectorLimit(refusing, Slo.DEFAULT).isEmpty());
        // and a p95 above the SLO by more than the lateness is slow on the app's side (1383 - 217 > 500) ...
        LevelMeasurement slow = new LevelMeasurement(64, 256, 185, new Latency(300, 1383, 2000, 2500), 400, 0,
                Map.of(), Map.of(), Map.of("app", 0.9, "database", 0.8, "injector", 0.2), 1.95, 2, 38, 40,
                217.0, 1.0, null, null);
        assertTrue(CapacitySearch.injectorLimit(slow, Slo.DEFAULT).isEmpty());
        // ... where 560 ms at 150 ms late could be the injector reading responses late
        LevelMeasurement unclear = new LevelMeasurement(64, 256, 250, new Latency(200, 560, 700, 800), 400, 0,
                Map.of(), Map.of(), Map.of("app", 0.9, "database", 0.8, "injector", 0.2), 1.95, 2, 38, 40,
                150.0, 1.0, null, null);
        assertEquals("it started visitors 150 ms late (p95, more than 100 ms)",
                CapacitySearch.injectorLimit(unclear, Slo.DEFAULT).orElseThrow());

        Scripted runner = new Scripted(r -> r >= 32 ? late(r, 150) : app(r, 100));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());
        assertTrue(result.capacity().injectorBound());
        assertEquals(16, result.capacity().visitorsPerSec());
    }

    @Test
    void whenNoLevelHoldsTheCapacityIsBelowTheFirstRate() throws InterruptedException {
        Scripted runner = new Scripted(r -> measurement(r, 120, Math.round(r * 4 * 5 * 0.3), 1.0));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());

        assertEquals(List.of("ramp 2", "ramp 2", "ramp 1", "ramp 0.5", "ramp 0.25"), runner.ran);
        assertTrue(result.capacity().atMost());
        assertEquals(0, result.capacity().visitorsPerSec());
        assertEquals("errors 30 % > 1 %", result.levels().get(0).reason());
        assertEquals(0.25, result.breaking().offeredVisitorsPerSec());
    }

    @Test
    void whenTheFirstLevelDoesNotHoldTheRampStepsDownByHalvesAndBisectsFromTheFirstThatHolds()
            throws InterruptedException {
        Scripted runner = new Scripted(r -> app(r, 1.3));
        CapacitySearch.Result result = search(runner, DOUBLING, new ArrayList<>());

        assertEquals(List.of("ramp 2", "ramp 2", "ramp 1", "bisect 1.5", "confirm 1"), runner.ran);
        assertEquals(1, result.capacity().visitorsPerSec());
        assertFalse(result.capacity().atMost());
    }

    @Test
    void anAppThatHoldsTheHighestRateHasAtLeastThatCapacity() throws InterruptedException {
        SearchSettings settings = new SearchSettings(10, 10, 0, 30, 5, 1, 1, 0.1, 0.5, 2);
        Scripted runner = new Scripted(r -> app(r, 1000));
        CapacitySearch.Result result = search(runner, settings, new ArrayList<>());

        assertEquals(List.of("ramp 10", "ramp 20", "ramp 30"), runner.ran);
        assertEquals(30, result.capacity().visitorsPerSec());
        assertEquals("held at the highest rate tried (30 visitors/s)", result.stoppedBy());
        assertTrue(result.capacity().heldMaxRate());
        assertTrue(result.capacity().atLeast());
        assertFalse(result.capacity().injectorBound());
        assertNull(result.breaking());
    }

    @Test
    void aLevelThatDoesNotKeepUpWithTheOfferedRateDoesNotHold() {
        LevelMeasurement slowToFinish = new LevelMeasurement(10, 40, 30, new Latency(50, 100, 120, 130), 150, 0,
                Map.of(), Map.of(), Map.of(), null, 2, null, null, null, 1.0, null, null);
        assertEquals(List.of("throughput 30 of 40 requests/s offered (75 % < 95 %)"),
                new CapacitySearch(null, Slo.DEFAULT, DOUBLING, l -> { }).holds(slowToFinish));
        LevelMeasurement aHandful = new LevelMeasurement(0.38, 2.66, 2, new Latency(50, 299, 300, 310), 6, 0,
                Map.of(), Map.of(), Map.of(), null, 2, null, null, null, 1.0, null, null);
        assertEquals(List.of(), CapacitySearch.broke(aHandful, Slo.DEFAULT));
    }

    @Test
    void settingsReportEveryProblemAtOnce() {
        assertEquals(List.of(
                "capacity.startRate must be > 0 visitors/s, found 0.0",
                "capacity needs either increment (visitors/s added per level) or factor (rate multiplied per level),"
                        + " found increment 1.0 and factor 2.0",
                "capacity.levelSec must be 1..3600 seconds, found 0"),
                SearchSettings.problems(0, 1, 2, 10, 0, 1, 1, 0.1, 0.5, 2));
    }
}
