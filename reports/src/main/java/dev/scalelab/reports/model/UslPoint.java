package dev.scalelab.reports.model;

/**
 * One measured point of a scale-out series: the capacity of a number of app instances.
 *
 * @param instances      app instances behind the load balancer (&gt;= 1)
 * @param requestsPerSec the capacity measured at that count, in requests per second
 * @param injectorBound  true when that capacity is a lower bound (the injector's limit)
 */
public record UslPoint(int instances, double requestsPerSec, boolean injectorBound) {
    public UslPoint {
        if (instances < 1) {
            throw new IllegalArgumentException("usl point instances must be >= 1, found " + instances);
        }
        Checks.nonNegative("usl point requestsPerSec", requestsPerSec);
    }
}
