package dev.scalelab.reports.model;

/**
 * The machine a step ran on, as a yardstick for the per-process CPU: two CPUs busy all the time are 200 %.
 *
 * @param cpus       logical CPUs of the machine
 * @param cpuPercent mean CPU use of the whole machine (every process, not only the step's) in percent of one CPU;
 *                   null when not sampled
 */
public record HostCpu(int cpus, Double cpuPercent) {
    public HostCpu {
        if (cpus < 1) {
            throw new IllegalArgumentException("host.cpus must be >= 1, found " + cpus);
        }
        Checks.nonNegative("host.cpuPercent", cpuPercent);
    }

    /** What the machine can give: {@code cpus} × 100 %. */
    public double capacityPercent() {
        return cpus * 100.0;
    }
}
