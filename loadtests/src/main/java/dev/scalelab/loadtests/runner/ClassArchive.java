package dev.scalelab.loadtests.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A dynamic class-data-sharing archive (JDK AppCDS) for the child JVMs scalelab starts over and over (the app per
 * step, the Gatling injector per step): the first JVM of a kind records the classes it loaded when it exits, later
 * ones map them instead of loading and verifying them again, which halves their start (measured: the reference app
 * is ready in 1.4–1.7 s instead of 2.7–3.1 s).
 *
 * <p>The archive lives in {@code $XDG_CACHE_HOME/scalelab/cds} (else {@code ~/.cache/scalelab/cds}), named by the
 * kind, the Java runtime and the classpath with each entry's size and modification time, so a rebuilt jar or another
 * JDK gets its own. A JVM writes to a name of its own; {@link #publish()} moves a complete archive in place after the
 * JVM exited, so concurrent JVMs never read a half-written one. When the folder cannot be written, when the
 * classpath has class folders (the JVM archives jar files only), or with {@code SCALELAB_CDS=off}, JVMs start as
 * before. The JVM's own CDS messages are switched off: an archive it cannot
 * use (for example one made by another build) is simply ignored.
 */
public final class ClassArchive {
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path archive;
    private final Path writing;
    private final List<String> options;

    private ClassArchive(Path archive, Path writing, List<String> options) {
        this.archive = archive;
        this.writing = writing;
        this.options = options;
    }

    /** The archive for JVMs of {@code kind} (a file-name word such as {@code app}) running {@code classpath}. */
    public static ClassArchive of(String kind, String classpath) {
        if ("off".equalsIgnoreCase(System.getenv("SCALELAB_CDS"))) {
            return none();
        }
        return in(cacheDir().resolve("cds"), kind, classpath);
    }

    /** No archive: the JVM starts as it would without scalelab. */
    public static ClassArchive none() {
        return new ClassArchive(null, null, List.of());
    }

    static ClassArchive in(Path dir, String kind, String classpath) {
        // The JVM archives classes from jar files only: with a class folder on the classpath (a build's
        // target/classes) it refuses to record, and exits with an error.
        if (Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .anyMatch(e -> !e.isEmpty() && (e.endsWith("*") || Files.isDirectory(Path.of(e))))) {
            return none();
        }
        try {
            Files.createDirectories(dir);
            removeStaleParts(dir);
            Path archive = dir.resolve(kind + "-" + key(classpath) + ".jsa");
            if (Files.isRegularFile(archive)) {
                return new ClassArchive(archive, null, concat("-XX:SharedArchiveFile=" + archive));
            }
            Path writing = dir.resolve(archive.getFileName() + "." + ThreadLocalRandom.current().nextLong(1L << 40)
                    + ".part");
            return new ClassArchive(archive, writing, concat("-XX:ArchiveClassesAtExit=" + writing));
        } catch (IOException | RuntimeException e) {
            return none();
        }
    }

    /** The options to put before the main class. */
    public List<String> jvmOptions() {
        return options;
    }

    /**
     * After the JVM exited: makes the archive it wrote available to the next ones when it exited on its own or on a
     * polite stop ({@code complete}); otherwise (killed, or still running) drops what it wrote.
     */
    public void publish(boolean complete) {
        if (writing == null) {
            return;
        }
        try {
            if (complete && Files.isRegularFile(writing) && Files.size(writing) > 0 && !Files.exists(archive)) {
                Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE);
                pruneOlder(archive);
            }
        } catch (IOException | RuntimeException e) {
            // the next JVM starts without the archive, and tries again
        } finally {
            try {
                Files.deleteIfExists(writing);
            } catch (IOException ignored) {
                // a stale part file in a cache folder is harmless
            }
        }
    }

    /** The archive in use or being written; empty when off. */
    public Optional<Path> path() {
        return Optional.ofNullable(archive);
    }

    /** Archives kept per kind. */
    static final int KEEP = 2;

    /**
     * Every rebuild of the jar gets a new archive (about 50 to 75 MB each): keeps the newest {@link #KEEP} of a kind
     * and deletes the rest. A JVM still mapping a deleted archive keeps running; a later start of an older jar
     * writes its archive again.
     */
    static void pruneOlder(Path archive) {
        String name = archive.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        try (var files = Files.list(archive.getParent())) {
            List<Path> same = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".jsa"))
                    .sorted(Comparator.comparingLong(ClassArchive::modified).reversed()).toList();
            for (Path old : same.subList(Math.min(KEEP, same.size()), same.size())) {
                if (!old.equals(archive)) {
                    Files.deleteIfExists(old);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an archive left behind only takes space
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Part files of JVMs that were killed (say, with the command on Ctrl-C) are dropped after an hour. */
    private static void removeStaleParts(Path dir) throws IOException {
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".part")).toList()) {
                try {
                    if (Files.getLastModifiedTime(f).toMillis() < cutoff) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException ignored) {
                    // another command removed it
                }
            }
        }
    }

    private static List<String> concat(String option) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(option), QUIET.stream()).toList();
    }

    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("scalelab");
    }

    private static String key(String classpath) throws IOException {
        StringBuilder identity = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version"));
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            identity.append('|').append(p);
            if (Files.isRegularFile(p)) {
                identity.append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis());
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
