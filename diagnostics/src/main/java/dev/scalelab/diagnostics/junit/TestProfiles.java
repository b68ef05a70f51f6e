package dev.scalelab.diagnostics.junit;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.StatementGroup;
import dev.scalelab.diagnostics.StatementKind;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.internal.Json;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-test query profiles: one JSON file per test that ran statements, read by
 * {@code scalelab gate --from-tests DIR}. The format is specified in {@code docs/test-profiles.md}.
 *
 * <pre>{@code
 * UnitReport report = unit.end();
 * TestProfiles.write(TestProfiles.testId(context), report);   // target/scalelab/queries/<test id>.json
 * }</pre>
 *
 * <p>{@link DiagnosticsExtension} calls this for every test it measures; other test support (the Spring Boot
 * starter's) calls it with the report of its own unit.
 */
public final class TestProfiles {
    /** System property (or JUnit configuration parameter) naming the folder, or {@value #OFF}. */
    public static final String DIR_PROPERTY = "scalelab.queries.dir";
    /** Environment variable naming the folder, or {@value #OFF}; the system property wins. */
    public static final String DIR_ENV = "SCALELAB_QUERIES_DIR";
    /** The value that turns writing off. */
    public static final String OFF = "off";
    /** Relative to the working directory of the test JVM (the module folder under Maven Surefire). */
    public static final Path DEFAULT_DIR = Path.of("target", "scalelab", "queries");
    public static final int SCHEMA_VERSION = 1;

    private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9.#\\-_\\[\\]]");

    private TestProfiles() {
    }

    /**
     * Where profiles go: the system property {@value #DIR_PROPERTY}, else the environment variable
     * {@value #DIR_ENV}, else {@link #DEFAULT_DIR}; empty when the value is {@value #OFF}.
     */
    public static Optional<Path> directory() {
        return directory(key -> Optional.ofNullable(System.getProperty(key)));
    }

    /** As {@link #directory()}, with the property looked up by {@code property} (e.g. JUnit configuration). */
    static Optional<Path> directory(Function<String, Optional<String>> property) {
        String value = property.apply(DIR_PROPERTY).filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(System.getenv(DIR_ENV)).filter(v -> !v.isBlank()))
                .map(String::strip)
                .orElse(null);
        if (value == null) {
            return Optional.of(DEFAULT_DIR);
        }
        return OFF.equalsIgnoreCase(value) ? Optional.empty() : Optional.of(Path.of(value));
    }

    /**
     * The test's id: {@code fully.qualified.TestClass#method}, with {@code [n]} appended for the n-th invocation of
     * a repeated or parameterized test.
     */
    public static String testId(ExtensionContext context) {
        String id = context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName();
        Matcher m = INVOCATION.matcher(context.getUniqueId());
        return m.find() ? id + "[" + m.group(1) + "]" : id;
    }

    /** The file name of a test's profile: the id with unsafe characters replaced by {@code _}, plus {@code .json}. */
    public static String fileName(String testId) {
        return UNSAFE.matcher(testId).replaceAll("_") + ".json";
    }

    /**
     * Writes the test's profile into {@link #directory()}.
     *
     * @return the file written; empty when writing is off or the test ran no statements (a profile left by an
     *         earlier run of the same test is then removed, so the folder never shows a stale count)
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static Optional<Path> write(String testId, UnitReport report) {
        Optional<Path> dir = directory();
        return dir.isEmpty() ? Optional.empty() : write(dir.get(), testId, report);
    }

    /** As {@link #write(String, UnitReport)}, into {@code dir} (created when missing). */
    public static Optional<Path> write(Path dir, String testId, UnitReport report) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(report, "report");
        if (testId.isBlank()) {
            throw new IllegalArgumentException("testId: expected Class#method, found a blank string");
        }
        Path file = dir.resolve(fileName(testId));
        try {
            if (report.applicationStatements() == 0) {
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, toJson(testId, report), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the query profile of " + testId + " to " + file.toAbsolutePath()
                    + " (" + e + "); set -D" + DIR_PROPERTY + " to a writable folder, or to " + OFF, e);
        }
    }

    /** The profile as JSON: statements, counts by fingerprint with kind and call site, N+1 findings. */
    public static String toJson(String testId, UnitReport report) {
        Map<String, StatementGroup> groups = new TreeMap<>();
        for (StatementGroup g : report.groups()) {
            if (g.kind() != StatementKind.INFRASTRUCTURE) {
                groups.merge(g.fingerprint(), g, (a, b) -> new StatementGroup(a.fingerprint(), a.kind(),
                        a.count() + b.count(), a.totalMicros() + b.totalMicros(), a.callSite(), a.callSites() + b.callSites()));
            }
        }
        TreeSet<String> nPlusOne = new TreeSet<>();
        for (Finding f : report.findings()) {
            if (f.kind() == Finding.Kind.N_PLUS_ONE) {
                String where = callSite(f.callSite());
                nPlusOne.add(where == null ? f.fingerprint() : f.fingerprint() + " at " + where);
            }
        }
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"schemaVersion\": ").append(SCHEMA_VERSION).append(",\n");
        b.append("  \"test\": ");
        Json.quote(b, testId).append(",\n");
        b.append("  \"statements\": ").append(report.applicationStatements()).append(",\n");
        b.append("  \"byFingerprint\": {");
        String sep = "\n";
        for (StatementGroup g : groups.values()) {
            b.append(sep).append("    ");
            Json.quote(b, g.fingerprint()).append(": {\"count\": ").append(g.count()).append(", \"kind\": \"")
                    .append(g.kind().name()).append("\", \"callSite\": ");
            String where = callSite(g.callSite());
            if (where == null) {
                b.append("null");
            } else {
                Json.quote(b, where);
            }
            b.append('}');
            sep = ",\n";
        }
        b.append(groups.isEmpty() ? "},\n" : "\n  },\n");
        b.append("  \"nPlusOne\": [");
        sep = "";
        for (String f : nPlusOne) {
            b.append(sep);
            Json.quote(b, f);
            sep = ", ";
        }
        return b.append("]\n}\n").toString();
    }

    /**
     * A call site, or null when there is none: the recorder reports placeholders such as {@code (call stacks off)}
     * in parentheses, and a frame never starts with one.
     */
    private static String callSite(String s) {
        return s == null || s.isBlank() || s.startsWith("(") ? null : s;
    }
}
