package dev.scalelab.reports.model;

/**
 * What reached its limit first when a step stopped holding its SLO.
 *
 * @param resource        what ran out: {@code app-cpu}, {@code database-cpu}, {@code db-connections},
 *                        {@code pool-wait}, {@code queue-depth}, {@code errors}, {@code injector} or
 *                        {@code latency} (the SLO broke with no resource at its limit)
 * @param atVisitorsPerSec the arrival rate of the first level that did not hold
 * @param sentence        one sentence for the report, e.g. "naive breaks at 5 visitors/s: database connections
 *                        exhausted (40 of 40), 53300 errors"
 */
public record Bottleneck(String resource, double atVisitorsPerSec, String sentence) {
    public Bottleneck {
        Checks.required("bottleneck.resource", resource);
        Checks.nonNegative("bottleneck.atVisitorsPerSec", atVisitorsPerSec);
        Checks.required("bottleneck.sentence", sentence);
    }
}
