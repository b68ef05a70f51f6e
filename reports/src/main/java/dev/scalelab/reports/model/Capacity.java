package dev.scalelab.reports.model;

/**
 * How much traffic a step carries within its SLO: the highest arrival rate that held and held again when
 * confirmed.
 *
 * @param visitorsPerSec  the highest confirmed arrival rate of new visitors; 0 when not even the first level held
 * @param requestsPerSec  the requests per second achieved at that rate
 * @param slo             the SLO the levels were held to
 * @param injectorBound   true when the search stopped at the injector's own limit, not the app's: the capacity is a
 *                        lower bound ("at least N")
 * @param atMost          true when no level held: the capacity is below the first level's rate
 */
public record Capacity(double visitorsPerSec, double requestsPerSec, Slo slo, boolean injectorBound, boolean atMost) {
    public Capacity {
        Checks.nonNegative("capacity.visitorsPerSec", visitorsPerSec);
        Checks.nonNegative("capacity.requestsPerSec", requestsPerSec);
        if (slo == null) {
            throw new IllegalArgumentException("capacity.slo is required");
        }
        if (injectorBound && atMost) {
            throw new IllegalArgumentException("capacity cannot be both injector-bound (a lower bound) and below its"
                    + " first level (an upper bound)");
        }
    }
}
