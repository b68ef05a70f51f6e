package dev.scalelab.cli.ladder;

/**
 * A step's app could not be started or never became ready: the message is one line saying what happened and what to
 * do. {@link #skipped()} means a part the step needs is not installed (the step is SKIPPED, not ERROR).
 */
final class StartException extends Exception {
    private final boolean skipped;

    StartException(String message) {
        this(message, false);
    }

    private StartException(String message, boolean skipped) {
        super(message, null, false, false);
        this.skipped = skipped;
    }

    static StartException skipped(String message) {
        return new StartException(message, true);
    }

    boolean skipped() {
        return skipped;
    }
}
