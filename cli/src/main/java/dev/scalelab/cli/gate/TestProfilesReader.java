package dev.scalelab.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.cli.gate.QueryProfile.Route;
import dev.scalelab.cli.gate.QueryProfile.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the per-test query profiles the JUnit extension writes (docs/test-profiles.md) as one {@link QueryProfile}
 * keyed by test id, each test a "route" of one request. Every file is validated strictly; the first that does not
 * validate ends the read with one line naming it.
 */
public final class TestProfilesReader {
    static final String FIX_PROFILE = "delete it and run the tests again (the JUnit extension of scalelab's"
            + " diagnostics writes these files; see docs/test-profiles.md)";
    private static final Set<String> KINDS = Set.of("READ", "WRITE", "DDL", "OTHER");

    private TestProfilesReader() {
    }

    /**
     * @param dir the folder of profiles, e.g. {@code target/scalelab/queries}
     * @throws IllegalArgumentException one line when the folder is missing, holds no profile, or a profile does not
     *                                  validate (naming the file)
     */
    public static QueryProfile read(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("no folder " + dir + ": run the test suite first (with the scalelab JUnit"
                    + " extension, which writes one profile per test there; see docs/test-profiles.md)");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a folder; --from-tests takes the folder of per-test"
                    + " profiles, e.g. target/scalelab/queries");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no test profiles (*.json) in " + dir + ": no test was measured, so"
                    + " nothing can pass; register the scalelab JUnit extension (see docs/test-profiles.md) and run"
                    + " the tests first");
        }
        Map<String, Route> tests = new TreeMap<>();
        Map<String, Path> from = new HashMap<>();
        for (Path f : files) {
            Map.Entry<String, Route> t = readOne(f);
            Path earlier = from.putIfAbsent(t.getKey(), f);
            if (earlier != null) {
                throw new IllegalArgumentException(f + ": test \"" + t.getKey() + "\" is also profiled in " + earlier
                        + "; " + FIX_PROFILE);
            }
            tests.put(t.getKey(), t.getValue());
        }
        return new QueryProfile(QueryProfile.SCHEMA_VERSION, "tests in " + dir, tests);
    }

    /** One profile file as its test id and route. */
    static Map.Entry<String, Route> readOne(Path file) {
        JsonInput.Parsed parsed = JsonInput.parse(file, "a valid test profile", FIX_PROFILE);
        JsonInput in = parsed.in();
        JsonNode root = in.object(parsed.root(), "$");
        in.check();
        int version = in.wholeNumber(root, "schemaVersion", "$", 1);
        in.check();
        if (version != 1) {
            throw new IllegalArgumentException(file + " has schemaVersion " + version + ", this scalelab reads 1;"
                    + " use the same scalelab version for the diagnostics library and the CLI");
        }
        in.knownKeys(root, "$", Set.of("schemaVersion", "test", "statements", "byFingerprint", "nPlusOne"));
        String test = in.text(root, "test", "$", false);
        int statements = in.wholeNumber(root, "statements", "$", 0);
        Map<String, Statement> byFingerprint = new TreeMap<>();
        JsonNode fps = in.object(root.get("byFingerprint"), "$.byFingerprint");
        if (fps != null) {
            for (Map.Entry<String, JsonNode> e : JsonInput.entries(fps)) {
                String p = JsonInput.key("$.byFingerprint", e.getKey());
                JsonNode s = in.object(e.getValue(), p);
                if (s == null) {
                    continue;
                }
                in.knownKeys(s, p, Set.of("count", "kind", "callSite"));
                int count = in.wholeNumber(s, "count", p, 1);
                String kind = in.text(s, "kind", p, false);
                if (kind != null && !KINDS.contains(kind)) {
                    in.problem(JsonInput.key(p, "kind"), "expected one of DDL, OTHER, READ, WRITE, found "
                            + JsonInput.describe(s.get("kind")));
                }
                String callSite = in.text(s, "callSite", p, true);
                byFingerprint.put(e.getKey(), new Statement(Math.max(count, 1), callSite));
            }
        }
        List<String> nPlusOne = in.texts(root, "nPlusOne", "$");
        in.check();
        return Map.entry(test, new Route(1, 0, statements, byFingerprint, nPlusOne, null));
    }
}
