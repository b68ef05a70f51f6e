package dev.scalelab.loadtests.yaml;

import java.util.List;

/**
 * Mistakes in a YAML file read by {@link YamlDocument}: one line per problem, each starting with
 * {@code file:line:column:} (or {@code file:} when the problem has no position).
 */
public final class YamlFileException extends RuntimeException {

    private final List<String> problems;

    public YamlFileException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a YAML file exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order of discovery. */
    public List<String> problems() {
        return problems;
    }
}
