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
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Mutable statistics of one route in the measurement window. Guarded by its own monitor. */
final class RouteStats {

    static final int KO_MESSAGES = 20;
    static final String OTHER_MESSAGES = "(other messages)";

    final String name;
    final String audience;

    private final Histogram latency = new Histogram(3);
    private final Histogram okLatency = new Histogram(3);
    private long ok;
    private long ko;
    private final Map<String, Long> koMessages = new LinkedHashMap<>();
    private final Map<String, Long> statusCounts = new TreeMap<>();
    private long noResponse;
    private long connectionErrors;
    private final Map<String, Long> connectionErrorCodes = new TreeMap<>();
    private long serverErrors;
    private long identityChecks;
    private long identityLeaks;
    private final TreeMap<Long, Long> statements = new TreeMap<>();
    private long statementResponses;
    private long statementsMissing;
    private long statementSum;
    private double dbMillisSum;
    private long dbMillisCount;
    private long hits;
    private long misses;
    private long notConsulted;

    RouteStats(String name, String audience) {
        this.name = name;
        this.audience = audience;
    }

    synchronized void add(Observation o, Outcome outcome, long latencyMs) {
        latency.recordValue(latencyMs);
        if (outcome.ok()) {
            ok++;
            okLatency.recordValue(latencyMs);
        } else {
            ko++;
            String message = koMessages.containsKey(outcome.message()) || koMessages.size() < KO_MESSAGES
                    ? outcome.message() : OTHER_MESSAGES;
            koMessages.merge(message, 1L, Long::sum);
        }
        statusCounts.merge(o.status() == null ? "none" : String.valueOf(o.status()), 1L, Long::sum);
        if (o.status() == null) {
            noResponse++;
            return;
        }
        if (DbError.isConnectionRefused(o.status(), o.dbError())) {
            connectionErrors++;
            connectionErrorCodes.merge(o.dbError().strip(), 1L, Long::sum);
        } else if (o.status() >= 500) {
            serverErrors++;
        }
        if (o.expectedIdentity() != null && o.status() == o.expectedStatus()) {
            identityChecks++;
            if (outcome.kind() == Outcome.Kind.IDENTITY_LEAK) {
                identityLeaks++;
            }
        }
        OptionalInt n = ServerTiming.statements(o.serverTiming());
        if (n.isPresent()) {
            statementResponses++;
            statementSum += n.getAsInt();
            statements.merge((long) n.getAsInt(), 1L, Long::sum);
            OptionalDouble db = ServerTiming.dbMillis(o.serverTiming());
            if (db.isPresent()) {
                dbMillisSum += db.getAsDouble();
                dbMillisCount++;
            }
        } else {
            statementsMissing++;
        }
        switch (CacheLookup.of(o.xCache(), o.cacheStatus())) {
            case HIT -> hits++;
            case MISS -> misses++;
            case NOT_CONSULTED -> notConsulted++;
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
            other.statusCounts.forEach((k, v) -> statusCounts.merge(k, v, Long::sum));
            noResponse += other.noResponse;
            connectionErrors += other.connectionErrors;
            other.connectionErrorCodes.forEach((k, v) -> connectionErrorCodes.merge(k, v, Long::sum));
            serverErrors += other.serverErrors;
            identityChecks += other.identityChecks;
            identityLeaks += other.identityLeaks;
            other.statements.forEach((k, v) -> statements.merge(k, v, Long::sum));
            statementResponses += other.statementResponses;
            statementsMissing += other.statementsMissing;
            statementSum += other.statementSum;
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
        Map<String, Long> statuses = new LinkedHashMap<>(statusCounts);
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

    private ClientResults.Statements statements() {
        if (statementResponses == 0) {
            return null;
        }
        List<ClientResults.ValueCount> histogram = new ArrayList<>();
        statements.forEach((v, c) -> histogram.add(new ClientResults.ValueCount(v, c)));
        return new ClientResults.Statements(statementResponses, statementsMissing,
                statements.firstKey(), (double) statementSum / statementResponses,
                percentile(0.50), percentile(0.95), statements.lastKey(), histogram,
                dbMillisCount == 0 ? 0 : dbMillisSum / dbMillisCount);
    }

    /** Exact percentile of the statement counts (nearest rank). */
    private long percentile(double q) {
        long rank = (long) Math.ceil(q * statementResponses);
        long seen = 0;
        for (Map.Entry<Long, Long> e : statements.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return statements.lastKey();
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
