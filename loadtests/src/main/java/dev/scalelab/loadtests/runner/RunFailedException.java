package dev.scalelab.loadtests.runner;

import java.nio.file.Path;

/**
 * The run started but did not produce results: the Gatling JVM crashed or exited early, ran past
 * its time limit (it was stopped), or wrote no results file. The message says which, with the
 * most telling line of the child's output; {@link #log()} holds all of it.
 */
public final class RunFailedException extends LoadTestException {

    private final Path log;
    private final int exitCode;

    public RunFailedException(String message, Path log, int exitCode, Throwable cause) {
        super(message, cause);
        this.log = log;
        this.exitCode = exitCode;
    }

    /** The child's full output, or null when it never started. */
    public Path log() {
        return log;
    }

    /** The child's exit code; -1 when it was stopped or never started. */
    public int exitCode() {
        return exitCode;
    }
}
