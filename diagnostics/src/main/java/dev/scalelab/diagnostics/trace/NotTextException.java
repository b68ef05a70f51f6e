package dev.scalelab.diagnostics.trace;

import java.io.IOException;

/** A trace file that is not UTF-8 text (a binary file, or text in another encoding), with the first bad line. */
public final class NotTextException extends IOException {
    private final long line;

    public NotTextException(long line) {
        super("not UTF-8 text (line " + line + ")");
        this.line = line;
    }

    /** The 1-based line holding the first byte sequence that is not UTF-8. */
    public long line() {
        return line;
    }
}
