package dev.scalelab.cli.capacity;

import dev.scalelab.reports.model.Latency;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one load level measured: the offered and achieved load, the client's latencies and errors, and what each
 * resource did meanwhile. A {@link LevelRunner} returns it; {@link CapacitySearch} judges it against the SLO and
 * {@link Bottlenecks} reads the limits from it.
 *
 * @param offeredVisitorsPerSec the arrival rate asked of the injector
 * @param offeredRps            that rate times the workload's requests per visitor
 * @param achievedRps           completed requests per second over the level
 * @param latencyMs             client-side percentiles; null when nothing completed
 * @param requests              requests completed in the level
 * @param ko                    of which failed
 * @param koMessages            failures by message, most frequent first (empty without failures)
 * @param connectionErrorCodes  refused database connections by code ({@code 53300}, {@code pool-timeout})
 * @param cpuCores              cores busy per process over the level ({@code app}, {@code database},
 *                              {@code injector}, {@code worker}, ...); empty when not sampled
 * @param hostCores             cores busy on the whole machine over the level; null when not sampled
 * @param cores                 the machine's cores (&gt; 0)
 * @param dbConnections         PostgreSQL connections at the level's peak; null when not sampled
 * @param dbConnectionLimit     the most the app could hold (max_connections, or its pool's size); null when unknown
 * @param injectorLagMs         how late the injector sent requests against its schedule (95th percentile); null when
 *                              not measured
 * @param injectorSentFraction  visitors the injector started over the visitors the schedule called for (1 = all)
 * @param queueDepthFrom        jobs waiting, retrying or running in the task queue when the level started; null
 *                              without a queue (or a sample of it)
 * @param queueDepthTo          ... and when it ended
 */
public record LevelMeasurement(double offeredVisitorsPerSec, double offeredRps, double achievedRps, Latency latencyMs,
                               long requests, long ko, Map<String, Long> koMessages,
                               Map<String, Long> connectionErrorCodes, Map<String, Double> cpuCores, Double hostCores,
                               int cores, Integer dbConnections, Integer dbConnectionLimit, Double injectorLagMs,
                               double injectorSentFraction, Long queueDepthFrom, Long queueDepthTo) {

    /** The queue's depth growing by this many jobs over a level means the worker falls behind. */
    public static final long QUEUE_GROWTH = 10;
    public LevelMeasurement {
        if (ko > requests || ko < 0) {
            throw new IllegalArgumentException("ko must be 0..requests, found ko=" + ko + ", requests=" + requests);
        }
        if (cores <= 0) {
            throw new IllegalArgumentException("cores must be > 0, found " + cores);
        }
        koMessages = koMessages == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(koMessages));
        connectionErrorCodes = connectionErrorCodes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(connectionErrorCodes));
        cpuCores = cpuCores == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpuCores));
    }

    /** Fraction of the level's requests that failed; 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) ko / requests;
    }

    /** Whether the task queue grew by at least {@link #QUEUE_GROWTH} jobs over the level; false without a queue. */
    public boolean queueGrowing() {
        return queueDepthFrom != null && queueDepthTo != null && queueDepthTo - queueDepthFrom >= QUEUE_GROWTH;
    }

    /** Refused database connections of every code. */
    public long connectionErrors() {
        return connectionErrorCodes.values().stream().mapToLong(Long::longValue).sum();
    }
}
