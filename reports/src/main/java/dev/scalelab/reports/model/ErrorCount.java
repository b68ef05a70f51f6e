package dev.scalelab.reports.model;

/**
 * One kind of failed request of a step and how often it happened, e.g. {@code "database refused a connection: 503
 * with X-Db-Error: 53300"} 812 times.
 *
 * @param message what the client saw (status, reason), as the recorder worded it
 * @param count   requests of the measurement that failed this way
 */
public record ErrorCount(String message, long count) {
    public ErrorCount {
        Checks.required("message", message);
        Checks.nonNegative("count", count);
    }

    /** {@code message (count)}, as the step line and the report show it. */
    @Override
    public String toString() {
        return message + " (" + count + ")";
    }
}
