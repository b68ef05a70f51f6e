package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.internal.Json;
import dev.scalelab.diagnostics.sql.SqlNormalizer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-unit-name statistics since the last {@link Diagnostics#reset()}: what the diagnostics
 * endpoint serves and the CLI collects after a load run.
 *
 * @param since              start of the period (creation or last reset)
 * @param takenAt            when the snapshot was taken
 * @param unscopedStatements statements executed outside any unit (startup, background threads)
 * @param units              one entry per unit name, most statements first
 */
public record DiagnosticsSnapshot(Instant since, Instant takenAt, long unscopedStatements, List<UnitStats> units) {

    /** Version of the JSON produced by {@link #toJson(boolean)}. */
    public static final int SCHEMA_VERSION = 1;

    public DiagnosticsSnapshot {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(takenAt, "takenAt");
        units = List.copyOf(units);
    }

    /**
     * Aggregates of one unit name.
     *
     * @param unit          unit name (route template)
     * @param requests      closed units of that name
     * @param statements    statements of all of them
     * @param maxStatements most statements in one unit
     * @param dbTimeMicros  time in the database of all of them
     * @param findings      distinct findings, deduplicated by kind, fingerprint and call site
     * @param statementsAfterCommit how many of {@code statements} ran after their response's header went
     *                      out (counted here, missing from {@code Server-Timing} headers)
     * @param failedRequests   how many of {@code requests} failed ({@link UnitScope#failed()}: an exception or an
     *                         error response)
     * @param failedStatements how many of {@code statements} those failed units ran
     */
    public record UnitStats(String unit, long requests, long statements, int maxStatements, long dbTimeMicros,
                            List<FindingStats> findings, long statementsAfterCommit, long failedRequests,
                            long failedStatements) {

        /** Statistics without statements after a response committed. */
        public UnitStats(String unit, long requests, long statements, int maxStatements, long dbTimeMicros,
                         List<FindingStats> findings) {
            this(unit, requests, statements, maxStatements, dbTimeMicros, findings, 0);
        }

        /** Statistics without failed units. */
        public UnitStats(String unit, long requests, long statements, int maxStatements, long dbTimeMicros,
                         List<FindingStats> findings, long statementsAfterCommit) {
            this(unit, requests, statements, maxStatements, dbTimeMicros, findings, statementsAfterCommit, 0, 0);
        }

        public UnitStats {
            Objects.requireNonNull(unit, "unit");
            findings = List.copyOf(findings);
            if (failedRequests < 0 || failedRequests > requests || failedStatements < 0
                    || failedStatements > statements) {
                throw new IllegalArgumentException("failed units: expected 0 <= failedRequests <= requests and"
                        + " 0 <= failedStatements <= statements, found " + failedRequests + " of " + requests
                        + " requests, " + failedStatements + " of " + statements + " statements");
            }
        }

        /** Mean statements per unit; 0 when no unit closed. */
        public double meanStatements() {
            return requests == 0 ? 0 : (double) statements / requests;
        }

        /**
         * Mean statements per unit that did not fail: what one complete page costs, leaving out the pages that
         * stopped part-way; the mean over all units when every unit failed; 0 when no unit closed.
         */
        public double meanStatementsCompleted() {
            long completed = requests - failedRequests;
            return completed == 0 ? meanStatements() : (double) (statements - failedStatements) / completed;
        }

        /** Mean time in the database per unit, in microseconds; 0 when no unit closed. */
        public double meanDbTimeMicros() {
            return requests == 0 ? 0 : (double) dbTimeMicros / requests;
        }
    }

    /**
     * One finding as seen across the units of one name.
     *
     * @param units      units in which it was found
     * @param executions executions summed over those units
     * @param maxCount   largest count in one unit
     */
    public record FindingStats(Finding.Kind kind, String fingerprint, String callSite, String hint, String example,
                               long units, long executions, int maxCount) {
        public FindingStats {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(callSite, "callSite");
            Objects.requireNonNull(hint, "hint");
            Objects.requireNonNull(example, "example");
        }
    }

    /** The statistics of one unit name, if any unit of that name closed. */
    public Optional<UnitStats> unit(String name) {
        return units.stream().filter(u -> u.unit().equals(name)).findFirst();
    }

    /** Total statements in units. */
    public long statements() {
        return units.stream().mapToLong(UnitStats::statements).sum();
    }

    /**
     * What happened between {@code earlier} and this snapshot. {@code maxStatements} and
     * {@code maxCount} cannot be subtracted and keep this snapshot's values; entries with no
     * requests in between are dropped.
     */
    public DiagnosticsSnapshot minus(DiagnosticsSnapshot earlier) {
        Map<String, UnitStats> before = new HashMap<>();
        for (UnitStats u : earlier.units) {
            before.put(u.unit(), u);
        }
        List<UnitStats> out = new ArrayList<>();
        for (UnitStats u : units) {
            UnitStats b = before.get(u.unit());
            if (b == null) {
                out.add(u);
                continue;
            }
            long requests = u.requests() - b.requests();
            if (requests <= 0) {
                continue;
            }
            Map<String, FindingStats> fb = new HashMap<>();
            for (FindingStats f : b.findings()) {
                fb.put(f.kind() + "\u0000" + f.fingerprint() + "\u0000" + f.callSite(), f);
            }
            List<FindingStats> findings = new ArrayList<>();
            for (FindingStats f : u.findings()) {
                FindingStats old = fb.get(f.kind() + "\u0000" + f.fingerprint() + "\u0000" + f.callSite());
                long n = f.units() - (old == null ? 0 : old.units());
                if (n > 0) {
                    findings.add(new FindingStats(f.kind(), f.fingerprint(), f.callSite(), f.hint(), f.example(), n,
                            f.executions() - (old == null ? 0 : old.executions()), f.maxCount()));
                }
            }
            out.add(new UnitStats(u.unit(), requests, u.statements() - b.statements(), u.maxStatements(),
                    u.dbTimeMicros() - b.dbTimeMicros(), findings,
                    Math.max(0, u.statementsAfterCommit() - b.statementsAfterCommit()),
                    Math.max(0, Math.min(requests, u.failedRequests() - b.failedRequests())),
                    Math.max(0, Math.min(u.statements() - b.statements(), u.failedStatements() - b.failedStatements()))));
        }
        return new DiagnosticsSnapshot(earlier.takenAt, takenAt,
                Math.max(0, unscopedStatements - earlier.unscopedStatements), out);
    }

    /**
     * The snapshot as one JSON object, {@code schemaVersion} {@value #SCHEMA_VERSION}. Examples
     * show parameter and literal values only when {@code includeParams} is true <em>and</em> the
     * recorder was built with {@code includeParameters(true)}; otherwise they are the fingerprint.
     */
    public String toJson(boolean includeParams) {
        StringBuilder b = new StringBuilder(1024);
        b.append("{\"schemaVersion\":").append(SCHEMA_VERSION);
        b.append(",\"since\":");
        Json.quote(b, since.toString());
        b.append(",\"takenAt\":");
        Json.quote(b, takenAt.toString());
        b.append(",\"unscopedStatements\":").append(unscopedStatements);
        b.append(",\"units\":[");
        for (int i = 0; i < units.size(); i++) {
            UnitStats u = units.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"unit\":");
            Json.quote(b, u.unit());
            b.append(",\"requests\":").append(u.requests());
            b.append(",\"statements\":").append(u.statements());
            b.append(",\"meanStatements\":").append(String.format(Locale.ROOT, "%.2f", u.meanStatements()));
            b.append(",\"maxStatements\":").append(u.maxStatements());
            b.append(",\"dbTimeMicros\":").append(u.dbTimeMicros());
            b.append(",\"statementsAfterCommit\":").append(u.statementsAfterCommit());
            b.append(",\"failedRequests\":").append(u.failedRequests());
            b.append(",\"failedStatements\":").append(u.failedStatements());
            b.append(",\"meanStatementsCompleted\":")
                    .append(String.format(Locale.ROOT, "%.2f", u.meanStatementsCompleted()));
            b.append(",\"findings\":[");
            for (int j = 0; j < u.findings().size(); j++) {
                FindingStats f = u.findings().get(j);
                if (j > 0) {
                    b.append(',');
                }
                b.append("{\"kind\":\"").append(f.kind()).append('"');
                b.append(",\"fingerprint\":");
                Json.quote(b, f.fingerprint());
                b.append(",\"callSite\":");
                Json.quote(b, f.callSite());
                b.append(",\"units\":").append(f.units());
                b.append(",\"executions\":").append(f.executions());
                b.append(",\"maxCount\":").append(f.maxCount());
                b.append(",\"hint\":");
                Json.quote(b, f.hint());
                b.append(",\"example\":");
                Json.quote(b, includeParams ? f.example() : redacted(f.example()));
                b.append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    private static String redacted(String example) {
        int marker = example.indexOf(" -- parameters: ");
        String sql = marker < 0 ? example : example.substring(0, marker);
        return SqlNormalizer.normalize(sql).fingerprint();
    }
}
