package dev.scalelab.cli.ladder;

/** A mistake in a ladder file; the message starts with {@code file:line:column:}. */
public final class LadderFileException extends RuntimeException {
    public LadderFileException(String message) {
        super(message);
    }
}
