package dev.scalelab.reports.model;

/**
 * Resource use of one process (or process group) averaged over the measured part of a step.
 *
 * @param cpuPercent CPU use in percent of one core (200 = two cores busy); null when not sampled
 * @param rssMb      mean resident set size in MiB; null when not sampled
 */
public record ProcessResources(Double cpuPercent, Double rssMb) {
    public ProcessResources {
        Checks.nonNegative("cpuPercent", cpuPercent);
        Checks.nonNegative("rssMb", rssMb);
    }
}
