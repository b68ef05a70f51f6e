package dev.scalelab.diagnostics.trace;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.detect.CallStack;
import dev.scalelab.diagnostics.detect.DetectionSettings;
import dev.scalelab.diagnostics.detect.Execution;
import dev.scalelab.diagnostics.detect.FrameFilter;
import dev.scalelab.diagnostics.detect.FrameListStack;
import dev.scalelab.diagnostics.detect.UnitAnalysis;
import dev.scalelab.diagnostics.internal.Json;
import dev.scalelab.diagnostics.sql.FingerprintCache;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Offline analysis of a JSON Lines trace (the format of DESIGN.md): the same detection as the
 * live recorder, applied per unit of work.
 *
 * <p>Lines are grouped into units by {@code unitId} when present, else by {@code unit} name. A
 * malformed line (bad JSON, missing {@code unit} or {@code sql}, wrongly typed field, JSON nested
 * deeper than {@value dev.scalelab.diagnostics.internal.Json#MAX_DEPTH} levels, a line longer than
 * {@value TraceLines#MAX_LINE_CHARS} characters) is reported with its line number and skipped; the rest is still analysed. Blank lines are ignored. Unknown
 * fields are ignored. At most {@value #MAX_OPEN_UNITS} units are kept open; beyond that the
 * least recently seen one is finished (a unit whose lines are spread that far apart is analysed
 * in parts).
 *
 * <pre>{@code
 * TraceAnalysis result = TraceAnalyzer.builder().threshold(3).build().analyze(Path.of("trace.jsonl"));
 * System.out.println(result.toJson());
 * }</pre>
 */
public final class TraceAnalyzer {
    static final int MAX_OPEN_UNITS = 10_000;
    private static final int MAX_MALFORMED_MESSAGES = 1_000;

    private final DetectionSettings settings;
    private final FrameFilter filter;

    private TraceAnalyzer(DetectionSettings settings, FrameFilter filter) {
        this.settings = settings;
        this.filter = filter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of the analysis; defaults match the live recorder's. */
    public static final class Builder {
        private int threshold = DetectionSettings.DEFAULT_THRESHOLD;
        private boolean includeParameters;
        private final List<String> prefixes = new ArrayList<>(FrameFilter.DEFAULT_FRAMEWORK_PREFIXES);
        private final List<String> appPackages = new ArrayList<>();

        private Builder() {
        }

        /** Minimum repetitions for an N+1 finding (default 3, at least 2). */
        public Builder threshold(int n) {
            this.threshold = n;
            return this;
        }

        /** Whether finding examples show the parameter values found in the trace (default false). */
        public Builder includeParameters(boolean include) {
            this.includeParameters = include;
            return this;
        }

        public Builder addFrameworkPrefixes(String... more) {
            prefixes.addAll(List.of(more));
            return this;
        }

        public Builder frameworkPrefixes(List<String> replacement) {
            prefixes.clear();
            prefixes.addAll(replacement);
            return this;
        }

        /**
         * The application's own packages (default none), as {@code Diagnostics.Builder.appPackages}:
         * call sites are the innermost frame under one of them, also inside a framework prefix.
         */
        public Builder appPackages(Collection<String> packages) {
            appPackages.clear();
            appPackages.addAll(packages);
            return this;
        }

        /** {@link #appPackages(Collection)} with the packages as arguments. */
        public Builder appPackages(String... packages) {
            return appPackages(Arrays.asList(packages));
        }

        /** @throws IllegalArgumentException listing every invalid setting (threshold below 2, bad package names) */
        public TraceAnalyzer build() {
            DetectionSettings s = DetectionSettings.defaults().withIncludeParameters(includeParameters);
            List<String> problems = new ArrayList<>();
            if (threshold < 2) {
                problems.add("threshold: expected >= 2 (one execution is never a loop), found " + threshold);
            }
            problems.addAll(FrameFilter.checkAppPackages(appPackages));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new TraceAnalyzer(s.withThreshold(threshold), new FrameFilter(prefixes, appPackages));
        }
    }

    /**
     * Analyses a trace file.
     *
     * @throws NotTextException when a line is not UTF-8 text (a binary file), naming the line
     * @throws IOException       when the file cannot be read (missing, unreadable)
     */
    public TraceAnalysis analyze(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return analyze(TraceLines.of(in));
        }
    }

    /** Analyses trace lines from a reader (not closed). */
    public TraceAnalysis analyze(Reader reader) throws IOException {
        return analyze(TraceLines.of(reader));
    }

    private TraceAnalysis analyze(TraceLines in) throws IOException {
        FingerprintCache fingerprints = new FingerprintCache(10_000);
        Map<String, FindingAcc> findings = new LinkedHashMap<>();
        int[] units = {0};
        Map<Object, OpenUnit> open = new LinkedHashMap<>(256, 0.75f, true);
        List<String> malformed = new ArrayList<>();
        int malformedCount = 0;
        long statements = 0;
        Map<List<String>, CallStack> stacks = new HashMap<>();
        String line;
        int number = 0;
        while ((line = in.next()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Parsed p;
            try {
                if (line == TraceLines.TOO_LONG) {
                    throw new Malformed("longer than " + TraceLines.MAX_LINE_CHARS + " characters; skipped (a trace "
                            + "line is one statement)");
                }
                p = parse(line, stacks);
            } catch (Malformed | Json.ParseException e) {
                malformedCount++;
                if (malformed.size() < MAX_MALFORMED_MESSAGES) {
                    malformed.add("line " + number + ": " + e.getMessage());
                }
                continue;
            }
            statements++;
            OpenUnit u = open.get(p.key);
            if (u == null) {
                u = new OpenUnit(p.unit, new UnitAnalysis(settings, fingerprints));
                open.put(p.key, u);
                units[0]++;
                if (open.size() > MAX_OPEN_UNITS) {
                    Iterator<OpenUnit> eldest = open.values().iterator();
                    finish(eldest.next(), findings);
                    eldest.remove();
                }
            }
            u.name = p.unit;
            u.analysis.add(p.execution);
        }
        for (OpenUnit u : open.values()) {
            finish(u, findings);
        }
        if (malformedCount > malformed.size()) {
            malformed.add("… and " + (malformedCount - malformed.size()) + " more malformed lines");
        }
        List<TraceAnalysis.TraceFinding> out = new ArrayList<>();
        for (FindingAcc acc : findings.values()) {
            out.add(new TraceAnalysis.TraceFinding(acc.largest, acc.units));
        }
        out.sort(Comparator.comparingInt((TraceAnalysis.TraceFinding f) -> f.finding().count()).reversed()
                .thenComparing(f -> f.finding().unit()).thenComparing(f -> f.finding().fingerprint()));
        return new TraceAnalysis(out, units[0], statements, malformed);
    }

    private static final class OpenUnit {
        String name;
        final UnitAnalysis analysis;

        OpenUnit(String name, UnitAnalysis analysis) {
            this.name = name;
            this.analysis = analysis;
        }
    }

    private static final class FindingAcc {
        Finding largest;
        int units;
    }

    private static void finish(OpenUnit u, Map<String, FindingAcc> findings) {
        UnitReport report = u.analysis.finish(u.name);
        for (Finding f : report.findings()) {
            String key = f.kind() + "\u0000" + f.unit() + "\u0000" + f.fingerprint() + "\u0000" + f.stack();
            FindingAcc acc = findings.computeIfAbsent(key, k -> new FindingAcc());
            acc.units++;
            if (acc.largest == null || f.count() > acc.largest.count()) {
                acc.largest = f;
            }
        }
    }

    private record Parsed(Object key, String unit, Execution execution) {
    }

    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    @SuppressWarnings("unchecked")
    private Parsed parse(String line, Map<List<String>, CallStack> stacks) throws Malformed, Json.ParseException {
        Object root = Json.parse(line);
        if (!(root instanceof Map<?, ?>)) {
            throw new Malformed("expected a JSON object, found " + describe(root));
        }
        Map<String, Object> m = (Map<String, Object>) root;
        String unit = requiredString(m, "unit");
        String sql = requiredString(m, "sql");
        List<Object> params = null;
        Object rawParams = m.get("params");
        if (rawParams instanceof List<?> list) {
            params = new ArrayList<>(list);
        } else if (rawParams != null) {
            throw new Malformed("\"params\": expected an array, found " + describe(rawParams));
        }
        Long paramsHash = null;
        Object rawHash = m.get("paramsHash");
        if (rawHash instanceof String s) {
            try {
                paramsHash = Long.parseUnsignedLong(s, 16);
            } catch (NumberFormatException e) {
                throw new Malformed("\"paramsHash\": expected hexadecimal digits, found \"" + s + "\"");
            }
        } else if (rawHash != null) {
            throw new Malformed("\"paramsHash\": expected a string, found " + describe(rawHash));
        }
        int batchSize = (int) optionalCount(m, "batchSize", 0);
        long micros = optionalCount(m, "durationMicros", 0);
        int rows = (int) optionalCount(m, "rows", -1);
        CallStack stack = CallStack.NONE;
        Object rawStack = m.get("stack");
        if (rawStack instanceof List<?> frames) {
            List<String> text = new ArrayList<>(frames.size());
            for (Object f : frames) {
                if (!(f instanceof String s)) {
                    throw new Malformed("\"stack\": expected an array of strings, found " + describe(f) + " in it");
                }
                text.add(s);
            }
            stack = stacks.computeIfAbsent(text, t -> new FrameListStack(t, filter));
        } else if (rawStack != null) {
            throw new Malformed("\"stack\": expected an array of strings, found " + describe(rawStack));
        }
        Object thread = m.get("thread");
        Object key = unit;
        Object unitId = m.get("unitId");
        if (unitId instanceof Long id) {
            key = id;
        } else if (unitId != null) {
            throw new Malformed("\"unitId\": expected an integer, found " + describe(unitId));
        }
        return new Parsed(key, unit, new Execution(sql, params, paramsHash, batchSize, micros, rows, stack,
                thread instanceof String s ? s : ""));
    }

    private static String requiredString(Map<String, Object> m, String field) throws Malformed {
        Object v = m.get(field);
        if (v == null) {
            throw new Malformed("missing required field \"" + field + "\"");
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Malformed("\"" + field + "\": expected a non-empty string, found " + describe(v));
        }
        return s;
    }

    private static long optionalCount(Map<String, Object> m, String field, long absent) throws Malformed {
        Object v = m.get(field);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Long n) || n < 0 || n > Integer.MAX_VALUE && !field.equals("durationMicros")) {
            throw new Malformed("\"" + field + "\": expected a non-negative integer, found " + describe(v));
        }
        return n;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return Json.quote(s.length() > 40 ? s.substring(0, 39) + "…" : s);
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return String.valueOf(v);
    }
}
