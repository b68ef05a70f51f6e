package dev.scalelab.loadtests.runner;

/**
 * Follows a run while it goes. Called from the runner's output threads: keep it quick; an
 * exception thrown here is ignored.
 */
public interface RunListener {

    /** Every line the Gatling JVM prints, stdout and stderr. */
    default void onLine(String line) {
    }

    /** scalelab's own lines (preflight, progress every 5 s, summary), without the {@code scalelab: } prefix. */
    default void onProgress(String message) {
    }

    /** Warm-up is over; measurement starts now (e.g. reset the server's statistics). Called once. */
    default void onMeasurementStart() {
    }

    /** A listener that ignores everything. */
    static RunListener none() {
        return Noop.INSTANCE;
    }

    /** The no-op listener. */
    enum Noop implements RunListener {
        INSTANCE
    }
}
