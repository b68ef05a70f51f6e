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
 * Wraps a Gatling request so that its response feeds the recorder, with public DSL features
 * only: a function before the request notes when it was issued; checks save status, response
 * time and the probe headers into the session (and, on pages, the greeting); a function after
 * the request builds the {@link Observation} from those values. A request that got no response
 * at all (its checks never ran) is observed too, with no status.
 *
 * <p>The checks also make Gatling's own report agree: a wrong status is a KO
 * ({@code status.find.is(200), found 503}), and so is a page greeting the wrong person
 * ({@code identity, found identity leak: expected A, saw B}).
 */
final class Requests {

    static final String EXPECTED_NAME = "scalelab.expectedName";
    static final String USER_EMAIL = "scalelab.email";
    static final String LAST_STATUS = "scalelab.lastStatus";

    private static final String ISSUED = "scalelab.issued";
    private static final String WAS_FAILED = "scalelab.wasFailed";
    private static final String STATUS = "scalelab.status";
    private static final String RESPONSE_TIME = "scalelab.responseTime";
    private static final String SERVER_TIMING = "scalelab.serverTiming";
    private static final String X_CACHE = "scalelab.xCache";
    private static final String CACHE_STATUS = "scalelab.cacheStatus";
    private static final String DB_ERROR = "scalelab.dbError";
    private static final String GREETING = "scalelab.greeting";
    private static final String[] PER_REQUEST = {ISSUED, WAS_FAILED, STATUS, RESPONSE_TIME, SERVER_TIMING, X_CACHE,
        CACHE_STATUS, DB_ERROR, GREETING};
    private static final String IDENTITY_OK = "ok";

    private final Recorder recorder;
    private final boolean record;

    Requests(Recorder recorder, boolean record) {
        this.recorder = recorder;
        this.record = record;
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
        HttpRequestActionBuilder checked = request.check(
                status().saveAs(STATUS),
                responseTimeInMillis().saveAs(RESPONSE_TIME),
                header(ServerTiming.HEADER).optional().saveAs(SERVER_TIMING),
                header(CacheLookup.X_CACHE).optional().saveAs(X_CACHE),
                header(CacheLookup.CACHE_STATUS).optional().saveAs(CACHE_STATUS),
                header(DbError.HEADER).optional().saveAs(DB_ERROR),
                status().is(expectedStatus));
        if (page) {
            checked = checked.checkIf((response, session) -> response.status().code() == expectedStatus).then(
                    regex(Identity.GREETING_REGEX).optional().saveAs(GREETING),
                    regex(Identity.GREETING_REGEX)
                            .transformWithSession((greeting, session) -> identityVerdict(session, greeting))
                            .is(IDENTITY_OK).name("identity"));
        }
        return exec(session -> session.removeAll(PER_REQUEST)
                        .set(WAS_FAILED, session.isFailed())
                        .markAsSucceeded()
                        .set(ISSUED, recorder.begin()))
                .exec(checked)
                .exec(session -> observe(session, name, audience, path, expectedStatus, page));
    }

    private static String identityVerdict(Session session, String greeting) {
        String leak = Identity.leak(expectedName(session), greeting);
        return leak == null ? IDENTITY_OK : leak;
    }

    private Session observe(Session session, String name, String audience, Function<Session, String> path,
                            int expectedStatus, boolean page) {
        long end = recorder.now();
        Long issued = session.getLongWrapper(ISSUED);
        Integer status = session.getIntegerWrapper(STATUS);
        Integer responseTime = session.getIntegerWrapper(RESPONSE_TIME);
        boolean failed = session.isFailed();
        recorder.end(new Observation(
                name, audience, path.apply(session), session.getString(USER_EMAIL),
                issued == null ? end : issued, end,
                status, responseTime == null ? null : responseTime.longValue(), expectedStatus,
                session.getString(SERVER_TIMING), session.getString(X_CACHE), session.getString(CACHE_STATUS),
                session.getString(DB_ERROR),
                page ? expectedName(session) : null, session.getString(GREETING),
                failed));
        boolean wasFailed = Boolean.TRUE.equals(session.getBooleanWrapper(WAS_FAILED));
        Session next = session.removeAll(PER_REQUEST).set(LAST_STATUS, status == null ? -1 : status);
        return failed || wasFailed ? next.markAsFailed() : next.markAsSucceeded();
    }

    /** The name the visitor's pages must greet: its user's name once signed in, else {@code anonymous}. */
    static String expectedName(Session session) {
        String name = session.getString(EXPECTED_NAME);
        return name == null ? Identity.ANONYMOUS : name;
    }

    /** The status of the last request this visitor made, -1 when it got no response. */
    static int lastStatus(Session session) {
        Integer status = session.getIntegerWrapper(LAST_STATUS);
        return status == null ? -1 : status;
    }
}
