package dev.scalelab.cli.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one pass over every route costs in SQL: per route, statements per request, statements by fingerprint with
 * their call site, and N+1 findings. The gate's baseline is a profile written with {@code --update}: sorted keys,
 * one value per line, so it diffs well in review.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param target        what was profiled (a ladder step or a URL), for people
 * @param routes        by route template, e.g. {@code GET /articles/{id}}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "target", "routes"})
public record QueryProfile(int schemaVersion, String target, Map<String, Route> routes) {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public QueryProfile {
        routes = routes == null ? Map.of() : new TreeMap<>(routes);
    }

    /**
     * One route.
     *
     * @param requests             requests profiled (signed-in and anonymous)
     * @param errors               of which answered with a 4xx/5xx other than expected
     * @param statementsPerRequest statements of the worst request of the route
     * @param statements           by fingerprint: executions per request and where they come from
     * @param nPlusOne             N+1 findings, as {@code fingerprint at callSite}
     * @param allowance            an accepted exception: the route may use up to {@code max} statements
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"statementsPerRequest", "requests", "errors", "allowance", "statements", "nPlusOne"})
    public record Route(int requests, int errors, int statementsPerRequest, Map<String, Statement> statements,
                        List<String> nPlusOne, Allowance allowance) {
        public Route {
            statements = statements == null ? Map.of() : new TreeMap<>(statements);
            nPlusOne = nPlusOne == null ? List.of() : nPlusOne.stream().sorted().toList();
        }

        public Route withAllowance(Allowance a) {
            return new Route(requests, errors, statementsPerRequest, statements, nPlusOne, a);
        }
    }

    /**
     * @param perRequest executions per request (the most of any request of the route)
     * @param callSite   first application frame, {@code Class.method(File.java:42)}; null when unknown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Statement(int perRequest, String callSite) {
    }

    /**
     * An accountable exception kept in the baseline by hand.
     *
     * @param max    statements per request accepted for the route
     * @param reason why (required)
     * @param link   issue or discussion (optional)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Allowance(int max, String reason, String link) {
        public Allowance {
            if (max < 0) {
                throw new IllegalArgumentException("allowance max must be >= 0 (was " + max + ")");
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("an allowance needs a reason");
            }
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the profile as JSON", e);
        }
    }

    /** Writes atomically (temp file, then move). */
    public void write(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What to do about a baseline that does not validate. */
    static final String FIX_BASELINE = "fix it, or delete it and record a new baseline with --update";

    /**
     * Reads and validates a baseline strictly: schema version, types, no nulls where a number or a list belongs, no
     * unknown keys.
     *
     * @throws IllegalArgumentException one line: the file, the JSON path, what was expected and found, what to do
     */
    public static QueryProfile read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no baseline at " + file + "; record one with --update");
        }
        JsonInput.Parsed parsed = JsonInput.parse(file, "a valid baseline", FIX_BASELINE);
        JsonInput in = parsed.in();
        JsonNode root = in.object(parsed.root(), "$");
        in.check();
        int version = in.wholeNumber(root, "schemaVersion", "$", 1);
        in.check();
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException(file + " has schemaVersion " + version + ", this scalelab reads "
                    + SCHEMA_VERSION + "; record a new baseline with --update");
        }
        in.knownKeys(root, "$", Set.of("schemaVersion", "target", "routes"));
        String target = root.has("target") ? in.text(root, "target", "$", true) : null;
        Map<String, Route> routes = new TreeMap<>();
        JsonNode routesNode = in.object(root.get("routes"), "$.routes");
        if (routesNode != null) {
            for (Map.Entry<String, JsonNode> e : JsonInput.entries(routesNode)) {
                String path = JsonInput.key("$.routes", e.getKey());
                JsonNode r = in.object(e.getValue(), path);
                if (r != null) {
                    routes.put(e.getKey(), route(in, r, path));
                }
            }
        }
        in.check();
        return new QueryProfile(version, target, routes);
    }

    private static Route route(JsonInput in, JsonNode r, String path) {
        in.knownKeys(r, path, Set.of("statementsPerRequest", "requests", "errors", "allowance", "statements", "nPlusOne"));
        int perRequest = in.wholeNumber(r, "statementsPerRequest", path, 0);
        int requests = in.wholeNumber(r, "requests", path, 0, 0);
        int errors = in.wholeNumber(r, "errors", path, 0, 0);
        Map<String, Statement> statements = new TreeMap<>();
        String sPath = JsonInput.key(path, "statements");
        JsonNode sNode = in.object(r.get("statements"), sPath);
        if (sNode != null) {
            for (Map.Entry<String, JsonNode> e : JsonInput.entries(sNode)) {
                String p = JsonInput.key(sPath, e.getKey());
                JsonNode s = in.object(e.getValue(), p);
                if (s != null) {
                    in.knownKeys(s, p, Set.of("perRequest", "callSite"));
                    int n = in.wholeNumber(s, "perRequest", p, 0);
                    String callSite = s.has("callSite") ? in.text(s, "callSite", p, true) : null;
                    statements.put(e.getKey(), new Statement(Math.max(n, 0), callSite));
                }
            }
        }
        List<String> nPlusOne = in.texts(r, "nPlusOne", path);
        Allowance allowance = null;
        if (r.has("allowance")) {
            String aPath = JsonInput.key(path, "allowance");
            JsonNode a = in.object(r.get("allowance"), aPath);
            if (a != null) {
                in.knownKeys(a, aPath, Set.of("max", "reason", "link"));
                int max = in.wholeNumber(a, "max", aPath, 0);
                String reason = in.text(a, "reason", aPath, false);
                String link = a.has("link") ? in.text(a, "link", aPath, true) : null;
                if (max >= 0 && reason != null) {
                    allowance = new Allowance(max, reason, link);
                }
            }
        }
        return new Route(Math.max(requests, 0), Math.max(errors, 0), Math.max(perRequest, 0), statements, nPlusOne,
                allowance);
    }
}
