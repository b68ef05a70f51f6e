package dev.scalelab.loadtests.sim;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.scalelab.loadtests.probe.CacheLookup;
import dev.scalelab.loadtests.probe.DbError;
import dev.scalelab.loadtests.probe.Identity;
import dev.scalelab.loadtests.probe.ServerTiming;
import dev.scalelab.loadtests.record.Observation;
import dev.scalelab.loadtests.record.Recorder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.function.Function;

/**
 * Wraps a Gatling request so that its response feeds the recorder, with public DSL checks only.
 * Each virtual user carries one mutable {@link Captured} in its session ({@link #startVisit()});
 * the checks copy status, response time, the probe headers and, on pages, the greeting into it
 * (a {@code transformWithSession} that returns its input), and a function after the request
 * turns it into an {@link Observation}. Nothing is written to the session per request: the
 * recorder sits in every request's path and must stay cheap. A request that got no response at
 * all (its checks never ran) is observed too, with no status.
 *
 * <p>The checks also make Gatling's own report agree: a wrong status is a KO
 * ({@code status.find.is(200), found 503}), and so is a page greeting the wrong person
 * ({@code identity, found identity leak: expected A, saw B}). After recording, the session's
 * failed flag is cleared so that the next request's failure shows on its own; the simulations
 * do not use {@code exitHereIfFailed}.
 */
final class Requests {

    static final String EXPECTED_NAME = "scalelab.expectedName";
    static final String USER_EMAIL = "scalelab.email";

    private static final String CAPTURED = "scalelab.captured";
    private static final String IDENTITY_OK = "ok";

    /** What the checks of the current request saw; one per virtual user, reused. */
    static final class Captured {
        /** When the request was issued, on the recorder's clock; 0 before it is. */
        long issuedNanos;
        Integer status;
        Integer responseTimeMs;
        String serverTiming;
        String xCache;
        String dbError;
        String greeting;
        int lastStatus = -1;

        void clear() {
            issuedNanos = 0;
            status = null;
            responseTimeMs = null;
            serverTiming = null;
            xCache = null;
            dbError = null;
            greeting = null;
        }
    }

    /**
     * What the probes read on a response.
     *
     * @param cacheHeaders    headers read for the cache hit rate, the first present wins; empty: none
     * @param identityRegex   group 1 is the identity a page shows; null: no identity probe
     * @param anonymousMarker what a page shows an anonymous visitor (counted as no identity); null when it shows
     *                        nothing
     * @param checkAnonymous  whether pages of visitors who are not signed in are checked too
     */
    record Probing(java.util.List<String> cacheHeaders, String identityRegex, String anonymousMarker,
                   boolean checkAnonymous) {
        /** The reference app: {@code X-Cache}, the greeting element, anonymous pages greet nobody. */
        static final Probing REFERENCE = new Probing(java.util.List.of(CacheLookup.X_CACHE), Identity.GREETING_REGEX,
                null, true);

        Probing {
            cacheHeaders = java.util.List.copyOf(cacheHeaders);
        }
    }

    private final Recorder recorder;
    private final boolean record;
    private final Probing probing;

    Requests(Recorder recorder, boolean record) {
        this(recorder, record, Probing.REFERENCE);
    }

    Requests(Recorder recorder, boolean record, Probing probing) {
        this.recorder = recorder;
        this.record = record;
        this.probing = probing;
    }

    /** First action of every visit: gives the virtual user its capture holder and counts the visit. */
    ChainBuilder startVisit() {
        return exec(session -> {
            recorder.visitStarted();
            return session.set(CAPTURED, new Captured());
        });
    }

    /** Last action of every visit. */
    ChainBuilder endVisit() {
        return exec(session -> {
            recorder.visitFinished();
            return session;
        });
    }

    /** An HTML page: status {@code expectedStatus} expected, and on that status its greeting is checked. */
    ChainBuilder page(HttpRequestActionBuilder request, String name, String audience, Function<Session, String> path,
                      int expectedStatus) {
        return wrap(request, name, audience, path, expectedStatus, true);
    }

    /** Anything else (form posts, {@code /health}): only the status is checked. */
    ChainBuilder call(HttpRequestActionBuilder request, String name, String audience, Function<Session, String> path,
                      int expectedStatus) {
        return wrap(request, name, audience, path, expectedStatus, false);
    }

    private ChainBuilder wrap(HttpRequestActionBuilder request, String name, String audience,
                              Function<Session, String> path, int expectedStatus, boolean page) {
        if (!record) {
            return exec(request.check(status().is(expectedStatus)));
        }
        Recorder.Route route = recorder.route(name, audience);
        java.util.List<io.gatling.javaapi.core.CheckBuilder> checks = new java.util.ArrayList<>(java.util.List.of(
                status().transformWithSession((status, session) -> {
                    captured(session).status = status;
                    return status;
                }).is(expectedStatus),
                responseTimeInMillis().transformWithSession((ms, session) -> {
                    captured(session).responseTimeMs = ms;
                    return ms;
                }),
                header(ServerTiming.HEADER).transformWithSession((value, session) -> {
                    captured(session).serverTiming = value;
                    return value;
                }).optional(),
                header(DbError.HEADER).transformWithSession((value, session) -> {
                    captured(session).dbError = value;
                    return value;
                }).optional()));
        for (String cacheHeader : probing.cacheHeaders()) {
            checks.add(header(cacheHeader).transformWithSession((value, session) -> {
                Captured c = captured(session);
                if (c.xCache == null) {
                    c.xCache = value;
                }
                return value;
            }).optional());
        }
        HttpRequestActionBuilder checked = request.check(checks);
        boolean identity = page && probing.identityRegex() != null;
        if (identity) {
            String anonymousMarker = probing.anonymousMarker();
            checked = checked.checkIf((response, session) -> response.status().code() == expectedStatus
                    && checksIdentity(session)).then(
                    regex(probing.identityRegex()).transformWithSession((greeting, session) -> {
                        if (greeting != null && anonymousMarker != null && Identity.seen(greeting).equals(anonymousMarker)) {
                            greeting = null;
                        }
                        captured(session).greeting = greeting;
                        String leak = Identity.leak(expectedName(session), greeting);
                        return leak == null ? IDENTITY_OK : leak;
                    }).is(IDENTITY_OK).name("identity"));
        }
        return exec(session -> {
            captured(session).issuedNanos = recorder.now();
            return session;
        }).exec(checked).exec(session -> observe(session, route, name, audience, path, expectedStatus, identity));
    }

    private Session observe(Session session, Recorder.Route route, String name, String audience,
                            Function<Session, String> path, int expectedStatus, boolean page) {
        Captured c = captured(session);
        long end = recorder.now();
        // Issued when the step before the request ran (end minus Gatling's response time would place it later: this
        // step runs some time after the response, and that time is in whole milliseconds). Unknown (= end) when
        // nothing answered, which keeps a failure's time out of the latency histograms.
        long start = c.responseTimeMs == null ? end : c.issuedNanos;
        boolean failed = session.isFailed();
        route.end(new Observation(name, audience, path.apply(session), session.getString(USER_EMAIL), start, end,
                c.status, c.responseTimeMs == null ? null : c.responseTimeMs.longValue(), expectedStatus,
                c.serverTiming, c.xCache, c.dbError, page && checksIdentity(session) ? expectedName(session) : null, c.greeting,
                failed));
        c.lastStatus = c.status == null ? -1 : c.status;
        c.clear();
        return failed ? session.markAsSucceeded() : session;
    }

    /** Whether this visitor's pages are checked: signed in, or anonymous pages are checked too. */
    private boolean checksIdentity(Session session) {
        return probing.checkAnonymous() || session.contains(EXPECTED_NAME);
    }

    private static Captured captured(Session session) {
        Captured c = session.get(CAPTURED);
        if (c == null) {
            throw new IllegalStateException("scalelab: the scenario must start with Requests.startVisit()");
        }
        return c;
    }

    /** The name the visitor's pages must greet: its user's name once signed in, else {@code anonymous}. */
    static String expectedName(Session session) {
        String name = session.getString(EXPECTED_NAME);
        return name == null ? Identity.ANONYMOUS : name;
    }

    /** The status of the last recorded request of this visitor, -1 when it got no response. */
    static int lastStatus(Session session) {
        Captured c = session.get(CAPTURED);
        return c == null ? -1 : c.lastStatus;
    }
}
