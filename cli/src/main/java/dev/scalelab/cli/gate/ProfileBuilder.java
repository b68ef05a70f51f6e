package dev.scalelab.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.gate.QueryProfile.Route;
import dev.scalelab.cli.gate.QueryProfile.Statement;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.sql.SqlNormalizer;
import dev.scalelab.diagnostics.trace.TraceAnalysis;
import dev.scalelab.diagnostics.detect.FrameFilter;
import dev.scalelab.diagnostics.trace.TraceAnalyzer;
import dev.scalelab.loadtests.record.ClientResults;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a {@link QueryProfile} from what one QueryProfile run left behind: the app's statement trace (per request:
 * every statement with its call stack) and the client's results (which routes answered as expected).
 */
public final class ProfileBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> appPackages;
    private final FrameFilter frames;

    public ProfileBuilder() {
        this(List.of());
    }

    /**
     * With {@code appPackages} (the gate's {@code --app-packages}) a frame under one of them is the application's, also
     * under a framework prefix; call sites and N+1 findings are read that way.
     */
    public ProfileBuilder(List<String> appPackages) {
        this.appPackages = List.copyOf(appPackages);
        this.frames = new FrameFilter(FrameFilter.DEFAULT_FRAMEWORK_PREFIXES, appPackages);
    }

    /** From a trace (fingerprints, call sites, N+1) and the client results (routes exercised, errors). */
    public QueryProfile fromTrace(String target, Path trace, ClientResults client) throws IOException {
        return fromTrace(target, trace, exercised(client));
    }

    /**
     * From a workload's profile run: per route, statement counts from the app's trace when there is one, else from
     * its diagnostics snapshot (a unit of the route's name), else from {@code Server-Timing}.
     *
     * @param uncounted receives the routes no source counted (they are profiled with 0 statements)
     */
    public QueryProfile fromWorkload(String target, Map<String, WorkloadProfiler.Tally> tallies,
                                     Optional<Map<String, SnapshotClient.Unit>> snapshot, Path trace,
                                     List<String> uncounted) throws IOException {
        Map<String, long[]> exercised = new TreeMap<>();
        tallies.forEach((route, t) -> exercised.put(route, new long[] {t.requests(), t.errors()}));
        if (trace != null) {
            return fromTrace(target, trace, exercised);
        }
        Map<String, Route> routes = new TreeMap<>();
        tallies.forEach((route, t) -> {
            SnapshotClient.Unit unit = snapshot.map(m -> m.get(route)).orElse(null);
            int statements;
            List<String> nPlusOne = List.of();
            if (unit != null) {
                statements = unit.maxStatements();
                nPlusOne = unit.nPlusOne();
            } else if (t.statements() >= 0) {
                statements = t.statements();
            } else {
                statements = 0;
                uncounted.add(route);
            }
            routes.put(route, new Route(t.requests(), t.errors(), statements, Map.of(), nPlusOne, null));
        });
        return new QueryProfile(QueryProfile.SCHEMA_VERSION, target, routes);
    }

    private QueryProfile fromTrace(String target, Path trace, Map<String, long[]> exercised) throws IOException {
        Map<String, Map<Long, Map<String, Integer>>> counts = new TreeMap<>();   // route -> unitId -> fingerprint -> n
        Map<String, String> callSites = new HashMap<>();                          // route + fingerprint -> call site
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                String unit = n.path("unit").asText();
                long unitId = n.path("unitId").asLong(-1);
                String fingerprint = SqlNormalizer.normalize(n.path("sql").asText()).fingerprint();
                counts.computeIfAbsent(unit, k -> new LinkedHashMap<>())
                        .computeIfAbsent(unitId, k -> new TreeMap<>())
                        .merge(fingerprint, 1, Integer::sum);
                callSites.computeIfAbsent(unit + "\u0000" + fingerprint, k -> callSite(n.path("stack")).orElse(null));
            }
        }
        TraceAnalysis analysis = TraceAnalyzer.builder().appPackages(appPackages).build().analyze(trace);
        Map<String, List<String>> nPlusOne = new HashMap<>();
        for (TraceAnalysis.TraceFinding tf : analysis.findings()) {
            Finding f = tf.finding();
            if (f.kind() == Finding.Kind.N_PLUS_ONE) {
                nPlusOne.computeIfAbsent(f.unit(), k -> new ArrayList<>()).add(f.fingerprint() + " at " + f.callSite());
            }
        }
        Map<String, Route> routes = new TreeMap<>();
        for (Map.Entry<String, long[]> e : exercised.entrySet()) {
            String route = e.getKey();
            Map<Long, Map<String, Integer>> units = counts.getOrDefault(route, Map.of());
            int worst = units.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum())
                    .max().orElse(0);
            Map<String, Statement> statements = new TreeMap<>();
            for (Map<String, Integer> perUnit : units.values()) {
                perUnit.forEach((fp, n) -> statements.merge(fp, new Statement(n, callSites.get(route + "\u0000" + fp)),
                        (a, b) -> a.perRequest() >= b.perRequest() ? a : b));
            }
            routes.put(route, new Route((int) e.getValue()[0], (int) e.getValue()[1], worst, statements,
                    nPlusOne.getOrDefault(route, List.of()), null));
        }
        return new QueryProfile(QueryProfile.SCHEMA_VERSION, target, routes);
    }

    /** Without a trace: statement counts from the Server-Timing headers only (no fingerprints, no N+1). */
    public QueryProfile fromHeaders(String target, ClientResults client) {
        Map<String, Route> routes = new TreeMap<>();
        Map<String, Integer> worst = new HashMap<>();
        for (ClientResults.RouteResult r : client.routes()) {
            if (r.statements() != null) {
                worst.merge(r.name(), (int) r.statements().max(), Math::max);
            }
        }
        exercised(client).forEach((route, n) -> routes.put(route,
                new Route((int) n[0], (int) n[1], worst.getOrDefault(route, 0), Map.of(), List.of(), null)));
        return new QueryProfile(QueryProfile.SCHEMA_VERSION, target, routes);
    }

    /** Requests and KOs per route (audiences merged). */
    private static Map<String, long[]> exercised(ClientResults client) {
        Map<String, long[]> out = new TreeMap<>();
        for (ClientResults.RouteResult r : client.routes()) {
            long[] n = out.computeIfAbsent(r.name(), k -> new long[2]);
            n[0] += r.requests();
            n[1] += r.ko();
        }
        out.values().removeIf(n -> n[0] == 0);
        return out;
    }

    /** The first application frame of a stack, as {@code Class.method(File.java:42)}. */
    Optional<String> callSite(JsonNode stack) {
        for (JsonNode frame : stack) {
            String f = frame.asText();
            if (!f.endsWith("(Unknown Source)") && !frames.isFramework(FrameFilter.classOf(f))) {
                return Optional.of(simpleName(f));
            }
        }
        return Optional.empty();
    }

    static String simpleName(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        int method = head.lastIndexOf('.');
        int cls = method <= 0 ? -1 : head.lastIndexOf('.', method - 1);
        return cls < 0 ? frame : frame.substring(cls + 1);
    }
}
