package dev.scalelab.reports.compare;

import dev.scalelab.reports.model.CpuServer;
import dev.scalelab.reports.model.HostCpu;
import dev.scalelab.reports.model.ProcessResources;
import dev.scalelab.reports.model.Resources;
import dev.scalelab.reports.model.StepResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the CPU of a step went: each process group's share of the machine (or, with the CPU split, of its server),
 * medians over the step's runs, busiest first.
 *
 * @param processes every process group, busiest first
 * @param host      the machine; null when unknown
 * @param servers   with the CPU split, the database and app servers, in the order recorded; empty without it
 * @param runs      how many runs the medians are taken over
 */
public record CpuBreakdown(List<ProcessCpu> processes, HostCpu host, List<ServerCpu> servers, int runs) {

    /** The roles every step samples; a step with only these has nothing to break down. */
    static final Set<String> STANDARD = Set.of("app", "database", "injector");

    /** Above this share of its capacity a server (or the machine) reads as saturated. */
    static final double SATURATED = 0.9;

    /**
     * One process group.
     *
     * @param name       e.g. {@code app-1}, {@code database}, {@code nginx}
     * @param cpuPercent percent of one CPU
     * @param rssMb      resident memory; null when not sampled
     * @param server     the server it was pinned to; null when it ran on any CPU
     */
    public record ProcessCpu(String name, double cpuPercent, Double rssMb, String server) {
    }

    /**
     * A server of the CPU split with the CPU its processes used.
     *
     * @param name       {@code database server}, {@code app server}
     * @param cpus       its CPU list, e.g. {@code 0}
     * @param cores      how many CPUs that is
     * @param cpuPercent the CPU of its processes together, in percent of one CPU
     * @param processes  its processes, busiest first
     */
    public record ServerCpu(String name, String cpus, int cores, double cpuPercent, List<String> processes) {
        /** The share of its capacity used, 0..1 (may exceed 1 by sampling jitter). */
        public double busy() {
            return cpuPercent / (cores * 100.0);
        }
    }

    /**
     * The breakdown of a step; null when no run recorded more than app, database and injector and no run split the
     * machine (the headline's CPU columns already say everything then).
     */
    public static CpuBreakdown of(StepRow row) {
        List<Resources> all = row.runs().stream().filter(r -> r.status().hasMeasurements())
                .map(StepResult::resources).filter(Objects::nonNull).filter(r -> !r.processes().isEmpty()).toList();
        boolean worthIt = all.stream().anyMatch(r -> !r.servers().isEmpty()
                || !STANDARD.containsAll(r.processes().keySet()));
        if (!worthIt) {
            return null;
        }
        Map<String, List<ProcessResources>> byName = new LinkedHashMap<>();
        all.forEach(r -> r.processes().forEach((name, p) -> byName.computeIfAbsent(name, k -> new ArrayList<>()).add(p)));
        Resources first = all.stream().filter(r -> !r.servers().isEmpty()).findFirst().orElse(all.get(0));
        List<ProcessCpu> processes = new ArrayList<>();
        byName.forEach((name, list) -> {
            Double cpu = median(list.stream().map(ProcessResources::cpuPercent).toList());
            if (cpu != null) {
                CpuServer server = first.serverOf(name);
                processes.add(new ProcessCpu(name, cpu, median(list.stream().map(ProcessResources::rssMb).toList()),
                        server == null ? null : server.name()));
            }
        });
        processes.sort(Comparator.comparingDouble(ProcessCpu::cpuPercent).reversed());
        HostCpu host = first.host() == null ? null : new HostCpu(first.host().cpus(), median(all.stream()
                .map(r -> r.host() == null ? null : r.host().cpuPercent()).toList()));
        List<ServerCpu> servers = new ArrayList<>();
        for (CpuServer s : first.servers()) {
            List<ProcessCpu> own = processes.stream().filter(p -> s.name().equals(p.server())).toList();
            servers.add(new ServerCpu(s.name(), s.cpus(), s.cores(), own.stream().mapToDouble(ProcessCpu::cpuPercent).sum(),
                    own.stream().map(ProcessCpu::name).toList()));
        }
        return new CpuBreakdown(List.copyOf(processes), host, List.copyOf(servers), all.size());
    }

    /** The CPU of every process group together, in percent of one CPU. */
    public double totalPercent() {
        return processes.stream().mapToDouble(ProcessCpu::cpuPercent).sum();
    }

    /** A process's share of the machine, 0..1; null when the machine's size is unknown. */
    public Double shareOfMachine(ProcessCpu p) {
        return host == null ? null : p.cpuPercent() / host.capacityPercent();
    }

    /**
     * The breakdown as a diagnosis, e.g. "2 cores = 200 %: app-1 61 %, app-2 58 %, database 40 %, nginx 6 %; the
     * step's processes 165 %, the whole machine 190 % (95 % busy): saturated, so more app instances on this machine
     * cannot add throughput."
     */
    public String sentence() {
        StringBuilder sb = new StringBuilder();
        if (!servers.isEmpty()) {
            for (ServerCpu s : servers) {
                sb.append(capitalized(s.name())).append(" (CPU ").append(s.cpus()).append(", ").append(cores(s.cores()))
                        .append("): ").append(list(processes.stream().filter(p -> s.name().equals(p.server())).toList()))
                        .append(s.processes().size() > 1 ? "; together " + Format.percent(s.cpuPercent()) : "")
                        .append(s.busy() >= SATURATED ? ", saturated" : ", " + Format.fractionAsPercent(s.busy())
                                + " busy").append(". ");
            }
            List<ProcessCpu> free = processes.stream().filter(p -> p.server() == null).toList();
            if (!free.isEmpty()) {
                sb.append("On any CPU: ").append(list(free)).append(". ");
            }
            List<ServerCpu> saturated = servers.stream().filter(s -> s.busy() >= SATURATED).toList();
            if (saturated.size() == 1) {
                ServerCpu s = saturated.get(0);
                sb.append("The ").append(s.name()).append(" is the bottleneck: ")
                        .append(s.name().equals("database server") ? "the database needs more than its CPU, or fewer "
                                + "statements per request." : "give it more CPUs, or do less work per request.");
            } else if (saturated.isEmpty()) {
                sb.append("Neither server is saturated.");
            } else {
                sb.append("Every server is saturated.");
            }
            return sb.toString().strip();
        }
        if (host != null) {
            sb.append(cores(host.cpus())).append(": ");
        }
        sb.append(list(processes)).append("; the step's processes ").append(Format.percent(totalPercent()));
        if (host != null && host.cpuPercent() != null) {
            double busy = host.cpuPercent() / host.capacityPercent();
            sb.append(", the whole machine ").append(Format.percent(host.cpuPercent())).append(" (")
                    .append(Format.fractionAsPercent(busy)).append(" busy)");
            sb.append(busy >= SATURATED ? ": saturated, so more app instances on this machine cannot add throughput."
                    : ": there was CPU to spare.");
        } else {
            sb.append('.');
        }
        return sb.toString();
    }

    /**
     * The capacity and its use in a few words: "2 cores = 200 %, 123 % used (61 % busy)", or with the split
     * "database server (CPU 0): 70 % of 100 %; app server (CPU 1): 99 % of 100 %, saturated".
     */
    public String machineText() {
        if (!servers.isEmpty()) {
            return String.join("; ", servers.stream().map(s -> s.name() + " (CPU " + s.cpus() + "): "
                    + Format.percent(s.cpuPercent()) + " of " + Format.percent(s.cores() * 100.0)
                    + (s.busy() >= SATURATED ? ", saturated" : "")).toList());
        }
        if (host == null) {
            return "";
        }
        String text = cores(host.cpus());
        if (host.cpuPercent() != null) {
            double busy = host.cpuPercent() / host.capacityPercent();
            text += ", " + Format.percent(host.cpuPercent()) + " used (" + Format.fractionAsPercent(busy) + " busy"
                    + (busy >= SATURATED ? ", saturated)" : ")");
        }
        return text;
    }

    /** Every process with its CPU, busiest first: "app-1 61 %, app-2 58 %, database 40 %". */
    public String processText() {
        return list(processes);
    }

    private static String list(List<ProcessCpu> ps) {
        return String.join(", ", ps.stream().map(p -> p.name() + " " + Format.percent(p.cpuPercent())).toList());
    }

    private static String cores(int n) {
        return n + (n == 1 ? " core = " : " cores = ") + Format.percent(n * 100.0);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Double median(List<Double> values) {
        double[] v = values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return v.length == 0 ? null : Stats.median(v);
    }
}
