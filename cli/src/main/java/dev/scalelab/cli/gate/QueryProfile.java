package dev.scalelab.cli.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
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
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    /** Reads a baseline; {@link IllegalArgumentException} with a one-line reason when it is missing or broken. */
    public static QueryProfile read(Path file) {
        try {
            QueryProfile p = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), QueryProfile.class);
            if (p.schemaVersion() != SCHEMA_VERSION) {
                throw new IllegalArgumentException(file + " has schemaVersion " + p.schemaVersion() + ", this scalelab reads "
                        + SCHEMA_VERSION + "; record a new baseline with --update");
            }
            return p;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no baseline at " + file + "; record one with --update");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a valid baseline (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "); fix it or record a new one with --update");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
