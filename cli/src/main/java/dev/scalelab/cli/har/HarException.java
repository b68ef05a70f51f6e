package dev.scalelab.cli.har;

/** A HAR file that cannot be turned into a workload: one line saying what was found and what to do. */
public final class HarException extends RuntimeException {
    public HarException(String message) {
        super(message, null, false, false);
    }
}
