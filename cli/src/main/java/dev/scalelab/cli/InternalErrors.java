package dev.scalelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the stack trace of an unexpected failure goes: never the terminal, but a log file the one-line message names.
 * A running ladder registers its run folder ({@link #runFolder(Path)}), so the log lands next to the results it
 * concerns ({@code error.log}); otherwise {@code ~/.cache/scalelab/errors/<timestamp>.log}, else the system temp
 * folder.
 */
final class InternalErrors {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static volatile Path runFolder;

    private InternalErrors() {
    }

    /** The run folder of the command in progress (null when none): internal errors are logged there. */
    static void runFolder(Path dir) {
        runFolder = dir;
    }

    /**
     * Writes {@code t}'s stack trace to a log file and returns the one line to show: what failed, and where the
     * details are.
     */
    static String report(Throwable t, String command) {
        String what = describe(t);
        Path log = write(t, command);
        String where = log == null ? "no log file could be written" : "details in " + log;
        return "internal error in '" + command + "': " + what + "; " + where
                + " (please report it with that file)";
    }

    /** The failure in a few words: the kind of error and its message, cut to one line. */
    static String describe(Throwable t) {
        String kind;
        if (t instanceof StackOverflowError) {
            kind = "the input is nested too deeply for this command (stack overflow)";
        } else if (t instanceof OutOfMemoryError) {
            kind = "out of memory (" + firstLine(t.getMessage()) + "); give the JVM more, e.g. SCALELAB_JAVA_OPTS=-Xmx2g";
        } else {
            kind = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
        }
        return kind.length() > 200 ? kind.substring(0, 197) + "..." : kind;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        return s.lines().findFirst().orElse("").strip();
    }

    private static Path write(Throwable t, String command) {
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            w.println("scalelab internal error at " + Instant.now() + " in '" + command + "'");
            w.println("Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
            if (t instanceof StackOverflowError) {
                // thousands of identical frames say nothing more than the first hundred
                StackTraceElement[] frames = t.getStackTrace();
                w.println(t);
                for (int i = 0; i < Math.min(frames.length, 200); i++) {
                    w.println("\tat " + frames[i]);
                }
            } else {
                t.printStackTrace(w);
            }
        }
        String name = STAMP.format(Instant.now()) + ".log";
        List<Path> candidates = new ArrayList<>();
        Path run = runFolder;
        if (run != null) {
            candidates.add(run.resolve("error.log"));
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home, ".cache", "scalelab", "errors", name));
        }
        candidates.add(Path.of(System.getProperty("java.io.tmpdir"), "scalelab-error-" + name));
        for (Path p : candidates) {
            try {
                Files.createDirectories(p.toAbsolutePath().getParent());
                Files.writeString(p, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                return p.toAbsolutePath();
            } catch (IOException | RuntimeException e) {
                // try the next place
            }
        }
        return null;
    }
}
