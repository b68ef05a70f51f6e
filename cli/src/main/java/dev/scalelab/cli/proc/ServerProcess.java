package dev.scalelab.cli.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A server of the production stack (PgBouncer, memcached, nginx) running in the foreground as a child of this
 * command: output in a log file next to its generated configuration, ready once {@link Readiness} says so, and
 * stopped with the command (also on Ctrl-C, through {@link ChildProcesses}).
 */
public final class ServerProcess implements AutoCloseable {

    /** Whether the server answers as it should yet. */
    @FunctionalInterface
    public interface Readiness {
        boolean check() throws Exception;
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code command} and waits until it is ready; throws {@link IllegalStateException} with the reason (and
     * the server's last log line) when it exits or is not ready within {@code timeout}, after stopping it.
     */
    static ServerProcess start(String name, List<String> command, int port, Path log, Readiness ready, Duration timeout)
            throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        ServerProcess s = new ServerProcess(name, ChildProcesses.register(pb.start()), port, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!s.process.isAlive()) {
                String why = s.lastLogLine();
                s.close();
                throw new IllegalStateException(name + " exited with code " + s.process.exitValue()
                        + " before it was ready: " + why + " (see " + log + ")");
            }
            try {
                if (ready.check()) {
                    return s;
                }
            } catch (Exception e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                s.close();
                throw new IllegalStateException(name + " was not ready on 127.0.0.1:" + port + " after "
                        + timeout.toSeconds() + " s (" + last + "); see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Makes {@code dir} and everything in it owned by {@link Programs#SERVICE_USER} when this process runs as
     * root: the servers switch to that user and must still read and write their own state.
     */
    static void giveToServiceUser(Path dir) throws IOException {
        if (!Programs.runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        var owner = users.lookupPrincipalByName(Programs.SERVICE_USER);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.getFileAttributeView(p, PosixFileAttributeView.class).setOwner(owner);
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(the log is empty)";
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
    }
}
