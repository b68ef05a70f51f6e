package dev.scalelab.loadtests.sim;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The injector's own calibration: virtual users arrive at {@code rate} per second and each sends
 * {@code requestsPerUser} {@code GET /health} back to back over shared keep-alive connections,
 * so the request rate is {@code rate * requestsPerUser}. With {@code record=false} the recorder
 * is off (Gatling's status check only), to measure what recording costs.
 */
public class HealthLoad extends ScalelabSimulation {

    private final AtomicLong visitors = new AtomicLong();

    public HealthLoad() {
        super(SimulationKind.HEALTH_LOAD);
        say(String.format(Locale.ROOT, "%.1f users/s x %d requests = %.0f req/s for %d s after %d s warm-up, recorder %s",
                params.rate(), params.requestsPerUser(), params.rate() * params.requestsPerUser(),
                params.durationSec(), params.warmupSec(), params.record() ? "on" : "off"));
        String name = "GET /health";
        ScenarioBuilder health = scenario("health")
                .exec(requests.startVisit())
                .exec(session -> {
                    visitors.incrementAndGet();
                    return session;
                })
                .repeat(params.requestsPerUser()).on(
                        exec(requests.call(http(name).get("/health"), name, null, s -> "/health", 200)))
                .exec(requests.endVisit());
        int injectSec = params.warmupSec() + params.durationSec();
        recorder.scheduleArrivals(params.rate());
        setUp(health.injectOpen(constantUsersPerSec(params.rate()).during(Duration.ofSeconds(injectSec))))
                .protocols(protocol().shareConnections())
                .maxDuration(Duration.ofSeconds(injectSec + params.drainSec()));
    }

    @Override
    protected long visitors() {
        return visitors.get();
    }

    @Override
    protected long signedInVisitors() {
        return 0;
    }

    @Override
    protected long usersAvailable() {
        return 0;
    }
}
