package dev.scalelab.cli.ladder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.app.tasks.TaskStats;
import dev.scalelab.cli.proc.PostgresSampler;
import dev.scalelab.cli.proc.QueueSampler;
import dev.scalelab.cli.proc.ResourceSampler;
import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.record.ClientResults.RouteResult;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.ConnectionErrorExample;
import dev.scalelab.reports.model.CpuServer;
import dev.scalelab.reports.model.Finding;
import dev.scalelab.reports.model.HostCpu;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.LeakExample;
import dev.scalelab.reports.model.ProcessResources;
import dev.scalelab.reports.model.QueueSample;
import dev.scalelab.reports.model.Resources;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.TimeSample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns what a step measured (client results, diagnostics snapshot, samplers) into the summary's values. */
final class ResultMapping {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultMapping() {
    }

    static Latency latency(ClientResults.Latency l) {
        if (l == null || l.count() == 0) {
            return null;
        }
        return new Latency(l.p50(), l.p95(), l.p99(), l.max());
    }

    /** Routes by request name; audiences of one route are merged (histograms, counts, statements, cache). */
    static Map<String, RouteStats> routes(ClientResults r) {
        Map<String, List<RouteResult>> byName = new LinkedHashMap<>();
        for (RouteResult rr : r.routes()) {
            byName.computeIfAbsent(rr.name(), k -> new ArrayList<>()).add(rr);
        }
        Map<String, RouteStats> out = new LinkedHashMap<>();
        byName.forEach((name, parts) -> out.put(name, merge(parts)));
        return out;
    }

    private static RouteStats merge(List<RouteResult> parts) {
        long requests = 0;
        long ko = 0;
        Histogram h = null;
        double statementSum = 0;
        long statementResponses = 0;
        long hits = 0;
        long misses = 0;
        boolean consulted = false;
        for (RouteResult p : parts) {
            requests += p.requests();
            ko += p.ko();
            if (p.latencyMs() != null && p.latencyMs().count() > 0) {
                Histogram ph = p.latencyMs().histogram();
                if (h == null) {
                    h = ph.copy();
                } else {
                    h.add(ph);
                }
            }
            if (p.statements() != null && p.statements().responses() > 0) {
                statementSum += p.statements().mean() * p.statements().responses();
                statementResponses += p.statements().responses();
            }
            if (p.cache() != null && p.cache().consulted()) {
                consulted = true;
                hits += p.cache().hits();
                misses += p.cache().misses();
            }
        }
        Latency lat = h == null || h.getTotalCount() == 0 ? null : new Latency(h.getValueAtPercentile(50),
                h.getValueAtPercentile(95), h.getValueAtPercentile(99), h.getMaxValue());
        Double statements = statementResponses == 0 ? null : statementSum / statementResponses;
        Double hitRate = consulted && hits + misses > 0 ? (double) hits / (hits + misses) : null;
        return new RouteStats(requests, ko, lat, statements, hitRate,
                statements == null ? null : RouteStats.FROM_SERVER_TIMING, null);
    }

    /** Cache hit rate over all routes; null when no response said a cache was consulted. */
    static Double cacheHitRate(ClientResults r) {
        long hits = 0;
        long misses = 0;
        boolean consulted = false;
        for (RouteResult rr : r.routes()) {
            if (rr.cache() != null && rr.cache().consulted()) {
                consulted = true;
                hits += rr.cache().hits();
                misses += rr.cache().misses();
            }
        }
        return consulted && hits + misses > 0 ? (double) hits / (hits + misses) : null;
    }

    static long connectionErrors(ClientResults r) {
        return r.routes().stream().mapToLong(RouteResult::connectionErrors).sum();
    }

    static List<ConnectionErrorExample> connectionErrorExamples(ClientResults r) {
        Map<String, Long> byKey = new TreeMap<>();
        for (RouteResult rr : r.routes()) {
            rr.connectionErrorCodes().forEach((code, n) -> byKey.merge(rr.name() + "\u0000" + code, n, Long::sum));
        }
        List<ConnectionErrorExample> out = new ArrayList<>();
        byKey.forEach((k, n) -> {
            String[] parts = k.split("\u0000", 2);
            String message = parts[1].equals("53300") ? "too many clients already: PostgreSQL refused a new connection"
                    : parts[1].equals("pool-timeout") ? "no pooled connection became free in time"
                    : "database unavailable";
            out.add(new ConnectionErrorExample(parts[0], parts[1], message, n));
        });
        return out;
    }

    static List<LeakExample> leakExamples(ClientResults r) {
        if (r.identityLeaks() == null) {
            return List.of();
        }
        return r.identityLeaks().examples().stream()
                .map(e -> new LeakExample(e.route(), e.expected(), e.saw(), e.path() + " requested by " + e.user()
                        + (e.warmup() ? " (during warm-up)" : String.format(" at %.1f s", e.atSec()))))
                .toList();
    }

    /** Requests/s, KOs and p95 per second of the measurement, with the database connections sampled in that second. */
    static List<TimeSample> timeSeries(ClientResults r, List<PostgresSampler.Sample> db) {
        long start = r.run().startedAtEpochMs();
        Map<Integer, Integer> connections = new TreeMap<>();
        for (PostgresSampler.Sample s : db) {
            connections.merge((int) ((s.epochMs() - start) / 1000), s.connections(), Math::max);
        }
        List<TimeSample> out = new ArrayList<>();
        for (ClientResults.SecondSample s : r.timeSeries()) {
            out.add(new TimeSample(s.second(), s.requests(), s.ko(), s.requests() == 0 ? null : (double) s.p95Ms(),
                    connections.get(s.second())));
        }
        return out;
    }

    /**
     * App, database and injector as the summary's contract has them, every process group on its own (the
     * instances instead of their sum), the machine, and, when some groups ran pinned to fewer CPUs than the others
     * (the split option), those groups as servers.
     */
    static Resources resources(Map<String, ResourceSampler.Usage> usage) {
        boolean instances = usage.keySet().stream().anyMatch(role -> role.matches("app-\\d+"));
        Map<String, ProcessResources> processes = new LinkedHashMap<>();
        usage.forEach((role, u) -> {
            if (!role.equals(ResourceSampler.HOST) && !(instances && role.equals("app"))) {
                processes.put(role, process(u));
            }
        });
        ResourceSampler.Usage host = usage.get(ResourceSampler.HOST);
        HostCpu machine = host == null || host.cpus() == null ? null
                : new HostCpu(CpuServer.cores(host.cpus()), round(host.cpuPercent()));
        return new Resources(process(usage.get("app")), process(usage.get("database")), process(usage.get("injector")),
                processes, machine, servers(usage, processes.keySet()));
    }

    /**
     * Process groups pinned to the same CPUs, when some ran on fewer CPUs than the others: the group holding the
     * database is the database server, the one holding the app the app server. Groups free to run anywhere (the
     * injector) belong to no server.
     */
    static List<CpuServer> servers(Map<String, ResourceSampler.Usage> usage, java.util.Collection<String> processes) {
        ResourceSampler.Usage host = usage.get(ResourceSampler.HOST);
        int machine = host != null && host.cpus() != null ? CpuServer.cores(host.cpus()) : processes.stream()
                .map(role -> usage.get(role).cpus()).filter(java.util.Objects::nonNull)
                .mapToInt(CpuServer::cores).max().orElse(0);
        Map<String, List<String>> byCpus = new LinkedHashMap<>();
        for (String role : processes) {
            String cpus = usage.get(role).cpus();
            if (cpus != null && CpuServer.cores(cpus) < machine) {
                byCpus.computeIfAbsent(cpus, k -> new ArrayList<>()).add(role);
            }
        }
        List<CpuServer> out = new ArrayList<>();
        byCpus.forEach((cpus, roles) -> out.add(new CpuServer(roles.contains("database") ? "database server"
                : roles.stream().anyMatch(r -> r.equals("app") || r.startsWith("app-")) ? "app server"
                : "server on CPU " + cpus, cpus, roles)));
        out.sort(java.util.Comparator.comparing(s -> !s.name().equals("database server")));
        return out;
    }

    /**
     * The outcomes of the queued jobs with the queue's depth once a second from {@code measurementStart} on (the
     * samples of the warm-up left out; those of the drain after the load kept). Samples in the same second keep the
     * last.
     */
    static AsyncJobs asyncJobs(TaskStats stats, List<QueueSampler.Sample> samples, Instant measurementStart) {
        Map<Integer, QueueSample> bySecond = new TreeMap<>();
        for (QueueSampler.Sample s : samples) {
            long ms = s.epochMs() - measurementStart.toEpochMilli();
            if (ms >= 0) {
                int second = (int) (ms / 1000);
                bySecond.put(second, new QueueSample(second, s.pending(), s.failed()));
            }
        }
        return new AsyncJobs(stats.succeeded(), stats.failed(), stats.enqueueToDoneP50Ms(), stats.enqueueToDoneP95Ms(),
                List.copyOf(bySecond.values()));
    }

    private static ProcessResources process(ResourceSampler.Usage u) {
        return u == null ? null : new ProcessResources(round(u.cpuPercent()), round(u.rssMb()));
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    /** Findings of the app's diagnostics snapshot (the endpoint's JSON). */
    static List<Finding> findings(String diagnosticsJson) throws IOException {
        JsonNode units = snapshot(JSON.readTree(diagnosticsJson)).path("units");
        List<Finding> out = new ArrayList<>();
        for (JsonNode u : units) {
            for (JsonNode f : u.path("findings")) {
                out.add(new Finding(f.path("kind").asText(), u.path("unit").asText(), f.path("fingerprint").asText(),
                        f.path("maxCount").asInt(f.path("executions").asInt()), f.path("callSite").asText(null),
                        f.path("hint").asText(null)));
            }
        }
        return out;
    }

    /**
     * The routes with their statements per request taken from the app's own accounting where a snapshot has a unit
     * of the route's name (the units of several instances summed; requests that failed left out, so the figure is
     * what a complete page costs), and from {@code Server-Timing} otherwise. A
     * route the snapshots do not name is listed in {@code missing}.
     */
    static Map<String, RouteStats> withServerCounts(Map<String, RouteStats> routes, List<String> snapshots,
                                                    List<String> missing) throws IOException {
        if (snapshots.isEmpty()) {
            return routes;
        }
        Map<String, UnitTotals> byUnit = new LinkedHashMap<>();
        for (String json : snapshots) {
            for (JsonNode u : snapshot(JSON.readTree(json)).path("units")) {
                byUnit.computeIfAbsent(u.path("unit").asText(), k -> new UnitTotals()).add(u);
            }
        }
        Map<String, RouteStats> out = new LinkedHashMap<>();
        List<String> unnamed = new ArrayList<>();
        routes.forEach((route, stats) -> {
            UnitTotals t = byUnit.get(route);
            if (t != null && t.requests > 0) {
                out.put(route, stats.withServerCount(round2(t.meanStatements()),
                        round2((double) t.afterCommit / t.requests)));
            } else {
                out.put(route, stats);
                if (stats.requests() > stats.ko()) {
                    unnamed.add(route);
                }
            }
        });
        if (!unnamed.isEmpty()) {
            missing.add("statements of " + String.join(", ", unnamed) + ": the app's diagnostics have no unit of that"
                    + " name (its units: " + String.join(", ", byUnit.keySet().stream().limit(8).toList())
                    + "), so they come from Server-Timing; name the workload's requests after the app's route templates");
        }
        return out;
    }

    /** A unit's figures summed over the snapshots of every instance. */
    private static final class UnitTotals {
        long requests;
        long statements;
        long afterCommit;
        long failedRequests;
        long failedStatements;

        void add(JsonNode unit) {
            requests += unit.path("requests").asLong();
            statements += unit.path("statements").asLong();
            afterCommit += unit.path("statementsAfterCommit").asLong();
            failedRequests += unit.path("failedRequests").asLong();
            failedStatements += unit.path("failedStatements").asLong();
        }

        /**
         * Statements per complete request: a page that stopped part-way (no connection, an error) ran fewer than a
         * complete one, so failed requests are left out, unless none completed.
         */
        double meanStatements() {
            long completed = requests - failedRequests;
            return completed > 0 ? (double) (statements - failedStatements) / completed : (double) statements / requests;
        }
    }

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }

    /**
     * The diagnostics library's snapshot: under {@code diagnostics} in the reference app's answer (beside its cache,
     * pool and queue figures), the whole answer of the library's own endpoint ({@code DiagnosticsEndpoint}) in any
     * other app.
     */
    private static JsonNode snapshot(JsonNode root) {
        return root.has("diagnostics") ? root.path("diagnostics") : root;
    }
}
