package dev.scalelab.reports;

/**
 * A run folder or summary file that cannot be read or written. The message is one line that says what was
 * expected, what was found and what to do, fit to be printed by a command line without a stack trace.
 */
public class ReportException extends RuntimeException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
