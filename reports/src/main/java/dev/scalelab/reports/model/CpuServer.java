package dev.scalelab.reports.model;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Processes pinned to the same CPUs during a step that split the machine (the ladder's {@code split} option), read
 * as one server of their own: the story's "the database moves to its own server" played on one machine.
 *
 * @param name      what the group stands for, e.g. {@code database server}, {@code app server}
 * @param cpus      the CPUs its processes may run on, as Linux lists them ({@code 0}, {@code 1-3}, {@code 0,2})
 * @param processes the process groups pinned there, keys of {@link Resources#processes()}
 */
public record CpuServer(String name, String cpus, List<String> processes) {
    public CpuServer {
        Checks.required("servers.name", name);
        Checks.required("servers.cpus", cpus);
        cores(cpus);
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    /** How many CPUs the server has: its capacity is that many times 100 %. */
    public int cores() {
        return cores(cpus);
    }

    /**
     * The number of CPUs in a Linux CPU list ({@code 0-1,4} is 3).
     *
     * @throws IllegalArgumentException when the list is not of that form
     */
    public static int cores(String cpuList) {
        return cpuSet(cpuList).size();
    }

    /**
     * The CPUs of a Linux CPU list, as {@code /proc/<pid>/status} and {@code taskset} write them ({@code 0-2,5} is
     * 0, 1, 2, 5).
     *
     * @throws IllegalArgumentException when the list is not of that form
     */
    public static SortedSet<Integer> cpuSet(String cpuList) {
        SortedSet<Integer> out = new TreeSet<>();
        try {
            for (String part : cpuList.strip().split(",")) {
                String[] range = part.strip().split("-", 2);
                int from = Integer.parseInt(range[0].strip());
                int to = range.length == 1 ? from : Integer.parseInt(range[1].strip());
                if (from < 0 || to < from) {
                    throw new NumberFormatException();
                }
                for (int c = from; c <= to; c++) {
                    out.add(c);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("servers.cpus must be a CPU list such as 0, 1-3 or 0,2, found \""
                    + cpuList + "\"");
        }
        return out;
    }
}
