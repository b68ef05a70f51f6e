package dev.scalelab.cli.proc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every child process the CLI starts is registered here and stopped when the command ends, also on Ctrl-C or
 * SIGTERM (a shutdown hook), together with its descendants: no process outlives the command.
 */
public final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private ChildProcesses() {
    }

    /** Registers a started child; returns it. */
    public static Process register(Process p) {
        installHook();
        LIVE.add(p);
        return p;
    }

    /** Stops a child and its descendants: SIGTERM, then SIGKILL after {@code grace}. */
    public static boolean stop(Process p, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        p.destroy();
        tree.forEach(ProcessHandle::destroy);
        boolean polite = false;
        try {
            polite = p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!polite) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        LIVE.remove(p);
        return polite;
    }

    /** Stops every registered child. */
    public static void stopAll() {
        for (Process p : List.copyOf(LIVE)) {
            stop(p, Duration.ofSeconds(8));
        }
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "scalelab-stop-children"));
            hookInstalled = true;
        }
    }
}
