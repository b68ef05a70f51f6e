package dev.scalelab.diagnostics.detect;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StatementGroup;
import dev.scalelab.diagnostics.StatementKind;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.sql.FingerprintCache;
import dev.scalelab.diagnostics.sql.NormalizedSql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private final DetectionSettings settings;
    private final FingerprintCache fingerprints;
    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    private final Map<String, Map<Object, Repeat>> repeats = new HashMap<>();
    private int distinctParams;
    private int statements;
    private int infrastructure;
    private long micros;
    private int unanalysed;

    public UnitAnalysis(DetectionSettings settings, FingerprintCache fingerprints) {
        this.settings = settings;
        this.fingerprints = fingerprints;
    }

    private record GroupKey(String fingerprint, CallStack stack, boolean batch) {
    }

    private static final class Group {
        final NormalizedSql sql;
        final CallStack stack;
        final boolean batch;
        final Execution first;
        int count;
        long micros;
        int largestList;
        int minRows = Integer.MAX_VALUE;
        int minRowsExceptLast = Integer.MAX_VALUE;
        int lastRows = Integer.MIN_VALUE;
        Object firstKey;
        boolean differingParams;

        Group(NormalizedSql sql, CallStack stack, boolean batch, Execution first) {
            this.sql = sql;
            this.stack = stack;
            this.batch = batch;
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
        GroupKey key = new GroupKey(sql.fingerprint(), e.stack(), batch);
        Group g = groups.get(key);
        if (g == null) {
            if (groups.size() >= settings.maxGroups()) {
                unanalysed++;
                return;
            }
            g = new Group(sql, e.stack(), batch, e);
            groups.put(key, g);
        }
        g.count++;
        g.micros += e.durationMicros();
        g.largestList = Math.max(g.largestList, Math.max(sql.largestList(), Params.largestArray(e.params())));
        if (g.lastRows != Integer.MIN_VALUE) {
            g.minRowsExceptLast = Math.min(g.minRowsExceptLast, g.lastRows);
        }
        g.lastRows = e.rows();
        g.minRows = Math.min(g.minRows, e.rows());
        Object paramsKey = paramsKey(sql, e);
        if (g.count == 1) {
            g.firstKey = paramsKey;
        } else if (paramsKey == null || !paramsKey.equals(g.firstKey)) {
            g.differingParams = true;
        }
        if (sql.kind() == StatementKind.READ && !batch && paramsKey != null) {
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

    /** Runs the rules and produces the unit's report. */
    public UnitReport finish(String unit) {
        List<Finding> findings = new ArrayList<>();
        for (Group g : groups.values()) {
            if (isNPlusOne(g)) {
                findings.add(new Finding(Finding.Kind.N_PLUS_ONE, unit, g.sql.fingerprint(), g.count, g.micros,
                        g.stack.callSite(), g.stack.applicationFrames(), example(g.first),
                        Hints.nPlusOne(g.sql.fingerprint(), g.stack.origin())));
            }
        }
        for (Map.Entry<String, Map<Object, Repeat>> byFingerprint : repeats.entrySet()) {
            int count = 0;
            long totalMicros = 0;
            Repeat most = null;
            for (Repeat r : byFingerprint.getValue().values()) {
                if (r.count > 1) {
                    count += r.count;
                    if (most == null || r.count > most.count) {
                        most = r;
                    }
                }
            }
            if (most != null) {
                totalMicros = duplicateMicros(byFingerprint.getKey(), count);
                CallStack stack = most.first.stack();
                findings.add(new Finding(Finding.Kind.DUPLICATE, unit, byFingerprint.getKey(), count, totalMicros,
                        stack.callSite(), stack.applicationFrames(), example(most.first),
                        Hints.duplicate(most.count, stack.origin())));
            }
        }
        findings.sort(Comparator.comparingInt(Finding::count).reversed()
                .thenComparing(Finding::kind).thenComparing(Finding::fingerprint));
        return new UnitReport(unit, statements, micros, findings, statementGroups(), infrastructure);
    }

    /** Time of the repeated executions, estimated from the fingerprint's mean (per-execution times are not kept). */
    private long duplicateMicros(String fingerprint, int count) {
        long total = 0;
        int n = 0;
        for (Group g : groups.values()) {
            if (g.sql.fingerprint().equals(fingerprint) && !g.batch) {
                total += g.micros;
                n += g.count;
            }
        }
        return n == 0 ? 0 : Math.round((double) total / n * count);
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

    private List<StatementGroup> statementGroups() {
        Map<String, List<Group>> byFingerprint = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            byFingerprint.computeIfAbsent(g.sql.fingerprint(), k -> new ArrayList<>()).add(g);
        }
        List<StatementGroup> out = new ArrayList<>();
        for (List<Group> gs : byFingerprint.values()) {
            int count = 0;
            long total = 0;
            Set<CallStack> stacks = new HashSet<>();
            for (Group g : gs) {
                count += g.count;
                total += g.micros;
                stacks.add(g.stack);
            }
            Group first = gs.get(0);
            out.add(new StatementGroup(first.sql.fingerprint(), first.sql.kind(), count, total,
                    first.stack.callSite(), stacks.size()));
        }
        if (unanalysed > 0) {
            out.add(new StatementGroup("(not analysed: more than " + settings.maxGroups()
                    + " distinct statements in one unit)", StatementKind.OTHER, unanalysed, 0, "", 0));
        }
        out.sort(Comparator.comparingInt(StatementGroup::count).reversed());
        return out;
    }
}
