package dev.scalelab.cli;

/**
 * Whether the JVM is shutting down (Ctrl-C, SIGTERM). A command's main thread that finishes its cleanup during
 * shutdown must not call {@code System.exit}: that would wait for the shutdown hooks, which wait for the thread.
 */
public final class Shutdown {
    private static volatile boolean inProgress;

    private Shutdown() {
    }

    /** Called first by shutdown hooks that wait for the main thread. */
    public static void begin() {
        inProgress = true;
    }

    public static boolean inProgress() {
        return inProgress;
    }
}
