package dev.scalelab.cli.proc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import dev.scalelab.reports.model.CpuServer;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples, once a second, CPU (percent of one core), resident memory and disk I/O of process groups ("app",
 * "database", "injector"; each a root process with all its descendants) and of the host, through OSHI; and the CPUs
 * each group may run on, so that a step that pinned the database to a CPU of its own shows as two servers.
 */
public final class ResourceSampler implements AutoCloseable {

    /** One second of one role: CPU in percent of one core (200 = both cores of this machine), RSS, I/O. */
    public record Sample(long epochMs, String role, double cpuPercent, double rssMb, long readBytes, long writtenBytes) {
    }

    /**
     * Mean CPU and peak RSS of a role over the sampled period, and the CPUs its root processes were last seen allowed
     * on (a Linux CPU list such as {@code 0-1}; for the host every CPU), null when unknown.
     */
    public record Usage(double cpuPercent, double rssMb, String cpus) {
    }

    /** The role of the whole machine in the samples. */
    public static final String HOST = "host";

    private final OperatingSystem os;
    private final CentralProcessor cpu;
    private final Map<String, Supplier<Collection<Long>>> roots = new LinkedHashMap<>();
    private final Map<String, Long> lastCpuMs = new HashMap<>();
    private final Map<String, String> cpusAllowed = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private long lastWallMs;
    private long[] lastTicks;

    public ResourceSampler() {
        SystemInfo si = new SystemInfo();
        this.os = si.getOperatingSystem();
        this.cpu = si.getHardware().getProcessor();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scalelab-resource-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Watches a role; the supplier gives its root pids each time (they may appear later, e.g. the injector). */
    public synchronized ResourceSampler watch(String role, Supplier<Collection<Long>> rootPids) {
        roots.put(role, rootPids);
        return this;
    }

    public void start() {
        synchronized (this) {
            lastWallMs = System.currentTimeMillis();
            lastTicks = cpu.getSystemCpuLoadTicks();
            roots.keySet().forEach(role -> lastCpuMs.put(role, cpuMs(role)));
            cpusAllowed.put(HOST, "0-" + (cpu.getLogicalProcessorCount() - 1));
        }
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        long now = System.currentTimeMillis();
        double wall = Math.max(1, now - lastWallMs);
        for (String role : roots.keySet()) {
            long cpuNow = 0;
            double rss = 0;
            long read = 0;
            long written = 0;
            for (OSProcess p : processes(role)) {
                cpuNow += p.getKernelTime() + p.getUserTime() + reapedChildrenCpuMs(p.getProcessID());
                rss += p.getResidentSetSize();
                read += p.getBytesRead();
                written += p.getBytesWritten();
            }
            long before = lastCpuMs.getOrDefault(role, cpuNow);
            double pct = Math.max(0, (cpuNow - before) / wall * 100.0);
            lastCpuMs.put(role, cpuNow);
            samples.add(new Sample(now, role, pct, rss / (1024 * 1024), read, written));
            if (!cpusAllowed.containsKey(role)) { // pinned before sampling starts; read until the processes exist
                String allowed = cpusAllowed(roots.get(role).get());
                if (allowed != null) {
                    cpusAllowed.put(role, allowed);
                }
            }
        }
        long[] ticks = cpu.getSystemCpuLoadTicks();
        double hostPct = cpu.getSystemCpuLoadBetweenTicks(lastTicks) * 100.0 * cpu.getLogicalProcessorCount();
        lastTicks = ticks;
        samples.add(new Sample(now, HOST, hostPct, 0, 0, 0));
        lastWallMs = now;
    }

    private long cpuMs(String role) {
        long total = 0;
        for (OSProcess p : processes(role)) {
            total += p.getKernelTime() + p.getUserTime() + reapedChildrenCpuMs(p.getProcessID());
        }
        return total;
    }

    /**
     * CPU time of the children a process has already waited for (Linux {@code cutime + cstime}): a database
     * server's short-lived backends (one per connection, as with per-request connections) exit between two samples,
     * and their CPU would be lost without it. Live descendants are counted on their own, so nothing counts twice.
     */
    static long reapedChildrenCpuMs(int pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Integer.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state) of proc(5); cutime and cstime are fields 16 and 17, in clock ticks (1/100 s)
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The CPUs the given processes may run on ({@code Cpus_allowed_list} of {@code /proc/<pid>/status}), joined
     * when they differ; null when none can be read (a process gone, not Linux).
     */
    static String cpusAllowed(Collection<Long> pids) {
        java.util.TreeSet<Integer> cpus = new java.util.TreeSet<>();
        for (long pid : pids) {
            try {
                for (String line : java.nio.file.Files.readAllLines(
                        java.nio.file.Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("Cpus_allowed_list:")) {
                        cpus.addAll(CpuServer.cpuSet(line.substring(line.indexOf(':') + 1)));
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // gone meanwhile, or no /proc: unknown
            }
        }
        return cpus.isEmpty() ? null : formatCpuList(cpus);
    }

    /** 0, 1, 2, 5 as {@code 0-2,5}. */
    static String formatCpuList(java.util.SortedSet<Integer> cpus) {
        List<String> parts = new ArrayList<>();
        Integer start = null;
        Integer prev = null;
        for (int c : cpus) {
            if (prev != null && c == prev + 1) {
                prev = c;
                continue;
            }
            if (start != null) {
                parts.add(start.equals(prev) ? start.toString() : start + "-" + prev);
            }
            start = c;
            prev = c;
        }
        if (start != null) {
            parts.add(start.equals(prev) ? start.toString() : start + "-" + prev);
        }
        return String.join(",", parts);
    }

    private List<OSProcess> processes(String role) {
        List<OSProcess> out = new ArrayList<>();
        for (long pid : roots.get(role).get()) {
            OSProcess root = os.getProcess((int) pid);
            if (root != null) {
                out.add(root);
                out.addAll(os.getDescendantProcesses((int) pid, null, null, 0));
            }
        }
        return out;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Mean CPU percent, peak RSS and allowed CPUs per role, from the samples taken so far. */
    public synchronized Map<String, Usage> usage() {
        return usage(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** As {@link #usage()}, from the samples taken between the two instants (epoch ms, both included). */
    public synchronized Map<String, Usage> usage(long fromEpochMs, long toEpochMs) {
        Map<String, List<Sample>> byRole = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.epochMs() >= fromEpochMs && s.epochMs() <= toEpochMs) {
                byRole.computeIfAbsent(s.role(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, Usage> out = new LinkedHashMap<>();
        byRole.forEach((role, list) -> out.put(role, new Usage(
                list.stream().mapToDouble(Sample::cpuPercent).average().orElse(0),
                list.stream().mapToDouble(Sample::rssMb).max().orElse(0), cpusAllowed.get(role))));
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
