package dev.scalelab.diagnostics.junit;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;

import java.util.List;
import java.util.Optional;

/**
 * One expectation about the statements of a block or test; see {@link Queries} for the
 * factories ({@code max(5)}, {@code exactly(2)}, {@code noNPlusOne()}, {@code noDuplicates()}).
 */
public interface QueryExpectation {

    /** A description of the violation, or empty when the report meets the expectation. */
    Optional<String> violation(UnitReport report);

    static QueryExpectation max(int statements) {
        if (statements < 0) {
            throw new IllegalArgumentException("max: expected >= 0 statements, found " + statements);
        }
        return r -> r.applicationStatements() <= statements ? Optional.empty()
                : Optional.of("expected at most " + statements + plural(statements) + ", recorded "
                + r.applicationStatements());
    }

    static QueryExpectation exactly(int statements) {
        if (statements < 0) {
            throw new IllegalArgumentException("exactly: expected >= 0 statements, found " + statements);
        }
        return r -> r.applicationStatements() == statements ? Optional.empty()
                : Optional.of("expected exactly " + statements + plural(statements) + ", recorded "
                + r.applicationStatements());
    }

    static QueryExpectation noNPlusOne() {
        return r -> count(r, Finding.Kind.N_PLUS_ONE) == 0 ? Optional.empty()
                : Optional.of("expected no N+1 queries, found " + count(r, Finding.Kind.N_PLUS_ONE));
    }

    static QueryExpectation noDuplicates() {
        return r -> count(r, Finding.Kind.DUPLICATE) == 0 ? Optional.empty()
                : Optional.of("expected no duplicate queries, found " + count(r, Finding.Kind.DUPLICATE));
    }

    private static long count(UnitReport r, Finding.Kind kind) {
        return r.findings().stream().filter(f -> f.kind() == kind).count();
    }

    private static String plural(int n) {
        return n == 1 ? " statement" : " statements";
    }

    /** The failure message: violations, what ran grouped by fingerprint, findings with hints. */
    static String failureMessage(UnitReport r, List<String> violations) {
        StringBuilder b = new StringBuilder();
        b.append("Query expectations failed in ").append(r.unit()).append(": ")
                .append(String.join("; ", violations))
                .append(" (test setup and infrastructure statements are not counted");
        if (r.infrastructureStatements() > 0) {
            b.append("; ").append(r.infrastructureStatements()).append(" infrastructure")
                    .append(r.infrastructureStatements() == 1 ? " statement" : " statements").append(" also ran");
        }
        b.append(").\nWhat ran, by fingerprint:");
        r.groups().stream().filter(g -> g.kind() != dev.scalelab.diagnostics.StatementKind.INFRASTRUCTURE)
                .forEach(g -> {
                    b.append(String.format("%n  %4d × %s", g.count(), abbreviate(g.fingerprint(), 140)));
                    if (!g.callSite().isEmpty()) {
                        b.append("  at ").append(g.callSite());
                        if (g.callSites() > 1) {
                            b.append(" and ").append(g.callSites() - 1).append(" other call site")
                                    .append(g.callSites() == 2 ? "" : "s");
                        }
                    }
                });
        if (!r.findings().isEmpty()) {
            b.append("\nFindings:");
            for (Finding f : r.findings()) {
                b.append("\n  ").append(f.message());
            }
        }
        return b.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
