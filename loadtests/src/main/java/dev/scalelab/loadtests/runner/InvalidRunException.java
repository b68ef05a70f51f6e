package dev.scalelab.loadtests.runner;

import java.util.List;

/**
 * The run was refused before any load was sent: invalid settings, unknown simulation, or a target
 * that does not answer {@code GET /health}. The message is one line listing every problem; the
 * CLI exits with code 2.
 */
public final class InvalidRunException extends LoadTestException {

    private final List<String> problems;

    public InvalidRunException(List<String> problems) {
        super(String.join("; ", problems), null);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
