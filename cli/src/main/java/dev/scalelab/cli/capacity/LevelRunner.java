package dev.scalelab.cli.capacity;

/**
 * Runs one load level of a capacity search: a constant open arrival rate of the step's workload for the level's
 * length, against the app already running.
 */
@FunctionalInterface
public interface LevelRunner {

    /**
     * Runs a level.
     *
     * @param phase          {@code ramp}, {@code bisect} or {@code confirm}, for file names and progress
     * @param visitorsPerSec the arrival rate of new visitors
     * @throws LevelException the level could not be run at all (the injector failed, the app went away)
     */
    LevelMeasurement run(String phase, double visitorsPerSec) throws LevelException, InterruptedException;

    /** A level that could not be run; the search stops with what it has. */
    final class LevelException extends Exception {
        public LevelException(String message) {
            super(message);
        }
    }
}
