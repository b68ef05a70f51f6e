package dev.scalelab.diagnostics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one unit of work did with the database.
 *
 * @param unit                     unit name
 * @param statements               statement executions (round trips) of every kind
 * @param dbTimeMicros             time in the database
 * @param findings                 N+1 and duplicate findings, largest first
 * @param groups                   what ran, grouped by fingerprint, most frequent first
 * @param infrastructureStatements how many of {@code statements} were {@link StatementKind#INFRASTRUCTURE}
 * @param statementsAfterCommit    how many of {@code statements} ran after the response header was sent
 *                                 (a view rendering the body after the response committed, then querying):
 *                                 counted here, missing from that header; 0 outside HTTP or when the header
 *                                 went out with the final counts
 */
public record UnitReport(String unit, int statements, long dbTimeMicros, List<Finding> findings,
                         List<StatementGroup> groups, int infrastructureStatements, int statementsAfterCommit) {

    /** A report of a unit whose response, if any, was not committed before it ended. */
    public UnitReport(String unit, int statements, long dbTimeMicros, List<Finding> findings,
                      List<StatementGroup> groups, int infrastructureStatements) {
        this(unit, statements, dbTimeMicros, findings, groups, infrastructureStatements, 0);
    }

    public UnitReport {
        Objects.requireNonNull(unit, "unit");
        findings = List.copyOf(findings);
        groups = groups instanceof Deferred ? groups : List.copyOf(groups);
        if (statements < 0 || infrastructureStatements < 0 || infrastructureStatements > statements) {
            throw new IllegalArgumentException("statements: expected 0 <= infrastructure <= statements, found "
                    + infrastructureStatements + " of " + statements);
        }
        if (statementsAfterCommit < 0 || statementsAfterCommit > statements) {
            throw new IllegalArgumentException("statementsAfterCommit: expected 0 to " + statements + ", found "
                    + statementsAfterCommit);
        }
    }

    /** This report with {@code n} of its statements run after the response committed. */
    public UnitReport withStatementsAfterCommit(int n) {
        return new UnitReport(unit, statements, dbTimeMicros, findings, groups, infrastructureStatements, n);
    }

    /**
     * Marks an immutable list whose elements are worked out when first read (statement groups need
     * resolved call stacks, which a report that only feeds counters never pays for).
     */
    public interface Deferred {
    }

    /** Statements that are not infrastructure: what query budgets count. */
    public int applicationStatements() {
        return statements - infrastructureStatements;
    }

    /**
     * The {@code Server-Timing} header value with the final counts: {@code db;dur=<ms>;desc="<n> statements"}
     * (what the diagnostics filter sends as a trailer when the header itself went out early).
     */
    public String serverTimingHeader() {
        return serverTiming(statements, dbTimeMicros);
    }

    static String serverTiming(int statements, long dbTimeMicros) {
        return String.format(Locale.ROOT, "db;dur=%.3f;desc=\"%d statements\"", dbTimeMicros / 1000.0, statements);
    }

    /** One-paragraph diagnosis: {@code GET /: 52 statements (3.1 ms in the database); N+1: …}. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(unit).append(": ").append(statements).append(" statements (")
                .append(Finding.millis(dbTimeMicros)).append(" ms in the database");
        if (statementsAfterCommit > 0) {
            out.append("; ").append(statementsAfterCommit).append(" after the response committed");
        }
        out.append(')');
        for (Finding f : findings) {
            out.append("\n  ").append(f.message());
        }
        return out.toString();
    }
}
