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
 * @param heldMaxRate     true when the search's highest rate held: the capacity is a lower bound ("at least N")
 */
public record Capacity(double visitorsPerSec, double requestsPerSec, Slo slo, boolean injectorBound, boolean atMost,
                       boolean heldMaxRate) {

    /** A capacity the search found (or bounded) below its highest rate. */
    public Capacity(double visitorsPerSec, double requestsPerSec, Slo slo, boolean injectorBound, boolean atMost) {
        this(visitorsPerSec, requestsPerSec, slo, injectorBound, atMost, false);
    }

    public Capacity {
        Checks.nonNegative("capacity.visitorsPerSec", visitorsPerSec);
        Checks.nonNegative("capacity.requestsPerSec", requestsPerSec);
        if (slo == null) {
            throw new IllegalArgumentException("capacity.slo is required");
        }
        if ((injectorBound || heldMaxRate) && atMost) {
            throw new IllegalArgumentException("capacity cannot be both a lower bound (injector-bound or held at the"
                    + " highest rate) and below its first level (an upper bound)");
        }
    }

    /** Whether the app carries at least this much, more than measured: injector-bound, or held the highest rate. */
    public boolean atLeast() {
        return injectorBound || heldMaxRate;
    }

    /** Why the capacity is a lower bound, for labels: "injector-bound", "the highest rate tried"; null if it is not. */
    public String boundLabel() {
        return injectorBound ? "injector-bound" : heldMaxRate ? "the highest rate tried" : null;
    }
}
