package dev.scalelab.cli.har;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a browser recording (DevTools "Save all as HAR") into a workload file (docs/workloads.md): one journey of the
 * recorded requests to the first page's origin, in the recorded order, with the recorded think times. Path segments
 * that are numbers or UUIDs become variables fed by a list of the recorded values, named after the segment before
 * them ({@code /owners/17} reads {@code /owners/${owners}} and is named {@code GET /owners/{owners}}). Static assets,
 * other hosts and failed requests are dropped; cookies, {@code Authorization} and other credentials are never copied.
 */
public final class HarImport {

    /** Extensions of static assets: images, styles, scripts, fonts, source maps. */
    static final Set<String> ASSET_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif", "bmp",
            "css", "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot");
    /** Request headers worth keeping besides {@code X-...} ones: what the page asks for. */
    static final Set<String> KEPT_HEADERS = Set.of("accept", "x-requested-with");
    /** Never copied: credentials and session state of the recording. */
    static final Set<String> CREDENTIAL_HEADERS = Set.of("cookie", "set-cookie", "authorization", "proxy-authorization");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(pass|pwd|secret|token|csrf|otp).*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an import produced: the workload file's text and what was left out. */
    public record Result(String yaml, int requests, int droppedAssets, int droppedOtherHosts, int droppedFailed,
                         Map<String, List<String>> feeders) {
        /** One line for the user. */
        public String describe() {
            List<String> dropped = new ArrayList<>();
            if (droppedAssets > 0) {
                dropped.add(droppedAssets + " static asset" + (droppedAssets == 1 ? "" : "s"));
            }
            if (droppedOtherHosts > 0) {
                dropped.add(droppedOtherHosts + " to other hosts");
            }
            if (droppedFailed > 0) {
                dropped.add(droppedFailed + " without an answer");
            }
            List<String> f = new ArrayList<>();
            feeders.forEach((name, values) -> f.add(name + " (" + values.size() + " value" + (values.size() == 1 ? "" : "s") + ")"));
            return "1 journey of " + requests + " request" + (requests == 1 ? "" : "s")
                    + (dropped.isEmpty() ? "" : "; dropped " + String.join(", ", dropped))
                    + (f.isEmpty() ? "" : "; feeders " + String.join(", ", f));
        }
    }

    private HarImport() {
    }

    /** Reads {@code har} and builds the workload; {@code name} names it. */
    public static Result read(Path har, String name) {
        String text;
        try {
            text = Files.readString(har, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new HarException(har + ": no such file");
        } catch (IOException e) {
            throw new HarException(har + ": cannot read it (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new HarException(har + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not JSON, so not a HAR file; save the recording from the browser's DevTools (Network tab, "
                    + "'Save all as HAR') and import that file");
        }
        JsonNode entries = root == null ? null : root.path("log").get("entries");
        if (entries == null || !entries.isArray()) {
            throw new HarException(har + ": no log.entries, so not a HAR file (a HAR is JSON with log.entries, one per "
                    + "request); save the recording from the browser's DevTools (Network tab, 'Save all as HAR')");
        }
        return convert(har, entries, name);
    }

    private static Result convert(Path har, JsonNode entries, String name) {
        List<JsonNode> ordered = new ArrayList<>();
        entries.forEach(ordered::add);
        ordered.sort(Comparator.comparing(HarImport::started)); // stable: ties keep the file's order
        Optional<URI> firstPage = ordered.stream().filter(e -> isHtml(e) && status(e) > 0).map(HarImport::uri)
                .flatMap(Optional::stream).findFirst();
        if (firstPage.isEmpty()) {
            throw new HarException(har + ": no HTML page among its " + ordered.size() + " entries (no response of type "
                    + "text/html); record with DevTools open from your app's first page (reload it once recording)");
        }
        String origin = origin(firstPage.get());
        Variables vars = new Variables();
        List<Req> requests = new ArrayList<>();
        int assets = 0;
        int others = 0;
        int failed = 0;
        for (JsonNode e : ordered) {
            Optional<URI> u = uri(e);
            if (u.isEmpty() || !origin(u.get()).equals(origin)) {
                others++;
                continue;
            }
            if (isAsset(u.get(), e)) {
                assets++;
                continue;
            }
            if (status(e) <= 0) {
                failed++;
                continue;
            }
            requests.add(request(e, u.get(), vars));
        }
        if (requests.isEmpty()) {
            throw new HarException(har + ": nothing to replay on " + origin + " (every request was a static asset or "
                    + "went to another host); record while you click through the app's pages");
        }
        // the pause between one request's end and the next one's start
        for (int i = 0; i + 1 < requests.size(); i++) {
            Req a = requests.get(i);
            Req b = requests.get(i + 1);
            long gapMs = b.startMs - (a.startMs + a.timeMs);
            a.thinkMs = gapMs < 100 ? 0 : Math.round(gapMs / 100.0) * 100;
        }
        String yaml = yaml(har, name, origin, requests, vars);
        return new Result(yaml, requests.size(), assets, others, failed, vars.values());
    }

    /** One recorded request, as the workload file will say it. */
    private static final class Req {
        String method;
        String pathTemplate;
        String routeName;
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> form;
        String json;
        List<String> comments = new ArrayList<>();
        int expect;
        long startMs;
        long timeMs;
        long thinkMs;
    }

    private static Req request(JsonNode e, URI u, Variables vars) {
        JsonNode req = e.path("request");
        Req r = new Req();
        r.method = req.path("method").asText("GET").toUpperCase(Locale.ROOT);
        StringBuilder path = new StringBuilder();
        StringBuilder route = new StringBuilder();
        String rawPath = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String previous = null;
        for (String seg : rawPath.split("/", -1)) {
            if (seg.isEmpty()) {
                continue;
            }
            if (NUMBER.matcher(seg).matches() || UUID.matcher(seg).matches()) {
                String var = vars.add(previous, seg);
                path.append("/${").append(var).append('}');
                route.append("/{").append(var).append('}');
            } else {
                path.append('/').append(seg);
                route.append('/').append(seg);
            }
            previous = seg;
        }
        if (path.isEmpty() || rawPath.endsWith("/") && !rawPath.equals("/")) {
            path.append('/');
            route.append('/');
        }
        r.pathTemplate = path.toString();
        r.routeName = r.method + " " + route;
        for (JsonNode q : req.path("queryString")) {
            r.query.put(q.path("name").asText(), q.path("value").asText());
        }
        if (r.query.isEmpty() && u.getRawQuery() != null) {
            r.query.putAll(parseForm(u.getRawQuery()));
        }
        for (JsonNode h : req.path("headers")) {
            String n = h.path("name").asText();
            String lower = n.toLowerCase(Locale.ROOT);
            if (CREDENTIAL_HEADERS.contains(lower) || lower.startsWith(":") || SECRET_FIELD.matcher(lower).matches()) {
                continue;
            }
            if (KEPT_HEADERS.contains(lower) || lower.startsWith("x-")) {
                r.headers.put(n, h.path("value").asText());
            }
        }
        JsonNode post = req.get("postData");
        if (post != null && !post.isNull()) {
            body(r, post);
        }
        int status = status(e);
        if (status == 304) {
            r.comments.add("recorded 304 (the browser's cached copy); without its cache headers the app answers 200");
            status = 200;
        }
        r.expect = status;
        r.startMs = startedMs(e);
        r.timeMs = Math.max(0, Math.round(e.path("time").asDouble(0)));
        return r;
    }

    private static void body(Req r, JsonNode post) {
        String mime = post.path("mimeType").asText("").toLowerCase(Locale.ROOT);
        String text = post.path("text").asText("");
        if (mime.startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> form = new LinkedHashMap<>();
            if (post.path("params").isArray() && !post.path("params").isEmpty()) {
                for (JsonNode p : post.path("params")) {
                    form.put(decode(p.path("name").asText()), decode(p.path("value").asText()));
                }
            } else {
                form.putAll(parseForm(text));
            }
            form.replaceAll((k, v) -> {
                if (SECRET_FIELD.matcher(k).matches()) {
                    r.comments.add("the recorded '" + k + "' was not copied: put sign-in in 'signIn:' (see the top of "
                            + "this file) and session-bound values in a feeder");
                    return "REPLACE-ME";
                }
                return v;
            });
            r.form = form;
        } else if (mime.contains("json")) {
            try {
                JsonNode body = JSON.readTree(text);
                r.json = JSON.writeValueAsString(redact(body, r));
            } catch (JsonProcessingException ex) {
                r.comments.add("its recorded body was not valid JSON and is left out");
            }
        } else if (!text.isEmpty()) {
            r.comments.add("its recorded " + (mime.isEmpty() ? "" : mime + " ") + "body is left out (workload files send "
                    + "form or JSON bodies)");
        }
    }

    private static JsonNode redact(JsonNode n, Req r) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            var it = o.fieldNames();
            List<String> names = new ArrayList<>();
            it.forEachRemaining(names::add);
            for (String k : names) {
                if (SECRET_FIELD.matcher(k).matches() && o.get(k).isValueNode()) {
                    o.put(k, "REPLACE-ME");
                    r.comments.add("the recorded '" + k + "' was not copied: put sign-in in 'signIn:' (see the top of "
                            + "this file)");
                } else {
                    redact(o.get(k), r);
                }
            }
        } else if (n != null && n.isArray()) {
            n.forEach(c -> redact(c, r));
        }
        return n;
    }

    /** Path variables: one list feeder per name, of the values recorded in that place. */
    private static final class Variables {
        private final Map<String, Set<String>> values = new LinkedHashMap<>();

        String add(String previous, String value) {
            String name = previous == null || NUMBER.matcher(previous).matches() || UUID.matcher(previous).matches()
                    ? "id" : identifier(previous);
            values.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value);
            return name;
        }

        Map<String, List<String>> values() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            values.forEach((k, v) -> m.put(k, List.copyOf(v)));
            return m;
        }

        private static String identifier(String segment) {
            String s = decode(segment).replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
            if (s.isEmpty()) {
                return "id";
            }
            return Character.isDigit(s.charAt(0)) ? "v" + s : s;
        }
    }

    private static String yaml(Path har, String name, String origin, List<Req> requests, Variables vars) {
        StringBuilder y = new StringBuilder();
        y.append("# Imported from ").append(har.getFileName()).append(" by 'scalelab workload from-har': the requests to ")
                .append(origin).append(",\n");
        y.append("# in the recorded order, with the recorded pauses. Static assets and other hosts were dropped.\n");
        y.append("#\n");
        y.append("# Sign-in: the recording's cookies and Authorization headers were not copied. If your app needs a\n");
        y.append("# signed-in visitor, add a users feeder and a 'signIn:' section (docs/workloads.md), e.g.\n");
        y.append("#   feeders:\n");
        y.append("#     users: {csv: users.csv, order: per-visitor}   # a header line: email,password,...\n");
        y.append("#   signIn:\n");
        y.append("#     feeder: users\n");
        y.append("#     form: {path: /login, fields: {username: '${users.email}', password: '${users.password}'}, expect: 302}\n");
        y.append("#   # or: bearer: '${users.token}'\n");
        y.append("name: ").append(scalar(name)).append('\n');
        y.append("load:\n");
        y.append("  rate: 1            # new visitors per second\n");
        y.append("  warmupSec: 5\n");
        y.append("  durationSec: 30\n");
        y.append("probes:\n");
        y.append("  health: /health    # a path that answers 200 once the app is ready, e.g. /actuator/health\n");
        Map<String, List<String>> feeders = vars.values();
        if (!feeders.isEmpty()) {
            y.append("feeders:             # the values recorded in each place of the paths\n");
            feeders.forEach((k, v) -> y.append("  ").append(k).append(": {list: [")
                    .append(String.join(", ", v.stream().map(x -> NUMBER.matcher(x).matches() ? x : scalar(x)).toList()))
                    .append("], order: circular}\n"));
        }
        y.append("journeys:\n");
        y.append("  - name: recorded\n");
        y.append("    share: 1\n");
        y.append("    requests:\n");
        for (Req r : requests) {
            for (String c : new LinkedHashSet<>(r.comments)) {
                y.append("      # ").append(c).append('\n');
            }
            y.append("      - name: ").append(scalar(r.routeName)).append('\n');
            y.append("        ").append(r.method.toLowerCase(Locale.ROOT)).append(": ").append(scalar(r.pathTemplate))
                    .append('\n');
            if (!r.query.isEmpty()) {
                y.append("        query: ").append(flow(r.query)).append('\n');
            }
            if (!r.headers.isEmpty()) {
                y.append("        headers: ").append(flow(r.headers)).append('\n');
            }
            if (r.form != null) {
                y.append("        form: ").append(flow(r.form)).append('\n');
            }
            if (r.json != null) {
                y.append("        json: ").append(r.json).append('\n');
            }
            y.append("        expect: ").append(r.expect).append('\n');
            if (r.thinkMs > 0) {
                y.append("        think: ").append(r.thinkMs % 1000 == 0 ? r.thinkMs / 1000 + "s" : r.thinkMs + "ms")
                        .append('\n');
            }
        }
        return y.toString();
    }

    private static String flow(Map<String, String> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(scalar(k) + ": " + scalar(v)));
        return "{" + String.join(", ", parts) + "}";
    }

    /** A YAML scalar: plain when that reads back as the same string, else single-quoted. */
    static String scalar(String s) {
        boolean plain = s.matches("[A-Za-z_/][A-Za-z0-9_./-]*")
                && !s.matches("(?i)true|false|yes|no|on|off|null|y|n|~");
        return plain ? s : "'" + s.replace("'", "''") + "'";
    }

    private static Map<String, String> parseForm(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int i = pair.indexOf('=');
            m.put(decode(i < 0 ? pair : pair.substring(0, i)), i < 0 ? "" : decode(pair.substring(i + 1)));
        }
        return m;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static boolean isAsset(URI u, JsonNode e) {
        String path = u.getPath() == null ? "" : u.getPath().toLowerCase(Locale.ROOT);
        int dot = path.lastIndexOf('.');
        if (dot > path.lastIndexOf('/') && ASSET_EXTENSIONS.contains(path.substring(dot + 1))) {
            return true;
        }
        String mime = e.path("response").path("content").path("mimeType").asText("").toLowerCase(Locale.ROOT);
        return mime.startsWith("image/") || mime.startsWith("font/") || mime.startsWith("text/css")
                || mime.contains("javascript") || mime.contains("ecmascript") || mime.startsWith("application/font")
                || mime.startsWith("application/x-font") || mime.startsWith("application/vnd.ms-fontobject")
                || mime.contains("sourcemap");
    }

    private static boolean isHtml(JsonNode e) {
        return e.path("response").path("content").path("mimeType").asText("").toLowerCase(Locale.ROOT)
                .startsWith("text/html");
    }

    private static int status(JsonNode e) {
        return e.path("response").path("status").asInt(0);
    }

    private static Optional<URI> uri(JsonNode e) {
        try {
            URI u = new URI(e.path("request").path("url").asText(""));
            return u.getScheme() != null && u.getScheme().startsWith("http") && u.getHost() != null
                    ? Optional.of(u) : Optional.empty();
        } catch (java.net.URISyntaxException ex) {
            return Optional.empty();
        }
    }

    private static String origin(URI u) {
        int port = u.getPort() > 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String started(JsonNode e) {
        return String.format(Locale.ROOT, "%020d", startedMs(e));
    }

    private static long startedMs(JsonNode e) {
        try {
            return OffsetDateTime.parse(e.path("startedDateTime").asText("")).toInstant().toEpochMilli();
        } catch (DateTimeParseException ex) {
            return 0;
        }
    }
}
