package dev.scalelab.diagnostics.detect;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StatementGroup;
import dev.scalelab.diagnostics.StatementKind;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.sql.FingerprintCache;
import dev.scalelab.diagnostics.sql.NormalizedSql;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
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
 *       the executions of every repeated parameter set, with each call site and its count.</li>
 * </ul>
 * One loop is one finding: the reads an N+1 loop repeats with a parameter set it already used are
 * part of its N+1 finding (its hint says how many), not a duplicate finding as well.
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

    /** The executions of one read with one parameter set, by call stack. */
    private static final class Repeat {
        final Execution first;
        int count;
        /** Stacks not resolved yet (the fingerprint had not been partitioned), in order. */
        List<CallStack> unresolved;
        /** Executions by call stack, in order of first appearance; complete after {@link #sites()}. */
        Map<CallStack, int[]> bySite;

        Repeat(Execution first) {
            this.first = first;
        }

        void add(CallStack stack, boolean resolved) {
            count++;
            if (resolved) {
                count(stack, 1);
            } else {
                if (unresolved == null) {
                    unresolved = new ArrayList<>(2);
                }
                unresolved.add(stack);
            }
        }

        private void count(CallStack stack, int n) {
            if (bySite == null) {
                bySite = new LinkedHashMap<>(4);
            }
            int[] c = bySite.get(stack);
            if (c == null) {
                bySite.put(stack, new int[]{n});
            } else {
                c[0] += n;
            }
        }

        /** Executions by call stack (resolves the stacks of executions seen before partitioning). */
        Map<CallStack, int[]> sites() {
            if (unresolved != null) {
                Map<CallStack, int[]> later = bySite;
                bySite = null;
                for (CallStack s : unresolved) {
                    count(s, 1);
                }
                unresolved = null;
                if (later != null) {
                    for (Map.Entry<CallStack, int[]> e : later.entrySet()) {
                        count(e.getKey(), e.getValue()[0]);
                    }
                }
            }
            return bySite == null ? Map.of() : bySite;
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
                countRepeat(firstSql, s.first, paramsKey(firstSql, s.first), s.unpartitioned == null);
            }
            countRepeat(sql, e, paramsKey, s.unpartitioned == null);
        }
    }

    /** {@code resolved}: the execution's stack was resolved already (its fingerprint is partitioned). */
    private void countRepeat(NormalizedSql sql, Execution e, Object paramsKey, boolean resolved) {
        if (paramsKey == null) {
            return;
        }
        Map<Object, Repeat> byParams = repeats.computeIfAbsent(sql.fingerprint(), k -> new LinkedHashMap<>());
        Repeat r = byParams.get(paramsKey);
        if (r == null && distinctParams < settings.maxDistinctParams()) {
            r = new Repeat(e);
            byParams.put(paramsKey, r);
            distinctParams++;
        }
        if (r != null) {
            r.add(e.stack(), resolved);
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
        Map<String, List<CallStack>> loops = new HashMap<>();
        for (Statements s : byFingerprint.values()) {
            if (s.groups == null) {
                continue; // fewer executions than the threshold: not a loop
            }
            for (Group g : s.groups.values()) {
                if (isNPlusOne(g)) {
                    loops.computeIfAbsent(g.sql.fingerprint(), k -> new ArrayList<>()).add(g.stack);
                    String hint = Hints.nPlusOne(g.sql.fingerprint(), g.stack.origin())
                            + repeatedInLoop(g);
                    findings.add(new Finding(Finding.Kind.N_PLUS_ONE, unit, g.sql.fingerprint(), g.count, g.micros,
                            g.stack.callSite(), g.stack.applicationFrames(), example(g.first), hint));
                }
            }
        }
        for (Map.Entry<String, Map<Object, Repeat>> byParams : repeats.entrySet()) {
            Finding f = duplicate(unit, byParams.getKey(), byParams.getValue().values(),
                    loops.getOrDefault(byParams.getKey(), List.of()));
            if (f != null) {
                findings.add(f);
            }
        }
        findings.sort(Comparator.comparingInt(Finding::count).reversed()
                .thenComparing(Finding::kind).thenComparing(Finding::fingerprint));
        return new UnitReport(unit, statements, micros, findings, new LazyGroups(), infrastructure);
    }

    /**
     * The loop's own repeated reads, which are part of its N+1 finding rather than a duplicate finding
     * of their own: {@code "; 20 of the 30 reads repeated a key this loop had read already (10 distinct keys)"}.
     */
    private String repeatedInLoop(Group g) {
        Map<Object, Repeat> byParams = repeats.get(g.sql.fingerprint());
        if (byParams == null || g.batch) {
            return "";
        }
        int again = 0;
        for (Repeat r : byParams.values()) {
            if (r.count > 1) {
                int[] here = r.sites().get(g.stack);
                if (here != null && here[0] > 1) {
                    again += here[0] - 1;
                }
            }
        }
        return again == 0 ? "" : "; " + again + " of the " + g.count + " reads repeated a key this loop had read"
                + " already (" + (g.count - again) + " distinct keys)";
    }

    /**
     * The duplicate finding of one fingerprint: the parameter sets read more than once outside its N+1
     * loops (a loop's own repeats belong to its N+1 finding), with every call site and its count.
     */
    private Finding duplicate(String unit, String fingerprint, Collection<Repeat> byParams, List<CallStack> loops) {
        List<Integer> timesPerResult = new ArrayList<>();
        Map<CallStack, int[]> sites = new LinkedHashMap<>();
        Repeat most = null;
        int mostTimes = 0;
        for (Repeat r : byParams) {
            if (r.count < 2) {
                continue;
            }
            int times = 0;
            for (Map.Entry<CallStack, int[]> site : r.sites().entrySet()) {
                if (!loops.contains(site.getKey())) {
                    times += site.getValue()[0];
                }
            }
            if (times < 2) {
                continue;
            }
            timesPerResult.add(times);
            for (Map.Entry<CallStack, int[]> site : r.sites().entrySet()) {
                if (!loops.contains(site.getKey())) {
                    sites.computeIfAbsent(site.getKey(), k -> new int[1])[0] += site.getValue()[0];
                }
            }
            if (times > mostTimes) {
                most = r;
                mostTimes = times;
            }
        }
        if (most == null) {
            return null;
        }
        timesPerResult.sort(Comparator.reverseOrder());
        int count = timesPerResult.stream().mapToInt(Integer::intValue).sum();
        List<Map.Entry<CallStack, int[]>> ordered = new ArrayList<>(sites.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<CallStack, int[]> e) -> e.getValue()[0]).reversed());
        List<CallStack> stacks = ordered.stream().map(Map.Entry::getKey).toList();
        List<Finding.Site> out = new ArrayList<>();
        for (int i = 0; i < stacks.size(); i++) {
            out.add(new Finding.Site(siteLabel(stacks, i), ordered.get(i).getValue()[0]));
        }
        CallStack top = stacks.get(0);
        return new Finding(Finding.Kind.DUPLICATE, unit, fingerprint, count, duplicateMicros(fingerprint, count),
                top.callSite(), top.applicationFrames(), example(most.first),
                Hints.duplicate(timesPerResult, top.origin()), out);
    }

    /**
     * The site's innermost application frame, followed by as many callers as it takes to tell it from
     * the other sites: {@code Settings.get(Settings.java:9) ← Header.render(Header.java:4)}.
     */
    static String siteLabel(List<CallStack> stacks, int index) {
        List<String> mine = stacks.get(index).applicationFrames();
        if (mine.isEmpty()) {
            return stacks.get(index).callSite();
        }
        int depth = 1;
        while (depth < mine.size() && sharesPrefix(stacks, index, depth)) {
            depth++;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(i == 0 ? "" : Finding.ARROW).append(CallStack.withoutPackage(mine.get(i)));
        }
        return b.toString();
    }

    /** Whether another site's first {@code depth} application frames are this site's. */
    private static boolean sharesPrefix(List<CallStack> stacks, int index, int depth) {
        List<String> mine = stacks.get(index).applicationFrames().subList(0, depth);
        for (int j = 0; j < stacks.size(); j++) {
            List<String> other = stacks.get(j).applicationFrames();
            if (j != index && other.size() >= depth && other.subList(0, depth).equals(mine)) {
                return true;
            }
        }
        return false;
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
