package dev.scalelab.app.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * PostgreSQL started from the zonky binaries, so a newcomer needs nothing installed. Binaries and data live
 * under the user's data directory (not /tmp); the data survives restarts so the dataset is generated once.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final long MIN_FREE_BYTES = 300L * 1024 * 1024;

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    static EmbeddedDatabase start(Path baseDir, int maxConnections, Consumer<String> log) {
        Path dataDir = baseDir.resolve("pgdata");
        Path binDir = baseDir.resolve("pgbin");
        preflight(baseDir, dataDir, binDir);
        log.accept("starting embedded PostgreSQL (data in " + dataDir + ", max_connections=" + maxConnections + ")");
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binDir.toFile())
                    .setServerConfig("max_connections", Integer.toString(maxConnections))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("shared_buffers", "128MB")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new EmbeddedDatabase(pg, dataDir);
        } catch (IOException | RuntimeException e) {
            throw new DatabaseUnavailableException("the embedded PostgreSQL did not start: " + rootMessage(e)
                    + ". Check that " + baseDir + " is writable and has free space, or use an existing server with --db-url");
        }
    }

    /** Checks what commonly stops an embedded start, so the user gets a reason instead of a stack trace. */
    static void preflight(Path baseDir, Path dataDir, Path binDir) {
        try {
            Files.createDirectories(binDir);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot create " + binDir + " for the embedded PostgreSQL ("
                    + e.getMessage() + "); set XDG_DATA_HOME to a writable directory or use --db-url");
        }
        if (!Files.isWritable(baseDir)) {
            throw new DatabaseUnavailableException(baseDir + " is not writable; set XDG_DATA_HOME to a writable "
                    + "directory or use --db-url");
        }
        try {
            long free = Files.getFileStore(baseDir).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new DatabaseUnavailableException("only " + free / (1024 * 1024) + " MB free in " + baseDir
                        + "; the embedded PostgreSQL needs about 300 MB. Free some space or use --db-url");
            }
        } catch (IOException e) {
            // the store cannot tell its free space: let the start itself decide
        }
        if (isRoot() && !userNamespacesAllowed()) {
            throw new DatabaseUnavailableException("running as root, the embedded PostgreSQL needs user namespaces "
                    + "(unshare -U), which this machine refuses; run as a normal user or use --db-url");
        }
        removeStalePidFile(dataDir);
    }

    /** A killed JVM leaves postmaster.pid behind; PostgreSQL then refuses to start. Remove it unless its process lives. */
    static void removeStalePidFile(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            String first = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
            Optional<ProcessHandle> owner = first.matches("\\d+")
                    ? ProcessHandle.of(Long.parseLong(first)) : Optional.empty();
            if (owner.isPresent() && owner.get().isAlive()
                    && owner.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
                throw new DatabaseUnavailableException("the embedded database in " + dataDir + " is in use by process "
                        + first + " (another scalelab app?); stop it first, or use --db-url");
            }
            Files.delete(pidFile);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot remove the stale " + pidFile + " (" + e.getMessage()
                    + "); delete it by hand");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean userNamespacesAllowed() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * Stops the server. A server that is already gone (killed, crashed) is left alone: pg_ctl would fail and the
     * embedded library print its stack trace; its stale postmaster.pid is removed by the next start.
     */
    @Override
    public void close() {
        if (!postmasterAlive()) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            // the server is being stopped anyway; nothing useful to add
        }
    }

    private boolean postmasterAlive() {
        try {
            String first = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII).stream()
                    .findFirst().orElse("").trim();
            if (!first.matches("\\d+") || !ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false)) {
                return false;
            }
            // a killed server nobody has reaped yet is a zombie: gone, though its process entry remains
            Path stat = Path.of("/proc", first, "stat");
            if (Files.isReadable(stat)) {
                String s = Files.readString(stat, StandardCharsets.US_ASCII);
                int end = s.lastIndexOf(')');
                return end < 0 || end + 2 >= s.length() || s.charAt(end + 2) != 'Z';
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: stop it the usual way
        }
    }

    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
