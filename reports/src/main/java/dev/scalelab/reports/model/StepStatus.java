package dev.scalelab.reports.model;

/** Outcome of one step (one repeat of it) of a ladder run. */
public enum StepStatus {
    /** The step ran and no probe fired. */
    PASSED,
    /** The step ran, but a correctness probe fired (for example an identity leak); its numbers are still valid. */
    FAILED,
    /** The step crashed or could not start; {@code statusReason} says why and its numbers are not usable. */
    ERROR,
    /** The step was not run (for example a required service is not installed); {@code statusReason} says why. */
    SKIPPED;

    /** Whether the step produced measurements that can be compared (PASSED or FAILED). */
    public boolean hasMeasurements() {
        return this == PASSED || this == FAILED;
    }
}
