package dev.scalelab.diagnostics;

import java.util.Objects;

/**
 * The statements of one unit that share a fingerprint: "what ran", grouped.
 *
 * @param fingerprint normalized SQL
 * @param kind        classification of the fingerprint
 * @param count       executions (a JDBC batch counts once: it is one round trip)
 * @param totalMicros time in the database
 * @param callSite    first application frame of the first execution
 * @param callSites   distinct application call stacks the executions came from
 */
public record StatementGroup(String fingerprint, StatementKind kind, int count, long totalMicros,
                             String callSite, int callSites) {
    public StatementGroup {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(callSite, "callSite");
    }
}
