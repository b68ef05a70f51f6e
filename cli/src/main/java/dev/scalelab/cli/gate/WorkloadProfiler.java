package dev.scalelab.cli.gate;

import dev.scalelab.loadtests.workload.Feeder;
import dev.scalelab.loadtests.workload.Template;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.Workload.Marker;
import dev.scalelab.loadtests.workload.Workload.OneOf;
import dev.scalelab.loadtests.workload.Workload.Param;
import dev.scalelab.loadtests.workload.Workload.Repeat;
import dev.scalelab.loadtests.workload.Workload.Request;
import dev.scalelab.loadtests.workload.Workload.SignIn;
import dev.scalelab.loadtests.workload.Workload.Step;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a workload's requests for the query gate: by default one visitor, every journey in file order, each request
 * once (a {@code repeat} once, every choice of a {@code oneOf} in order), no think times, signed in as the file says
 * when it signs in (the visit signs in; requests marked {@code when: anonymous} are then sent before a {@code signIn}
 * step only). A file whose load says {@code visitors: N} is a script already: its N visitors run one after the other.
 * One request at a time, so each statement count belongs to one request.
 */
public final class WorkloadProfiler {
    /** {@code Server-Timing: db;dur=1.2;desc="7 statements"}. */
    private static final Pattern SERVER_TIMING = Pattern.compile("(?:^|,)\\s*db\\s*;[^,]*desc=\"?(\\d+) statements?\"?");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * What one route's requests answered.
     *
     * @param requests   requests sent
     * @param errors     of which answered another status than expected, or not at all
     * @param statements the most statements one of them reported in {@code Server-Timing}; -1 when none reported
     * @param problems   the first few errors, for people
     */
    public record Tally(int requests, int errors, int statements, List<String> problems) {
    }

    private final Workload workload;
    private final String baseUrl;
    private final Consumer<String> progress;
    private final Map<String, int[]> tallies = new LinkedHashMap<>();
    private final Map<String, List<String>> problems = new LinkedHashMap<>();
    private final Feeder[] feeders;
    private final List<String> feederNames;

    /**
     * @param baseUrl  e.g. {@code http://127.0.0.1:8080}, no trailing slash
     * @param progress one line per request sent
     */
    public WorkloadProfiler(Workload workload, String baseUrl, Consumer<String> progress) {
        this.workload = workload;
        this.baseUrl = baseUrl;
        this.progress = progress;
        this.feeders = workload.feeders().values().toArray(Feeder[]::new);
        this.feederNames = List.copyOf(workload.feeders().keySet());
    }

    /** Sends the requests; the tallies by route name, in the order routes were first sent. */
    public Map<String, Tally> run() throws InterruptedException {
        int visitors = Math.max(1, workload.load().visitors());
        for (int v = 0; v < visitors; v++) {
            new Visit(v).run();
        }
        Map<String, Tally> out = new LinkedHashMap<>();
        tallies.forEach((route, t) -> out.put(route, new Tally(t[0], t[1], t[2], problems.getOrDefault(route, List.of()))));
        return out;
    }

    /** One visitor: its cookies, its feeder records, its sign-in state. */
    private final class Visit implements Template.Values {
        final long visitor;
        final SplittableRandom random;
        final int[] rows;
        final HttpClient http;
        boolean signedIn;
        String bearer;

        Visit(long visitor) {
            this.visitor = visitor;
            this.random = new SplittableRandom(workload.load().seed() * 0x9E3779B97F4A7C15L + visitor);
            this.rows = new int[feeders.length];
            Arrays.fill(rows, -1);
            this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }

        void run() throws InterruptedException {
            boolean marked = workload.journeys().stream().anyMatch(j -> contains(j.steps(), Marker.Kind.SIGN_IN));
            if (workload.signIn().isPresent() && workload.signIn().get().share() > 0 && !marked) {
                signIn(workload.signIn().get());
            }
            for (Workload.Journey j : workload.journeys()) {
                steps(j.steps());
            }
            boolean outMarked = workload.journeys().stream().anyMatch(j -> contains(j.steps(), Marker.Kind.SIGN_OUT));
            if (workload.signOut().isPresent() && !outMarked && signedIn) {
                signOut(workload.signOut().get());
            }
        }

        void steps(List<Step> steps) throws InterruptedException {
            for (Step s : steps) {
                boolean applies = switch (s.when()) {
                    case ALWAYS -> true;
                    case SIGNED_IN -> signedIn;
                    case ANONYMOUS -> !signedIn;
                };
                if (!applies) {
                    continue;
                }
                if (s instanceof Marker m) {
                    if (m.kind() == Marker.Kind.SIGN_IN && workload.signIn().isPresent() && !signedIn) {
                        signIn(workload.signIn().get());
                    } else if (m.kind() == Marker.Kind.SIGN_OUT && workload.signOut().isPresent() && signedIn) {
                        signOut(workload.signOut().get());
                    }
                } else if (s instanceof Request r) {
                    if (r.ifUnused() == null || rows[feederNames.indexOf(r.ifUnused())] < 0) {
                        send(r);
                    }
                } else if (s instanceof Repeat r) {
                    steps(r.steps());
                } else if (s instanceof OneOf o) {
                    for (Workload.Choice c : o.choices()) {
                        steps(c.steps());
                    }
                }
            }
        }

        void signIn(SignIn s) throws InterruptedException {
            if (s.formPage().isPresent()) {
                send(s.formPage().get());
            }
            if (s.form().isPresent()) {
                signedIn = send(s.form().get());
            } else {
                bearer = "Bearer " + s.bearer().orElseThrow().render(this);
                signedIn = true;
            }
        }

        void signOut(Request r) throws InterruptedException {
            if (send(r)) {
                signedIn = false;
                bearer = null;
            }
        }

        /** Sends one request; true when it answered the expected status. */
        boolean send(Request r) throws InterruptedException {
            for (String f : r.feed()) {
                draw(feederNames.indexOf(f));
            }
            StringBuilder uri = new StringBuilder(baseUrl).append(r.path().render(this));
            String sep = uri.indexOf("?") < 0 ? "?" : "&";
            for (Param q : r.query()) {
                uri.append(sep).append(encode(q.name())).append('=').append(encode(q.value().render(this)));
                sep = "&";
            }
            HttpRequest request;
            try {
                request = request(r, uri.toString());
            } catch (IllegalArgumentException e) {
                return tally(r, -1, null, r.name() + ": cannot send it (" + e.getMessage() + ") to " + uri);
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                Integer statements = response.headers().allValues("Server-Timing").stream()
                        .map(WorkloadProfiler::statements).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                progress.accept(r.name() + " -> " + response.statusCode()
                        + (statements == null ? "" : " (" + statements + " statements)"));
                String problem = response.statusCode() == r.expect() ? null : r.name() + ": expected "
                        + r.expect() + ", answered " + response.statusCode() + " (" + r.method() + " " + uri + ")";
                return tally(r, response.statusCode(), statements, problem);
            } catch (IOException e) {
                return tally(r, -1, null, r.name() + ": no answer (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }

        /** The request as the JDK client sends it; {@link IllegalArgumentException} for a bad URL or a header it refuses. */
        private HttpRequest request(Request r, String uri) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT);
            for (Param h : r.headers()) {
                b.header(h.name(), h.value().render(this));
            }
            if (bearer != null) {
                b.header("Authorization", bearer);
            }
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
            if (!r.form().isEmpty()) {
                StringBuilder form = new StringBuilder();
                for (Param f : r.form()) {
                    form.append(form.length() == 0 ? "" : "&").append(encode(f.name())).append('=')
                            .append(encode(f.value().render(this)));
                }
                b.header("Content-Type", "application/x-www-form-urlencoded");
                body = HttpRequest.BodyPublishers.ofString(form.toString());
            } else if (r.json().isPresent()) {
                b.header("Content-Type", "application/json");
                body = HttpRequest.BodyPublishers.ofString(r.json().get().render(this));
            }
            return b.method(r.method(), body).build();
        }

        private boolean tally(Request r, int status, Integer statements, String problem) {
            int[] t = tallies.computeIfAbsent(r.name(), k -> new int[] {0, 0, -1});
            t[0]++;
            if (problem != null) {
                t[1]++;
                List<String> p = problems.computeIfAbsent(r.name(), k -> new ArrayList<>());
                if (p.size() < 3) {
                    p.add(problem);
                }
            }
            if (statements != null) {
                t[2] = Math.max(t[2], statements);
            }
            return problem == null && status >= 0;
        }

        @Override
        public String value(int feeder, int column) {
            int row = rows[feeder] < 0 ? draw(feeder) : rows[feeder];
            return feeders[feeder].value(row, column);
        }

        int draw(int feeder) {
            Feeder f = feeders[feeder];
            int row = switch (f.order()) {
                case PER_VISITOR, CIRCULAR -> (int) Math.floorMod(visitor, (long) f.size());
                case RANDOM -> random.nextInt(f.size());
            };
            rows[feeder] = row;
            return row;
        }
    }

    static Integer statements(String serverTiming) {
        Matcher m = SERVER_TIMING.matcher(serverTiming);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean contains(List<Step> steps, Marker.Kind kind) {
        for (Step s : steps) {
            if (s instanceof Marker m && m.kind() == kind
                    || s instanceof Repeat r && contains(r.steps(), kind)
                    || s instanceof OneOf o && o.choices().stream().anyMatch(c -> contains(c.steps(), kind))) {
                return true;
            }
        }
        return false;
    }
}
