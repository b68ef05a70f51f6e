package dev.scalelab.reports.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resource use of the processes taking part in a step. Any of {@code app}, {@code database} and {@code injector} is
 * null when it was not sampled (an external database given with {@code --db-url} has no process to sample).
 *
 * @param app       the app JVM(s); several instances are summed
 * @param database  the database server
 * @param injector  the load generator (Gatling child JVM)
 * @param processes every process group on its own, in sampling order: each app instance ({@code app-1},
 *                  {@code app-2}; {@code app} when there is one), {@code database}, {@code injector},
 *                  {@code worker}, and servers such as {@code pgbouncer}, {@code memcached}, {@code nginx}. They
 *                  do not overlap, so their CPU adds up. Empty in summaries written before it was recorded
 * @param host      the machine's CPUs and its total CPU use; null when unknown
 * @param servers   with the CPU split, the process groups pinned to the same CPUs (database server, app server);
 *                  empty when the step did not split the machine or the pinning was not seen
 */
public record Resources(ProcessResources app, ProcessResources database, ProcessResources injector,
                        Map<String, ProcessResources> processes, HostCpu host, List<CpuServer> servers) {

    public Resources {
        processes = processes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(processes));
        servers = servers == null ? List.of() : List.copyOf(servers);
        for (CpuServer s : servers) {
            for (String p : s.processes()) {
                if (!processes.containsKey(p)) {
                    throw new IllegalArgumentException("servers: " + s.name() + " names process \"" + p
                            + "\", expected one of processes " + processes.keySet());
                }
            }
        }
    }

    /** App, database and injector only. */
    public Resources(ProcessResources app, ProcessResources database, ProcessResources injector) {
        this(app, database, injector, Map.of(), null, List.of());
    }

    /** The server a process group was pinned to; null without a split or when it ran on any CPU. */
    public CpuServer serverOf(String process) {
        return servers.stream().filter(s -> s.processes().contains(process)).findFirst().orElse(null);
    }
}
