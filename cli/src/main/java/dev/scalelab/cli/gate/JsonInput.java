package dev.scalelab.cli.gate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The strict reader of the gate's JSON inputs (baselines and per-test profiles): limits on size and depth, no
 * duplicate keys, no unknown keys, no nulls where a number belongs. Every problem is collected with its JSON path;
 * {@link #check()} reports the first in one line (file, path, what was expected, what was found, what to do) and
 * counts the rest.
 */
final class JsonInput {
    static final int MAX_DEPTH = 32;
    static final long MAX_BYTES = 32L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private final Path file;
    private final String fix;
    private final List<String> problems = new ArrayList<>();

    private JsonInput(Path file, String fix) {
        this.file = file;
        this.fix = fix;
    }

    /** A parsed file and the checker of its content. */
    record Parsed(JsonNode root, JsonInput in) {
    }

    /**
     * Parses {@code file} as one JSON value.
     *
     * @param what what the file should be, e.g. "a valid baseline"
     * @param fix  what to do about a broken file, e.g. "fix it, or delete it and record a new one with --update"
     * @throws IllegalArgumentException one line naming the file when it is missing, too big, or not JSON
     */
    static Parsed parse(Path file, String what, String fix) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException(file + " is " + size / (1024 * 1024) + " MB, more than the "
                        + MAX_BYTES / (1024 * 1024) + " MB " + what + " may have; " + fix);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                throw new IllegalArgumentException(file + " is empty, expected " + what + " (a JSON object); " + fix);
            }
            JsonNode root;
            try (JsonParser p = JSON.createParser(text)) {
                root = JSON.readTree(p);
                if (p.nextToken() != null) {
                    throw new IllegalArgumentException(file + " is not " + what + ": invalid JSON at line "
                            + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr()
                            + " (more content after the JSON value); " + fix);
                }
            }
            return new Parsed(root, new JsonInput(file, fix));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file at " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + " is not " + what + ": not UTF-8 text; " + fix);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException(file + " is not " + what + ": " + (e.getMessage().contains("nesting depth")
                    ? "nested more than " + MAX_DEPTH + " levels deep" : e.getOriginalMessage().lines().findFirst().orElse(""))
                    + "; " + fix);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll(" \\((for|StreamReadConstraints|through reference chain).*", "")
                    .replaceAll("\\s*at \\[Source.*", "");
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(file + " is not " + what + ": invalid JSON" + where + " (" + reason
                    + "); " + fix);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Throws the first problem (and how many more there are) as one line; does nothing when there are none. */
    void check() {
        if (!problems.isEmpty()) {
            String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more problem"
                    + (problems.size() == 2 ? "" : "s") + ")";
            throw new IllegalArgumentException(file + ": " + problems.get(0) + more + "; " + fix);
        }
    }

    void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    /** The object at {@code path}, or null (a problem noted) when it is something else. */
    JsonNode object(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            problem(path, "expected a map {...}, found " + describe(n));
            return null;
        }
        return n;
    }

    /** Notes every key of {@code n} that is not in {@code known}. */
    void knownKeys(JsonNode n, String path, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                problem(key(path, k), "unknown key, expected one of " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** A required whole number {@code >= min}; {@code -1} (a problem noted) otherwise. */
    int wholeNumber(JsonNode parent, String field, String path, int min) {
        JsonNode n = parent.get(field);
        String p = key(path, field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min) {
            problem(p, "expected a whole number >= " + min + ", found " + describe(n));
            return -1;
        }
        return n.intValue();
    }

    /** An optional whole number {@code >= min}: {@code dflt} when the key is absent (null is a problem). */
    int wholeNumber(JsonNode parent, String field, String path, int min, int dflt) {
        return parent.has(field) ? wholeNumber(parent, field, path, min) : dflt;
    }

    /** A required non-blank string (or null when {@code nullable} and the value is null); null otherwise. */
    String text(JsonNode parent, String field, String path, boolean nullable) {
        JsonNode n = parent.get(field);
        if (nullable && n != null && n.isNull()) {
            return null;
        }
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            problem(key(path, field), "expected " + (n != null && n.isTextual() ? "a non-blank string" : "a string")
                    + (nullable ? " or null" : "") + ", found " + describe(n));
            return null;
        }
        return n.asText();
    }

    /** A required list of non-blank strings. */
    List<String> texts(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        String p = key(path, field);
        if (n == null || !n.isArray()) {
            problem(p, "expected a list of strings [...], found " + describe(n));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                problem(p + "[" + i + "]", "expected a non-blank string, found " + describe(e));
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    /** The entries of a map, in file order. */
    static Iterable<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        return object::fields;
    }

    /** {@code $.routes["GET /"]} style paths; plain names stay dotted. */
    static String key(String path, String k) {
        if (k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return path + "." + k;
        }
        String shown = k.length() > 80 ? k.substring(0, 77) + "..." : k;
        return path + "[\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"]";
    }

    /** What a value is, for messages: {@code null}, {@code a list [...]}, {@code the string "3"}, {@code 3.5}. */
    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing (the key is missing)";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isArray()) {
            return "a list [...]";
        }
        if (n.isObject()) {
            return "a map {...}";
        }
        if (n.isTextual()) {
            String t = n.asText();
            return "the string \"" + (t.length() > 40 ? t.substring(0, 37) + "..." : t).replace("\n", "\\n") + "\"";
        }
        return n.toString();
    }
}
