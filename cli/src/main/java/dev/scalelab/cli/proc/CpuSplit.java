package dev.scalelab.cli.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The story's "move the database to its own server" on one machine: the database server (and the backends it
 * forks later) pinned to CPU 0, the step's other processes (app instances, worker, proxies) to the remaining CPUs,
 * with {@code taskset}. {@link #close()} gives the database every CPU back, since it outlives the step.
 */
public final class CpuSplit implements AutoCloseable {
    private final List<Long> database;
    private final String allCpus;
    private final Optional<String> problem;

    private CpuSplit(List<Long> database, String allCpus, Optional<String> problem) {
        this.database = database;
        this.allCpus = allCpus;
        this.problem = problem;
    }

    /** Pins what it can; {@link #problem()} says why the split did not happen. */
    public static CpuSplit apply(List<Long> databasePids, List<Long> others) {
        int cpus = Runtime.getRuntime().availableProcessors();
        String all = "0-" + (cpus - 1);
        if (cpus < 2) {
            return new CpuSplit(List.of(), all, Optional.of("split needs at least 2 CPUs; this machine has " + cpus));
        }
        if (Programs.find("taskset").isEmpty()) {
            return new CpuSplit(List.of(), all, Optional.of("split needs taskset; install with: apt-get install -y util-linux"));
        }
        if (databasePids.isEmpty()) {
            return new CpuSplit(List.of(), all, Optional.of("split pins the embedded database only; with --db-url "
                    + "the database process is not scalelab's to pin"));
        }
        List<Long> db = withDescendants(databasePids);
        String rest = cpus == 2 ? "1" : "1-" + (cpus - 1);
        List<String> failures = new ArrayList<>();
        db.forEach(pid -> pin(pid, "0", failures));
        withDescendants(others).forEach(pid -> pin(pid, rest, failures));
        return new CpuSplit(db, all, failures.isEmpty() ? Optional.empty()
                : Optional.of("taskset failed for " + String.join(", ", failures)));
    }

    public Optional<String> problem() {
        return problem;
    }

    private static List<Long> withDescendants(List<Long> roots) {
        List<Long> out = new ArrayList<>();
        for (long pid : roots) {
            out.add(pid);
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> out.add(d.pid())));
        }
        return out;
    }

    private static void pin(long pid, String cpus, List<String> failures) {
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    failures.add("pid " + pid);
                }
            }
        } catch (IOException e) {
            failures.add("pid " + pid + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        List<String> ignored = new ArrayList<>();
        for (long root : database) {
            if (ProcessHandle.of(root).map(ProcessHandle::isAlive).orElse(false)) {
                withDescendants(List.of(root)).forEach(pid -> pin(pid, allCpus, ignored));
            }
        }
    }
}
