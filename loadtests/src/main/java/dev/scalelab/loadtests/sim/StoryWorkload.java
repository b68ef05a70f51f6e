package dev.scalelab.loadtests.sim;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.scalelab.loadtests.probe.Identity;
import dev.scalelab.loadtests.sim.VisitPlanner.Kind;
import dev.scalelab.loadtests.sim.VisitPlanner.Step;
import dev.scalelab.loadtests.sim.VisitPlanner.Visit;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workload every step of the ladder runs: visitors arrive at {@code rate} per second (open
 * model, for {@code warmupSec + durationSec}), anonymous or signed in as distinct seeded users,
 * read the feed, articles and profiles with think times, and some post a comment. Visits are
 * planned by {@link VisitPlanner} from the seed, so every run sends the same requests.
 *
 * <p>Request names are route templates. POST routes answer {@code 303}; redirects are not
 * followed, the 303 is what is checked.
 */
public class StoryWorkload extends ScalelabSimulation {

    static final String VISIT = "scalelab.visit";
    static final String STEP = "scalelab.step";

    private final List<SeededUser> users;
    private final VisitPlanner planner;
    private final AtomicLong visitors = new AtomicLong();
    private final AtomicLong signedIn = new AtomicLong();

    public StoryWorkload() {
        super(SimulationKind.STORY_WORKLOAD);
        users = UsersCsv.read(params.usersCsv());
        planner = new VisitPlanner(params.seed(), users, params.articleIdMax(), params.userIdMax(),
                params.signedInShare(), params.commentShare(), params.thinkMinMs(), params.thinkMaxMs())
                .popularity(Double.parseDouble(params.given().getOrDefault(SimulationParameters.HOT_SHARE, "0")),
                        Integer.parseInt(params.given().getOrDefault(SimulationParameters.HOT_PAGES, "0")));
        say(String.format(Locale.ROOT, "%s visitors/s for %d s after %d s warm-up; about %.1f requests per visit, "
                        + "so about %.0f req/s; %d users, %.0f %% signed in",
                trim(params.rate()), params.durationSec(), params.warmupSec(), planner.meanRequestsPerVisit(1000),
                params.rate() * planner.meanRequestsPerVisit(1000), users.size(), params.signedInShare() * 100));

        ScenarioBuilder story = scenario("story")
                .exec(requests.startVisit())
                .exec(this::startVisit)
                .foreach(session -> session.<Visit>get(VISIT).steps(), STEP).on(
                        pause(session -> Duration.ofMillis(Math.min(step(session).thinkMs(), millisLeftInWindow()))),
                        // the measurement window is over: end the visit (counted as finished) instead of sending
                        // requests nobody measures
                        doIf(session -> windowOver()).then(requests.endVisit(), exitHere()),
                        doSwitch(session -> step(session).kind()).on(
                                onCase(Kind.LOGIN_PAGE).then(page("GET /login", s -> "/login")),
                                onCase(Kind.LOGIN).then(login()),
                                onCase(Kind.FEED).then(page("GET /", s -> "/")),
                                onCase(Kind.ARTICLE).then(page("GET /articles/{id}", s -> "/articles/" + step(s).id())),
                                onCase(Kind.PROFILE).then(page("GET /users/{id}", s -> "/users/" + step(s).id())),
                                onCase(Kind.COMMENT).then(comment()),
                                onCase(Kind.LOGOUT).then(logout())))
                .exec(requests.endVisit());

        int injectSec = params.warmupSec() + params.durationSec();
        recorder.scheduleArrivals(params.rate());
        setUp(story.injectOpen(constantUsersPerSec(params.rate()).during(Duration.ofSeconds(injectSec))))
                .protocols(protocol())
                .maxDuration(Duration.ofSeconds(injectSec + params.drainSec()));
    }

    private Session startVisit(Session session) {
        Visit visit = planner.plan(session.userId() - 1);
        visitors.incrementAndGet();
        if (visit.signedIn()) {
            signedIn.incrementAndGet();
        }
        return session.set(VISIT, visit);
    }

    private ChainBuilder page(String name, java.util.function.Function<Session, String> path) {
        return requests.page(http(name).get(path), name, null, path, 200);
    }

    private ChainBuilder login() {
        String name = "POST /login";
        return requests.call(http(name).post("/login")
                                .formParam("email", s -> s.<Visit>get(VISIT).user().email())
                                .formParam("password", s -> s.<Visit>get(VISIT).user().password()),
                        name, null, s -> "/login", 303)
                .exec(session -> Requests.lastStatus(session) == 303
                        ? session.set(Requests.EXPECTED_NAME, session.<Visit>get(VISIT).user().name())
                                .set(Requests.USER_EMAIL, session.<Visit>get(VISIT).user().email())
                        : session);
    }

    private ChainBuilder comment() {
        String name = "POST /articles/{id}/comments";
        return requests.call(http(name).post(s -> "/articles/" + step(s).id() + "/comments")
                        .formParam("body", s -> step(s).text()),
                name, null, s -> "/articles/" + step(s).id() + "/comments", 303);
    }

    private ChainBuilder logout() {
        String name = "POST /logout";
        return requests.call(http(name).post("/logout"), name, null, s -> "/logout", 303)
                .exec(session -> Requests.lastStatus(session) == 303
                        ? session.set(Requests.EXPECTED_NAME, Identity.ANONYMOUS).remove(Requests.USER_EMAIL)
                        : session);
    }

    static Step step(Session session) {
        return session.get(STEP);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    @Override
    protected long visitors() {
        return visitors.get();
    }

    @Override
    protected long signedInVisitors() {
        return signedIn.get();
    }

    @Override
    protected long usersAvailable() {
        return users.size();
    }
}
