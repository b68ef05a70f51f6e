package dev.scalelab.cli.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.cli.capacity.CapacitySearch;
import dev.scalelab.cli.capacity.LevelMeasurement;
import dev.scalelab.cli.capacity.SearchSettings;
import dev.scalelab.reports.model.Capacity;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.Slo;
import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.model.UslPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The scale-out series on scripted level outcomes: each instance count's search, its point, the fit. */
class ScaleOutSeriesTest {

    /** Doubling from 2, 1 % resolution, so each search lands within about 1 % of the scripted limit. */
    private static final SearchSettings FINE = new SearchSettings(2, 0, 2, 256, 5, 1, 1, 0.01, 0.05, 2);

    /** 4 requests per visitor; p95 120 ms up to {@code limit} visitors/s, 900 ms above. */
    private static LevelMeasurement level(double rate, double limit) {
        double p95 = rate <= limit ? 120 : 900;
        long requests = Math.round(rate * 4 * 5);
        return new LevelMeasurement(rate, rate * 4, rate * 4, new Latency(p95 / 3, p95, p95 * 1.2, p95 * 1.5),
                requests, 0, Map.of(), Map.of(), Map.of("app", 0.5, "database", 0.2), 0.8, 2, 10, 100, null, 1.0,
                null, null);
    }

    /** The capacity a search finds on an app that holds {@code limit} visitors/s. */
    private static Capacity searched(double limit) throws InterruptedException {
        return new CapacitySearch((phase, rate) -> level(rate, limit), Slo.DEFAULT, FINE, l -> {
        }).run().capacity();
    }

    /** λ·N / (1 + σ(N − 1) + κN(N − 1)) in visitors/s, with λ = 10, σ = 0.1, κ = 0.05: 10, 16.7, 20. */
    private static double limit(int n) {
        return 10.0 * n / (1 + 0.1 * (n - 1) + 0.05 * n * (n - 1));
    }

    @Test
    void searchesAtEachCountBecomePointsAndTheFitFindsThePeak() throws InterruptedException {
        Map<Integer, Capacity> byInstances = new TreeMap<>();
        for (int n : ScaleOutSeries.INSTANCES) {
            byInstances.put(n, searched(limit(n)));
        }
        List<String> missing = new ArrayList<>();
        Optional<UslFit> fit = ScaleOutSeries.fit("scale-out", byInstances, 2, missing);

        assertTrue(fit.isPresent(), "fit: " + missing);
        assertEquals(List.of(), missing);
        UslFit f = fit.get();
        assertEquals("scale-out", f.step());
        assertEquals(List.of(1, 2, 3), f.points().stream().map(UslPoint::instances).toList());
        for (UslPoint p : f.points()) {
            assertEquals(byInstances.get(p.instances()).requestsPerSec(), p.requestsPerSec(), 1e-9);
            assertEquals(limit(p.instances()) * 4, p.requestsPerSec(), limit(p.instances()) * 4 * 0.02);
            assertFalse(p.injectorBound());
        }
        // the scripted limits fall off past two instances: contention and coherency both show, with a peak near 4
        assertTrue(f.sigma() + f.kappa() > 0.05, "sigma " + f.sigma() + ", kappa " + f.kappa());
        assertNotNull(f.peakInstances());
        assertTrue(f.peakInstances() > 3 && f.peakInstances() < 6, "peak at " + f.peakInstances());
        assertEquals(2, f.cores());
        assertTrue(f.note().contains("The instances share this machine's 2 cores"), f.note());
    }

    @Test
    void aCountWithoutCapacityLeavesTooFewPointsAndSaysWhy() throws InterruptedException {
        Map<Integer, Capacity> byInstances = new TreeMap<>();
        byInstances.put(1, searched(10));
        byInstances.put(2, null);                    // could not start
        byInstances.put(3, searched(0.01));          // held nothing: an upper bound, no point
        assertTrue(byInstances.get(3).atMost());
        List<String> missing = new ArrayList<>();

        assertTrue(ScaleOutSeries.fit("scale-out", byInstances, 2, missing).isEmpty());
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).startsWith("scalability fit: a scalability fit needs capacity at two or more"
                + " instance counts, found 1 (1)"), missing.get(0));
    }

    @Test
    void onlyReferenceStepsWithAStackGetTheSeries() {
        Ladder.Step plain = new Ladder.Step("eager-fetch", "d", Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Ladder.Stack.SINGLE);
        Ladder.Step stack = new Ladder.Step("scale-out", "d", Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), new Ladder.Stack(2, true, true, false));
        assertFalse(ScaleOutSeries.applies(plain));
        assertTrue(ScaleOutSeries.applies(stack));
    }
}
