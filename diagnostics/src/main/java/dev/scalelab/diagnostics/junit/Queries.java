package dev.scalelab.diagnostics.junit;

import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.UnitScope;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scoped query assertions:
 * <pre>{@code
 * import static dev.scalelab.diagnostics.junit.Queries.*;
 * assertQueries(diagnostics, () -> service.feed(), max(5), noNPlusOne());
 * }</pre>
 * Only the block's statements count (the block runs in its own unit, nested in the test's).
 */
public final class Queries {
    private Queries() {
    }

    public static QueryExpectation max(int statements) {
        return QueryExpectation.max(statements);
    }

    public static QueryExpectation exactly(int statements) {
        return QueryExpectation.exactly(statements);
    }

    public static QueryExpectation noNPlusOne() {
        return QueryExpectation.noNPlusOne();
    }

    public static QueryExpectation noDuplicates() {
        return QueryExpectation.noDuplicates();
    }

    /**
     * Runs {@code block} in a unit of its own and checks the expectations.
     *
     * @return the block's report, for further assertions
     * @throws AssertionError listing every violated expectation, what ran and the findings
     */
    public static UnitReport assertQueries(Diagnostics diagnostics, Executable block, QueryExpectation... expectations)
            throws Throwable {
        return assertQueries(diagnostics, "assertQueries", block, expectations);
    }

    static UnitReport assertQueries(Diagnostics diagnostics, String unitName, Executable block,
                                    QueryExpectation... expectations) throws Throwable {
        Objects.requireNonNull(diagnostics, "diagnostics");
        Objects.requireNonNull(block, "block");
        UnitScope unit = diagnostics.open(unitName);
        UnitReport report;
        try {
            block.execute();
        } finally {
            report = unit.end();
        }
        check(report, List.of(expectations));
        return report;
    }

    static void check(UnitReport report, List<QueryExpectation> expectations) {
        List<String> violations = new ArrayList<>();
        for (QueryExpectation e : expectations) {
            e.violation(report).ifPresent(violations::add);
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(QueryExpectation.failureMessage(report, violations));
        }
    }
}
