package dev.scalelab.loadtests.sim;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.scalelab.loadtests.probe.Identity;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.util.List;

/**
 * Every route once, first as an anonymous visitor, then signed in as the first user of the CSV
 * (user 1, Gina Caputo, in the seeded dataset): one virtual user, no think time, no randomness.
 * Routes are recorded per audience ({@code anonymous}, {@code signed-in}), the input of the
 * query-count gate. Article and user 1 are used throughout.
 *
 * <p>Expected statuses follow the contract: pages 200; {@code POST /login},
 * {@code POST /logout} and a signed-in comment 303; an anonymous comment 401.
 */
public class QueryProfile extends ScalelabSimulation {

    static final String ANONYMOUS = "anonymous";
    static final String SIGNED_IN = "signed-in";
    static final long ARTICLE_ID = 1;
    static final long USER_ID = 1;

    private final List<SeededUser> users;

    public QueryProfile() {
        super(SimulationKind.QUERY_PROFILE);
        users = UsersCsv.read(params.usersCsv());
        SeededUser user = users.get(0);
        String article = "/articles/" + ARTICLE_ID;
        String profile = "/users/" + USER_ID;

        ChainBuilder anonymous = group(ANONYMOUS).on(
                call("GET /health", ANONYMOUS, http("GET /health").get("/health"), "/health", 200),
                page("GET /", ANONYMOUS, "/"),
                page("GET /articles/{id}", ANONYMOUS, article),
                page("GET /users/{id}", ANONYMOUS, profile),
                page("GET /login", ANONYMOUS, "/login"),
                call("POST /articles/{id}/comments", ANONYMOUS,
                        http("POST /articles/{id}/comments").post(article + "/comments").formParam("body", "Anonymous?"),
                        article + "/comments", 401));

        ChainBuilder signedIn = group(SIGNED_IN).on(
                call("POST /login", SIGNED_IN, http("POST /login").post("/login")
                        .formParam("email", user.email()).formParam("password", user.password()), "/login", 303),
                exec(session -> session.set(Requests.EXPECTED_NAME, user.name()).set(Requests.USER_EMAIL, user.email())),
                call("GET /health", SIGNED_IN, http("GET /health").get("/health"), "/health", 200),
                page("GET /", SIGNED_IN, "/"),
                page("GET /articles/{id}", SIGNED_IN, article),
                page("GET /users/{id}", SIGNED_IN, profile),
                page("GET /login", SIGNED_IN, "/login"),
                call("POST /articles/{id}/comments", SIGNED_IN,
                        http("POST /articles/{id}/comments").post(article + "/comments")
                                .formParam("body", "Profiled comment."),
                        article + "/comments", 303),
                call("POST /logout", SIGNED_IN, http("POST /logout").post("/logout"), "/logout", 303),
                exec(session -> session.set(Requests.EXPECTED_NAME, Identity.ANONYMOUS).remove(Requests.USER_EMAIL)));

        ScenarioBuilder profileRun = scenario("query-profile")
                .exec(requests.startVisit(), anonymous, signedIn, requests.endVisit());
        setUp(profileRun.injectOpen(atOnceUsers(1))).protocols(protocol());
    }

    private ChainBuilder page(String name, String audience, String path) {
        return requests.page(http(name).get(path), name, audience, s -> path, 200);
    }

    private ChainBuilder call(String name, String audience, io.gatling.javaapi.http.HttpRequestActionBuilder request,
                              String path, int expectedStatus) {
        return requests.call(request, name, audience, s -> path, expectedStatus);
    }

    @Override
    protected long visitors() {
        return 1;
    }

    @Override
    protected long signedInVisitors() {
        return 1;
    }

    @Override
    protected long usersAvailable() {
        return users.size();
    }
}
