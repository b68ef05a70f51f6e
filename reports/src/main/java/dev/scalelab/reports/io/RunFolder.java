package dev.scalelab.reports.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

import dev.scalelab.reports.model.StepLinks;
import dev.scalelab.reports.model.StepResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The folder of one run: checks that the files a step links to are inside it, present and readable.
 * JSON, JSON Lines and CSV files are parsed (up to {@link #MAX_PARSED_BYTES}); other files are checked for
 * presence only.
 */
public final class RunFolder {
    /** Files larger than this are checked for presence only, so a large trace cannot slow the report down. */
    public static final long MAX_PARSED_BYTES = 64L * 1024 * 1024;

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final JsonFactory JSON = new JsonFactory();

    private final Path root;

    public RunFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The links of one step (Gatling report first, then raw files in their order), each checked. */
    public List<FileLink> check(StepResult step) {
        StepLinks links = step.links();
        List<FileLink> result = new ArrayList<>();
        if (links.gatlingReport() != null) {
            result.add(check("Gatling report", links.gatlingReport()));
        }
        for (Map.Entry<String, String> e : links.rawFiles().entrySet()) {
            result.add(check(e.getKey(), e.getValue()));
        }
        return result;
    }

    /** Checks one file given by a path relative to the run folder. */
    public FileLink check(String label, String relative) {
        if (relative == null || relative.isBlank()) {
            return new FileLink(label, String.valueOf(relative), null, "no path given");
        }
        if (SCHEME.matcher(relative).find() && !relative.matches("^[a-zA-Z]:[\\\\/].*")) {
            return new FileLink(label, relative, null, "link rejected: not a path inside the run folder");
        }
        Path resolved;
        try {
            Path p = Path.of(relative);
            if (p.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
                return new FileLink(label, relative, null,
                        "link rejected: absolute path, expected a path relative to the run folder");
            }
            resolved = root.resolve(p).normalize();
        } catch (InvalidPathException e) {
            return new FileLink(label, relative, null, "link rejected: not a valid path");
        }
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            return new FileLink(label, relative, null, "link rejected: leaves the run folder");
        }
        // a folder with an index.html (Gatling's report folder) links to its page
        Path target = Files.isDirectory(resolved) && Files.isRegularFile(resolved.resolve("index.html"))
                ? resolved.resolve("index.html") : resolved;
        String href = root.relativize(target).toString().replace('\\', '/');
        return new FileLink(label, relative, href, problem(resolved));
    }

    private static String problem(Path file) {
        if (Files.isDirectory(file)) {
            return null;
        }
        if (!Files.exists(file)) {
            return "not found";
        }
        if (!Files.isReadable(file)) {
            return "not readable (permission denied)";
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                return "is empty";
            }
            if (size > MAX_PARSED_BYTES) {
                return null;
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".json")) {
                return jsonProblem(file);
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
                return jsonLinesProblem(file);
            }
            if (name.endsWith(".csv")) {
                return csvProblem(file);
            }
            return null;
        } catch (IOException e) {
            return "cannot be read: " + e.getClass().getSimpleName();
        }
    }

    private static String jsonProblem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() == null) {
                return "is not valid JSON (no content)";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "is not valid JSON (content after the end, line " + p.currentLocation().getLineNr() + ")";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
        }
    }

    private static String jsonLinesProblem(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try (JsonParser p = JSON.createParser(line)) {
                    p.nextToken();
                    p.skipChildren();
                    if (p.nextToken() != null) {
                        return "is not valid JSON Lines (line " + n + " holds more than one value)";
                    }
                } catch (JsonProcessingException e) {
                    return "is not valid JSON Lines (line " + n + ")";
                }
            }
            return null;
        }
    }

    private static String csvProblem(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            int columns = columns(header);
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isEmpty()) {
                    continue;
                }
                int c = columns(line);
                if (c != columns) {
                    return "is not valid CSV (line " + n + " has " + c + " columns, the header " + columns + ")";
                }
            }
            return null;
        } catch (java.nio.charset.MalformedInputException e) {
            return "is not valid CSV (not UTF-8 text)";
        }
    }

    private static int columns(String line) {
        int count = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                count++;
            }
        }
        return count;
    }
}
