package dev.scalelab.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app's diagnostics endpoint (the library's {@code /_scalelab/diagnostics}, the Spring Boot starter's
 * {@code /actuator/scalelab}): reset before the profile, read after it. The per-route counts are the app's own
 * accounting, exact even for work done after the response was committed (which {@code Server-Timing} cannot count).
 */
public final class SnapshotClient {
    /** Where the endpoint may be, tried in order. */
    public static final List<String> PATHS = List.of("/_scalelab/diagnostics", "/actuator/scalelab");
    /**
     * The environment variables a started app gets the endpoint's token in: the one the docs name for the library's
     * own endpoint, and the one Spring Boot binds to the starter's {@code scalelab.diagnostics.endpoint.token}.
     */
    public static final List<String> TOKEN_ENV = List.of("SCALELAB_DIAGNOSTICS_TOKEN", "SCALELAB_DIAGNOSTICS_ENDPOINT_TOKEN");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One route of the snapshot.
     *
     * @param requests      units of that name that ended
     * @param maxStatements most statements one of them ran
     * @param nPlusOne      N+1 findings as {@code fingerprint at callSite}
     */
    public record Unit(long requests, int maxStatements, List<String> nPlusOne) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String token;
    private String path;

    public SnapshotClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /**
     * Takes the current snapshot and resets the counters, trying each known path.
     *
     * @return the path that answered, empty when none did (no token, endpoint off, or another path)
     */
    public Optional<String> reset() throws InterruptedException {
        if (token == null) {
            return Optional.empty();
        }
        for (String p : PATHS) {
            for (String method : List.of("DELETE", "POST")) {
                if (send(p, method).isPresent()) {
                    path = p;
                    return Optional.of(p);
                }
            }
            if (send(p + "/reset", "POST").isPresent()) {
                path = p;
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The path that answered {@link #reset()}; empty before or when none did. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** The snapshot's JSON as the app sent it, after a successful {@link #reset()}; empty when it does not answer. */
    public Optional<String> readJson() throws InterruptedException {
        return path == null ? Optional.empty() : send(path, "GET");
    }

    /** The snapshot's units by name, after a successful {@link #reset()}; empty when it does not answer. */
    public Optional<Map<String, Unit>> read() throws InterruptedException {
        Optional<String> body = readJson();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(units(body.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Map<String, Unit> units(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode units = root.has("units") ? root.path("units") : root.path("diagnostics").path("units");
        Map<String, Unit> out = new LinkedHashMap<>();
        for (JsonNode u : units) {
            List<String> nPlusOne = new ArrayList<>();
            for (JsonNode f : u.path("findings")) {
                if ("N_PLUS_ONE".equals(f.path("kind").asText())) {
                    String at = f.path("callSite").asText("");
                    nPlusOne.add(f.path("fingerprint").asText() + (at.isEmpty() || at.startsWith("(") ? "" : " at " + at));
                }
            }
            out.put(u.path("unit").asText(), new Unit(u.path("requests").asLong(), u.path("maxStatements").asInt(),
                    nPlusOne));
        }
        return out;
    }

    private Optional<String> send(String p, String method) throws InterruptedException {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(baseUrl + p)).timeout(Duration.ofSeconds(10))
                    .header("X-Scalelab-Token", token).method(method, HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 && response.body().stripLeading().startsWith("{")
                    ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
