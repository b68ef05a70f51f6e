package dev.scalelab.diagnostics.detect;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StatementGroup;
import dev.scalelab.diagnostics.StatementKind;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.sql.FingerprintCache;
import dev.scalelab.diagnostics.sql.NormalizedSql;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running analysis of one unit: statements are folded in one at a time into per-(fingerprint,
 * call stack) aggregates, so memory depends on how many distinct statements ran, not how many.
 * Not thread-safe; the owner serializes {@link #add}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>N+1</b>: a {@link StatementKind#READ} fingerprint executed at least {@code threshold}
 *       times from one application call stack, with at least two different parameter sets; not
 *       when it is a JDBC batch, loads a list of keys ({@code IN (?, ?)} or {@code ANY(?)} with
 *       two or more elements in any execution — chunked list loads), pages through a result
 *       ({@code LIMIT}/{@code OFFSET}/{@code FETCH} with every page but the last reading 2+ rows),
 *       or reads at least {@code manyRows} rows in every execution.</li>
 *   <li><b>DUPLICATE</b>: a read fingerprint executed more than once with identical parameters
 *       (and identical literals), from anywhere in the unit; one finding per fingerprint, counting
 *       the executions of every repeated parameter set.</li>
 * </ul>
 * Parameters unknown (a redacted trace without hashes) count as differing, never as identical.
 */
public final class UnitAnalysis {
    /**
     * Executions of one fingerprint kept without looking at their call stacks. Resolving a captured
     * stack (materializing its frames) is the dearest part of recording; a statement that runs fewer
     * times than the threshold in a unit cannot be an N+1, so its stack is only resolved when a report
     * asks for its call site. Past this many, a fingerprint is partitioned by call stack as it runs.
     */
    static final int MAX_UNPARTITIONED = 64;

    private final DetectionSettings settings;
    private final FingerprintCache fingerprints;
    private final int partitionAt;
    private final Map<FingerprintKey, Statements> byFingerprint = new LinkedHashMap<>();
    private final Map<String, Map<Object, Repeat>> repeats = new HashMap<>();
    private int groupCount;
    private int distinctParams;
    private int statements;
    private int infrastructure;
    private long micros;
    private int unanalysed;

    public UnitAnalysis(DetectionSettings settings, FingerprintCache fingerprints) {
        this.settings = settings;
        this.fingerprints = fingerprints;
        this.partitionAt = Math.min(settings.threshold(), MAX_UNPARTITIONED);
    }

    private record FingerprintKey(String fingerprint, boolean batch) {
    }

    /** All executions of one fingerprint (batches apart): first unpartitioned, then by call stack. */
    private static final class Statements {
        final NormalizedSql sql;
        final boolean batch;
        final Execution first;
        int count;
        long micros;
        /** Executions in order while fewer than {@code partitionAt}; null once partitioned. */
        List<Execution> unpartitioned = new ArrayList<>(2);
        /** By call stack, once partitioned (or when a report needs it). */
        Map<CallStack, Group> groups;

        Statements(NormalizedSql sql, boolean batch, Execution first) {
            this.sql = sql;
            this.batch = batch;
            this.first = first;
        }
    }

    /** Executions of one fingerprint from one call stack. */
    private static final class Group {
        final NormalizedSql sql;
        final boolean batch;
        final CallStack stack;
        final Execution first;
        int count;
        long micros;
        int largestList;
        int minRows = Integer.MAX_VALUE;
        int minRowsExceptLast = Integer.MAX_VALUE;
        int lastRows = Integer.MIN_VALUE;
        Object firstKey;
        boolean differingParams;

        Group(NormalizedSql sql, boolean batch, Execution first) {
            this.sql = sql;
            this.batch = batch;
            this.stack = first.stack();
            this.first = first;
        }
    }

    private static final class Repeat {
        final Execution first;
        int count;

        Repeat(Execution first) {
            this.first = first;
        }
    }

    public int statements() {
        return statements;
    }

    public long micros() {
        return micros;
    }

    public void add(Execution e) {
        NormalizedSql sql = fingerprints.normalize(e.sql());
        statements++;
        micros += e.durationMicros();
        if (sql.kind() == StatementKind.INFRASTRUCTURE) {
            infrastructure++;
        }
        boolean batch = e.batchSize() > 0;
        FingerprintKey key = new FingerprintKey(sql.fingerprint(), batch);
        Statements s = byFingerprint.get(key);
        if (s == null) {
            if (groupCount >= settings.maxGroups()) {
                unanalysed++;
                return;
            }
            s = new Statements(sql, batch, e);
            byFingerprint.put(key, s);
            groupCount++;
        }
        s.count++;
        s.micros += e.durationMicros();
        boolean partitioned = s.unpartitioned == null;
        // duplicates need a second execution: a read that ran once costs no parameter bookkeeping
        boolean repeatedRead = sql.kind() == StatementKind.READ && !batch && s.count > 1;
        Object paramsKey = partitioned || repeatedRead ? paramsKey(sql, e) : null;
        if (partitioned) {
            addToGroup(s, e, sql, paramsKey);
        } else {
            s.unpartitioned.add(e);
            if (s.unpartitioned.size() >= partitionAt) {
                partition(s);
            }
        }
        if (repeatedRead) {
            if (s.count == 2) {
                NormalizedSql firstSql = fingerprints.normalize(s.first.sql());
                countRepeat(firstSql, s.first, paramsKey(firstSql, s.first));
            }
            countRepeat(sql, e, paramsKey);
        }
    }

    private void countRepeat(NormalizedSql sql, Execution e, Object paramsKey) {
        if (paramsKey == null) {
            return;
        }
        Map<Object, Repeat> byParams = repeats.computeIfAbsent(sql.fingerprint(), k -> new HashMap<>());
        Repeat r = byParams.get(paramsKey);
        if (r == null && distinctParams < settings.maxDistinctParams()) {
            r = new Repeat(e);
            byParams.put(paramsKey, r);
            distinctParams++;
        }
        if (r != null) {
            r.count++;
        }
    }

    /** Splits a fingerprint's executions by call stack (this resolves their stacks). */
    private void partition(Statements s) {
        List<Execution> kept = s.unpartitioned;
        s.unpartitioned = null;
        s.groups = new LinkedHashMap<>();
        for (Execution e : kept) {
            NormalizedSql sql = fingerprints.normalize(e.sql());
            addToGroup(s, e, sql, paramsKey(sql, e));
        }
    }

    /** {@code sql} is this execution's own normalized form: its literals and list lengths. */
    private void addToGroup(Statements s, Execution e, NormalizedSql sql, Object paramsKey) {
        Group g = s.groups.get(e.stack());
        if (g == null) {
            if (!s.groups.isEmpty() && groupCount >= settings.maxGroups()) {
                s.count--;
                s.micros -= e.durationMicros();
                unanalysed++;
                return;
            }
            g = new Group(s.sql, s.batch, e);
            s.groups.put(e.stack(), g);
            if (s.groups.size() > 1) {
                groupCount++;
            }
        }
        g.count++;
        g.micros += e.durationMicros();
        g.largestList = Math.max(g.largestList, Math.max(sql.largestList(), Params.largestArray(e.params())));
        if (g.lastRows != Integer.MIN_VALUE) {
            g.minRowsExceptLast = Math.min(g.minRowsExceptLast, g.lastRows);
        }
        g.lastRows = e.rows();
        g.minRows = Math.min(g.minRows, e.rows());
        if (g.count == 1) {
            g.firstKey = paramsKey;
        } else if (paramsKey == null || !paramsKey.equals(g.firstKey)) {
            g.differingParams = true;
        }
    }

    /** Literals plus bound values; {@code null} when the values are unknown. */
    private static Object paramsKey(NormalizedSql sql, Execution e) {
        List<Object> key = new ArrayList<>(sql.literals().size() + 1);
        key.addAll(sql.literals());
        if (e.params() != null) {
            for (Object p : e.params()) {
                key.add(Params.canonical(p));
            }
        } else if (e.paramsHash() != null) {
            key.add(e.paramsHash());
        } else if (!e.sql().contains("?") && !e.sql().contains("$")) {
            return key; // no bind markers: the literals are the whole identity
        } else {
            return null;
        }
        return key;
    }

    /**
     * Runs the rules and produces the unit's report. The report's statement groups (with their call
     * sites) are worked out when first read, so a unit whose report only feeds counters never resolves
     * the stacks of statements that ran once.
     */
    public UnitReport finish(String unit) {
        List<Finding> findings = new ArrayList<>();
        for (Statements s : byFingerprint.values()) {
            if (s.groups == null) {
                continue; // fewer executions than the threshold: not a loop
            }
            for (Group g : s.groups.values()) {
                if (isNPlusOne(g)) {
                    findings.add(new Finding(Finding.Kind.N_PLUS_ONE, unit, g.sql.fingerprint(), g.count, g.micros,
                            g.stack.callSite(), g.stack.applicationFrames(), example(g.first),
                            Hints.nPlusOne(g.sql.fingerprint(), g.stack.origin())));
                }
            }
        }
        for (Map.Entry<String, Map<Object, Repeat>> byParams : repeats.entrySet()) {
            int count = 0;
            Repeat most = null;
            for (Repeat r : byParams.getValue().values()) {
                if (r.count > 1) {
                    count += r.count;
                    if (most == null || r.count > most.count) {
                        most = r;
                    }
                }
            }
            if (most != null) {
                long totalMicros = duplicateMicros(byParams.getKey(), count);
                CallStack stack = most.first.stack();
                findings.add(new Finding(Finding.Kind.DUPLICATE, unit, byParams.getKey(), count, totalMicros,
                        stack.callSite(), stack.applicationFrames(), example(most.first),
                        Hints.duplicate(most.count, stack.origin())));
            }
        }
        findings.sort(Comparator.comparingInt(Finding::count).reversed()
                .thenComparing(Finding::kind).thenComparing(Finding::fingerprint));
        return new UnitReport(unit, statements, micros, findings, new LazyGroups(), infrastructure);
    }

    /** Time of the repeated executions, estimated from the fingerprint's mean (per-execution times are not kept). */
    private long duplicateMicros(String fingerprint, int count) {
        Statements s = byFingerprint.get(new FingerprintKey(fingerprint, false));
        return s == null || s.count == 0 ? 0 : Math.round((double) s.micros / s.count * count);
    }

    private boolean isNPlusOne(Group g) {
        if (g.sql.kind() != StatementKind.READ || g.batch || g.count < settings.threshold() || !g.differingParams) {
            return false;
        }
        if (g.largestList >= 2 || (g.sql.anyParameter() && g.largestList == 0 && g.first.params() == null)) {
            return false; // list loads: one IN/ANY statement, or a loop of chunks
        }
        if (g.sql.paged() && g.minRowsExceptLast >= 2) {
            return false; // keyset/offset pagination: each page reads many rows
        }
        return g.minRows < settings.manyRows(); // every execution reads many rows: bulk processing
    }

    private String example(Execution e) {
        NormalizedSql sql = fingerprints.normalize(e.sql());
        int values = (e.params() == null ? 0 : e.params().size());
        if (settings.includeParameters()) {
            String params = e.params() == null ? "" : " -- parameters: " + Params.renderList(e.params());
            return e.sql().strip() + params;
        }
        String text = sql.literals().isEmpty() ? e.sql().strip() : sql.fingerprint();
        return values == 0 ? text : text + " -- parameters: redacted (" + values + ")";
    }

    private synchronized List<StatementGroup> statementGroups() {
        List<StatementGroup> out = new ArrayList<>();
        for (Statements s : byFingerprint.values()) {
            if (s.count == 0) {
                continue;
            }
            if (s.groups == null) {
                partition(s);
            }
            Group first = s.groups.values().iterator().next();
            out.add(new StatementGroup(s.sql.fingerprint(), s.sql.kind(), s.count, s.micros,
                    first.stack.callSite(), s.groups.size()));
        }
        if (unanalysed > 0) {
            out.add(new StatementGroup("(not analysed: more than " + settings.maxGroups()
                    + " distinct statements in one unit)", StatementKind.OTHER, unanalysed, 0, "", 0));
        }
        out.sort(Comparator.comparingInt(StatementGroup::count).reversed());
        return List.copyOf(out);
    }

    /** The report's statement groups, worked out on first read. */
    private final class LazyGroups extends AbstractList<StatementGroup> implements UnitReport.Deferred {
        private volatile List<StatementGroup> groups;

        private List<StatementGroup> groups() {
            List<StatementGroup> g = groups;
            if (g == null) {
                g = statementGroups();
                groups = g;
            }
            return g;
        }

        @Override
        public StatementGroup get(int index) {
            return groups().get(index);
        }

        @Override
        public int size() {
            return groups().size();
        }
    }
}
