package dev.scalelab.cli.capacity;

import dev.scalelab.reports.model.Slo;

/**
 * A capacity search asked of every step ({@code --capacity}): the SLO its levels are held to and how it climbs.
 *
 * @param slo      the SLO
 * @param settings the ramp, bisection and level lengths
 */
public record CapacityPlan(Slo slo, SearchSettings settings) {
    public CapacityPlan {
        if (slo == null || settings == null) {
            throw new IllegalArgumentException("a capacity plan needs an SLO and search settings");
        }
    }
}
