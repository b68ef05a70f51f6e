package dev.scalelab.diagnostics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Folds closed units into per-name statistics, bounded in names and findings per name. */
final class Aggregator {
    static final String OTHER_UNITS = "(other units)";
    static final int MAX_FINDINGS_PER_UNIT = 100;

    private final int maxUnitNames;
    private volatile ConcurrentHashMap<String, Acc> units = new ConcurrentHashMap<>();

    Aggregator(int maxUnitNames) {
        this.maxUnitNames = maxUnitNames;
    }

    private static final class Acc {
        long requests;
        long statements;
        long statementsAfterCommit;
        long failedRequests;
        long failedStatements;
        int maxStatements;
        long dbMicros;
        final Map<String, FindingAcc> findings = new LinkedHashMap<>();
    }

    private static final class FindingAcc {
        final Finding first;
        long units;
        long executions;
        int maxCount;

        FindingAcc(Finding first) {
            this.first = first;
        }
    }

    void add(UnitReport r) {
        add(r, false);
    }

    void add(UnitReport r, boolean failed) {
        ConcurrentHashMap<String, Acc> map = units;
        String name = r.unit();
        Acc acc = map.get(name);
        if (acc == null) {
            if (map.size() >= maxUnitNames) {
                name = OTHER_UNITS;
            }
            acc = map.computeIfAbsent(name, k -> new Acc());
        }
        synchronized (acc) {
            acc.requests++;
            acc.statements += r.statements();
            acc.statementsAfterCommit += r.statementsAfterCommit();
            if (failed) {
                acc.failedRequests++;
                acc.failedStatements += r.statements();
            }
            acc.maxStatements = Math.max(acc.maxStatements, r.statements());
            acc.dbMicros += r.dbTimeMicros();
            for (Finding f : r.findings()) {
                String key = f.kind() + "\u0000" + f.fingerprint() + "\u0000" + f.callSite();
                FindingAcc fa = acc.findings.get(key);
                if (fa == null) {
                    if (acc.findings.size() >= MAX_FINDINGS_PER_UNIT) {
                        continue;
                    }
                    fa = new FindingAcc(f);
                    acc.findings.put(key, fa);
                }
                fa.units++;
                fa.executions += f.count();
                fa.maxCount = Math.max(fa.maxCount, f.count());
            }
        }
    }

    DiagnosticsSnapshot snapshot(Instant since, Instant now, long unscoped) {
        List<DiagnosticsSnapshot.UnitStats> out = new ArrayList<>();
        for (Map.Entry<String, Acc> e : units.entrySet()) {
            Acc acc = e.getValue();
            synchronized (acc) {
                List<DiagnosticsSnapshot.FindingStats> findings = new ArrayList<>();
                for (FindingAcc fa : acc.findings.values()) {
                    Finding f = fa.first;
                    findings.add(new DiagnosticsSnapshot.FindingStats(f.kind(), f.fingerprint(), f.callSite(),
                            f.hint(), f.example(), fa.units, fa.executions, fa.maxCount));
                }
                findings.sort(Comparator.comparingLong(DiagnosticsSnapshot.FindingStats::executions).reversed());
                out.add(new DiagnosticsSnapshot.UnitStats(e.getKey(), acc.requests, acc.statements, acc.maxStatements,
                        acc.dbMicros, findings, acc.statementsAfterCommit, acc.failedRequests, acc.failedStatements));
            }
        }
        out.sort(Comparator.comparingLong(DiagnosticsSnapshot.UnitStats::statements).reversed()
                .thenComparing(DiagnosticsSnapshot.UnitStats::unit));
        return new DiagnosticsSnapshot(since, now, unscoped, out);
    }

    void reset() {
        units = new ConcurrentHashMap<>();
    }
}
