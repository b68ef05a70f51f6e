package dev.scalelab.reports.model;

import java.util.Map;

/**
 * One load level of a capacity search: what was offered, what the app achieved, and whether the level held the SLO.
 *
 * @param phase               {@code ramp} (a level of the stepped ramp), {@code bisect} (a level between the last
 *                            that held and the first that did not) or {@code confirm} (the found rate, run again)
 * @param offeredVisitorsPerSec the arrival rate of new visitors the injector was asked for
 * @param offeredRps          requests per second that arrival rate means for the workload (its requests per visitor)
 * @param achievedRps         completed requests per second over the level
 * @param latencyMs           client-side percentiles of the level; null when nothing completed
 * @param requests            requests completed in the level
 * @param ko                  of which failed
 * @param held                whether the level met the SLO (p95, errors, throughput)
 * @param reason              why it did not hold, in words ("p95 812 ms > 500 ms"); null when it held
 * @param cpuCores            CPU of each process over the level, in cores (1.0 = one core busy), by process
 *                            ({@code app}, {@code database}, {@code injector}, {@code worker}, ...); empty when not
 *                            sampled
 * @param dbConnections       PostgreSQL connections at the level's peak; null when not sampled
 * @param injectorLagMs       how late the injector sent requests against its schedule (95th percentile); null when
 *                            not measured
 */
public record CapacityLevel(String phase, double offeredVisitorsPerSec, double offeredRps, double achievedRps,
                            Latency latencyMs, long requests, long ko, boolean held, String reason,
                            Map<String, Double> cpuCores, Integer dbConnections, Double injectorLagMs) {
    public CapacityLevel {
        Checks.required("level.phase", phase);
        if (!phase.equals("ramp") && !phase.equals("bisect") && !phase.equals("confirm")) {
            throw new IllegalArgumentException("level.phase must be ramp, bisect or confirm, found " + phase);
        }
        Checks.nonNegative("level.offeredVisitorsPerSec", offeredVisitorsPerSec);
        Checks.nonNegative("level.offeredRps", offeredRps);
        Checks.nonNegative("level.achievedRps", achievedRps);
        Checks.nonNegative("level.requests", requests);
        Checks.nonNegative("level.ko", ko);
        if (ko > requests) {
            throw new IllegalArgumentException("level.ko must not exceed level.requests, found ko=" + ko
                    + ", requests=" + requests);
        }
        reason = Checks.blankToNull(reason);
        cpuCores = cpuCores == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuCores));
        cpuCores.forEach((k, v) -> Checks.nonNegative("level.cpuCores." + k, v));
        if (dbConnections != null) {
            Checks.nonNegative("level.dbConnections", dbConnections.longValue());
        }
        Checks.nonNegative("level.injectorLagMs", injectorLagMs);
    }

    /** Fraction of the level's requests that failed; 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) ko / requests;
    }
}
