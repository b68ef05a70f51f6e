package dev.scalelab.loadtests.record;

import dev.scalelab.loadtests.probe.CacheLookup;
import dev.scalelab.loadtests.probe.DbError;
import dev.scalelab.loadtests.probe.ServerTiming;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Mutable statistics of one route in the measurement window. Guarded by its own monitor; kept
 * allocation-free on the recording path (arrays for statuses and small statement counts).
 */
final class RouteStats {

    static final int KO_MESSAGES = 20;
    static final String OTHER_MESSAGES = "(other messages)";
    private static final int SMALL_STATEMENTS = 4096;
    private static final int STATUSES = 600;

    final String name;
    final String audience;

    private final Histogram latency = new Histogram(3);
    private final Histogram okLatency = new Histogram(3);
    private long ok;
    private long ko;
    private final Map<String, Long> koMessages = new LinkedHashMap<>();
    private final long[] statusCounts = new long[STATUSES];
    private long noResponse;
    private long connectionErrors;
    private final Map<String, Long> connectionErrorCodes = new TreeMap<>();
    private long serverErrors;
    private long identityChecks;
    private long identityLeaks;
    private final long[] smallStatements = new long[SMALL_STATEMENTS];
    private final TreeMap<Long, Long> largeStatements = new TreeMap<>();
    private long statementResponses;
    private long statementsMissing;
    private long statementSum;
    private long statementMin = Long.MAX_VALUE;
    private long statementMax = Long.MIN_VALUE;
    private double dbMillisSum;
    private long dbMillisCount;
    private long hits;
    private long misses;
    private long notConsulted;

    RouteStats(String name, String audience) {
        this.name = name;
        this.audience = audience;
    }

    /** @param latencyMs response time, -1 when unknown (no response, issue time unknown): not in the histograms */
    synchronized void add(Observation o, Outcome outcome, long latencyMs) {
        if (latencyMs >= 0) {
            latency.recordValue(latencyMs);
        }
        if (outcome.ok()) {
            ok++;
            okLatency.recordValue(Math.max(0, latencyMs));
        } else {
            ko++;
            String message = koMessages.containsKey(outcome.message()) || koMessages.size() < KO_MESSAGES
                    ? outcome.message() : OTHER_MESSAGES;
            koMessages.merge(message, 1L, Long::sum);
        }
        Integer status = o.status();
        if (status == null) {
            noResponse++;
            return;
        }
        if (status >= 0 && status < STATUSES) {
            statusCounts[status]++;
        }
        if (DbError.isConnectionRefused(status, o.dbError())) {
            connectionErrors++;
            connectionErrorCodes.merge(o.dbError().strip(), 1L, Long::sum);
        } else if (status >= 500) {
            serverErrors++;
        }
        if (o.expectedIdentity() != null && status == o.expectedStatus()) {
            identityChecks++;
            if (outcome.kind() == Outcome.Kind.IDENTITY_LEAK) {
                identityLeaks++;
            }
        }
        int n = ServerTiming.statementsOrMinusOne(o.serverTiming());
        if (status != o.expectedStatus()) {
            // A refused or failed request did not do the route's work; its statements (often 0) would dilute the
            // route's profile, so only responses with the expected status count.
            n = Integer.MIN_VALUE;
        }
        if (n == Integer.MIN_VALUE) {
            // not counted either way
        } else if (n >= 0) {
            addStatements(n, 1);
            double db = ServerTiming.dbMillisOrNaN(o.serverTiming());
            if (!Double.isNaN(db)) {
                dbMillisSum += db;
                dbMillisCount++;
            }
        } else {
            statementsMissing++;
        }
        switch (CacheLookup.of(o.xCache())) {
            case HIT -> hits++;
            case MISS -> misses++;
            case NOT_CONSULTED -> notConsulted++;
        }
    }

    private void addStatements(long n, long count) {
        statementResponses += count;
        statementSum += n * count;
        statementMin = Math.min(statementMin, n);
        statementMax = Math.max(statementMax, n);
        if (n < SMALL_STATEMENTS) {
            smallStatements[(int) n] += count;
        } else {
            largeStatements.merge(n, count, Long::sum);
        }
    }

    /** Adds another route's figures into this one (used for the total). */
    synchronized void merge(RouteStats other) {
        synchronized (other) {
            latency.add(other.latency);
            okLatency.add(other.okLatency);
            ok += other.ok;
            ko += other.ko;
            other.koMessages.forEach((m, c) -> koMessages.merge(
                    koMessages.containsKey(m) || koMessages.size() < KO_MESSAGES ? m : OTHER_MESSAGES, c, Long::sum));
            for (int i = 0; i < STATUSES; i++) {
                statusCounts[i] += other.statusCounts[i];
            }
            noResponse += other.noResponse;
            connectionErrors += other.connectionErrors;
            other.connectionErrorCodes.forEach((k, v) -> connectionErrorCodes.merge(k, v, Long::sum));
            serverErrors += other.serverErrors;
            identityChecks += other.identityChecks;
            identityLeaks += other.identityLeaks;
            other.statementHistogram().forEach((v, c) -> addStatements(v, c));
            statementsMissing += other.statementsMissing;
            dbMillisSum += other.dbMillisSum;
            dbMillisCount += other.dbMillisCount;
            hits += other.hits;
            misses += other.misses;
            notConsulted += other.notConsulted;
        }
    }

    synchronized ClientResults.RouteResult result(double measuredSec) {
        long requests = ok + ko;
        List<ClientResults.MessageCount> messages = new ArrayList<>();
        koMessages.forEach((m, c) -> messages.add(new ClientResults.MessageCount(m, c)));
        messages.sort(Comparator.comparingLong(ClientResults.MessageCount::count).reversed());
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (int i = 0; i < STATUSES; i++) {
            if (statusCounts[i] > 0) {
                statuses.put(String.valueOf(i), statusCounts[i]);
            }
        }
        if (noResponse > 0) {
            statuses.put("none", noResponse);
        }
        long lookups = hits + misses;
        ClientResults.Cache cache = new ClientResults.Cache(hits, misses, notConsulted,
                lookups == 0 ? null : (double) hits / lookups, lookups > 0);
        return new ClientResults.RouteResult(
                name, audience, requests, ok, ko,
                measuredSec > 0 ? requests / measuredSec : 0,
                latency(latency), latency(okLatency),
                messages, statuses, noResponse, connectionErrors, new LinkedHashMap<>(connectionErrorCodes),
                serverErrors, identityChecks, identityLeaks, statements(), cache);
    }

    /** Statement count -> responses, ascending. */
    private TreeMap<Long, Long> statementHistogram() {
        TreeMap<Long, Long> histogram = new TreeMap<>();
        for (int i = 0; i < SMALL_STATEMENTS; i++) {
            if (smallStatements[i] > 0) {
                histogram.put((long) i, smallStatements[i]);
            }
        }
        histogram.putAll(largeStatements);
        return histogram;
    }

    private ClientResults.Statements statements() {
        if (statementResponses == 0) {
            return null;
        }
        TreeMap<Long, Long> counts = statementHistogram();
        List<ClientResults.ValueCount> histogram = new ArrayList<>();
        counts.forEach((v, c) -> histogram.add(new ClientResults.ValueCount(v, c)));
        return new ClientResults.Statements(statementResponses, statementsMissing,
                statementMin, (double) statementSum / statementResponses,
                percentile(counts, 0.50), percentile(counts, 0.95), statementMax, histogram,
                dbMillisCount == 0 ? 0 : dbMillisSum / dbMillisCount);
    }

    /** Exact percentile of the statement counts (nearest rank). */
    private long percentile(TreeMap<Long, Long> counts, double q) {
        long rank = (long) Math.ceil(q * statementResponses);
        long seen = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }

    static ClientResults.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return ClientResults.Latency.EMPTY;
        }
        return new ClientResults.Latency(h.getTotalCount(), h.getMinValue(), h.getMean(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(75), h.getValueAtPercentile(95),
                h.getValueAtPercentile(99), h.getMaxValue(), encode(h));
    }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
