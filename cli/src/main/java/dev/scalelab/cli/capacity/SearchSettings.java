package dev.scalelab.cli.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * How a capacity search climbs: a stepped ramp from {@code startRate}, adding {@code increment} or multiplying by
 * {@code factor} per level, up to {@code maxRate}; then a bisection down to {@code resolution} of the rate (at least
 * {@code minStep}); every level lasts {@code levelSec} after {@code warmupSec} of the same rate, and may run on
 * {@code drainSec} for its last requests to finish.
 *
 * @param startRate     visitors/s of the first level (&gt; 0)
 * @param increment     visitors/s added per ramp level; 0 when the ramp multiplies by {@code factor}
 * @param factor        rate multiplier per ramp level (&gt; 1); 0 when the ramp adds {@code increment}
 * @param maxRate       the highest rate tried; a step that holds it has at least this capacity
 * @param levelSec      measured seconds per level
 * @param warmupSec     seconds of the same rate before each level's measurement
 * @param drainSec      seconds a level's last requests may take to finish
 * @param resolution    the bisection stops when the gap is at most this fraction of the rate that held (0.1 = 10 %)
 * @param minStep       ... or at most this many visitors/s
 * @param confirmations how many times a confirmation that fails may step down and confirm again
 * @param recheck       whether a ramp level that fails runs once more before it is believed, and the found rate is
 *                      confirmed by a level of its own; a quick look believes every level the first time
 */
public record SearchSettings(double startRate, double increment, double factor, double maxRate, int levelSec,
                             int warmupSec, int drainSec, double resolution, double minStep, int confirmations,
                             boolean recheck) {

    /** Settings that recheck failing ramp levels and confirm the found rate. */
    public SearchSettings(double startRate, double increment, double factor, double maxRate, int levelSec,
                          int warmupSec, int drainSec, double resolution, double minStep, int confirmations) {
        this(startRate, increment, factor, maxRate, levelSec, warmupSec, drainSec, resolution, minStep, confirmations,
                true);
    }

    /**
     * A full ladder: from 2 visitors/s doubling up to 4096 (beyond what one injector sends on a small machine, so the injector's
     * limit rather than the search's ceiling ends the ramp of a fast step), 5 s levels after 3 s of warm-up (the app is warm from the
     * step's fixed-rate run and the level before; the warm-up lets the level's visits get past their first pages, a
     * story visit lasting about 5 s), 15 % resolution. The story's naive step breaks at a few visitors/s
     * and its fixed steps carry a hundred or more, so a multiplying ramp finds both ends in a handful of levels; a
     * ladder starts each step's ramp one step above the capacity of the step before.
     */
    public static final SearchSettings DEFAULT = new SearchSettings(2, 0, 2, 4096, 5, 3, 2, 0.15, 0.5, 2);

    /**
     * A quick look (--quick): 2 s levels after 1 s, every level believed the first time, one bisection level between
     * the last rate that held and the first that did not (50 % resolution), no confirmation. Its levels are shorter
     * than a story visit, so they weigh the visits' first pages: compare quick capacities with each other, not with a
     * full ladder's.
     */
    public static final SearchSettings QUICK = new SearchSettings(2, 0, 2, 4096, 2, 1, 1, 0.5, 0.5, 0, false);

    public SearchSettings {
        List<String> problems = problems(startRate, increment, factor, maxRate, levelSec, warmupSec, drainSec,
                resolution, minStep, confirmations);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Every problem of these values at once, empty when they make a search. */
    public static List<String> problems(double startRate, double increment, double factor, double maxRate,
                                        int levelSec, int warmupSec, int drainSec, double resolution, double minStep,
                                        int confirmations) {
        List<String> p = new ArrayList<>();
        if (!(startRate > 0) || !Double.isFinite(startRate)) {
            p.add("capacity.startRate must be > 0 visitors/s, found " + startRate);
        }
        if ((increment > 0) == (factor > 0)) {
            p.add("capacity needs either increment (visitors/s added per level) or factor (rate multiplied per level),"
                    + " found increment " + increment + " and factor " + factor);
        }
        if (increment < 0 || !Double.isFinite(increment)) {
            p.add("capacity.increment must be >= 0 visitors/s, found " + increment);
        }
        if (factor != 0 && !(factor > 1 && factor <= 10)) {
            p.add("capacity.factor must be between 1 (exclusive) and 10, found " + factor);
        }
        if (!(maxRate >= startRate) || !Double.isFinite(maxRate) || maxRate > 100_000) {
            p.add("capacity.maxRate must be between startRate (" + startRate + ") and 100000 visitors/s, found " + maxRate);
        }
        if (levelSec < 1 || levelSec > 3600) {
            p.add("capacity.levelSec must be 1..3600 seconds, found " + levelSec);
        }
        if (warmupSec < 0 || warmupSec > 3600) {
            p.add("capacity.warmupSec must be 0..3600 seconds, found " + warmupSec);
        }
        if (drainSec < 0 || drainSec > 3600) {
            p.add("capacity.drainSec must be 0..3600 seconds, found " + drainSec);
        }
        if (!(resolution > 0 && resolution < 1)) {
            p.add("capacity.resolution must be a fraction between 0 and 1 (0.1 = 10 %), found " + resolution);
        }
        if (!(minStep > 0) || !Double.isFinite(minStep)) {
            p.add("capacity.minStep must be > 0 visitors/s, found " + minStep);
        }
        if (confirmations < 0 || confirmations > 10) {
            p.add("capacity.confirmations must be 0..10, found " + confirmations);
        }
        return p;
    }

    /** The ramp's next rate after {@code rate}, at most {@link #maxRate}. */
    public double next(double rate) {
        double n = increment > 0 ? rate + increment : rate * factor;
        return Math.min(maxRate, CapacitySearch.round(n));
    }
}
