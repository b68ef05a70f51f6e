package dev.scalelab.loadtests.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.scalelab.loadtests.workload.Feeder;
import dev.scalelab.loadtests.workload.Template;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.Workload.Choice;
import dev.scalelab.loadtests.workload.Workload.Journey;
import dev.scalelab.loadtests.workload.Workload.Marker;
import dev.scalelab.loadtests.workload.Workload.OneOf;
import dev.scalelab.loadtests.workload.Workload.Param;
import dev.scalelab.loadtests.workload.Workload.Repeat;
import dev.scalelab.loadtests.workload.Workload.Request;
import dev.scalelab.loadtests.workload.Workload.SignIn;
import dev.scalelab.loadtests.workload.Workload.Step;
import dev.scalelab.loadtests.workload.Workload.Think;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A workload file ({@link Workload}, property {@value SimulationParameters#WORKLOAD_FILE}) built into a Gatling
 * scenario with the Java DSL when the simulation starts: one scenario, visitors arriving at the load's rate (open
 * model), each taking a journey by share. Every choice of a visit (signed in or not, journey, repeats, oneOf, random
 * feeder records, think times) comes from a random generator seeded with the load's seed and the visitor's arrival
 * number, so the same seed sends the same requests. Requests go through {@link Requests} like the hand-written
 * simulations, so the results are the same {@code ClientResults}, named by the requests' route templates.
 *
 * <p>Per visit one {@link Visit} lives in the session: the records drawn from each feeder (drawn on first use, kept
 * for the visit, drawn again by {@code feed:}), the sign-in state and the bearer token. Think times are cut at the
 * end of the measurement window, and no request is sent after it, as in {@link StoryWorkload}.
 */
public class WorkloadSimulation extends ScalelabSimulation {

    static final String VISIT = "scalelab.workload.visit";

    private final Workload workload;
    private final Feeder[] feeders;
    private final List<String> feederNames;
    private final boolean timed;
    private final Draws draws;
    private final AtomicLong visitors = new AtomicLong();
    private final AtomicLong signedIn = new AtomicLong();
    private final int signInFeeder;
    private final int identityColumn;
    private final int emailColumn;
    private final boolean signInInJourney;
    private final boolean signOutInJourney;
    /** Repeats with a random count so far, naming the session key that holds each one's count. */
    private int repeats;

    public WorkloadSimulation() {
        super(SimulationKind.WORKLOAD);
        workload = params.workload();
        feeders = workload.feeders().values().toArray(Feeder[]::new);
        feederNames = List.copyOf(workload.feeders().keySet());
        timed = params.timed();
        draws = new Draws(feeders, workload.load().seed(),
                bounds(workload.journeys().stream().mapToDouble(Journey::share).toArray(), false),
                workload.signIn().map(SignIn::share).orElse(0.0));
        signInFeeder = workload.signIn().map(s -> feederNames.indexOf(s.feeder())).orElse(-1);
        Feeder users = signInFeeder < 0 ? null : feeders[signInFeeder];
        identityColumn = users == null ? -1 : workload.probes().identity().map(i -> users.column(i.column())).orElse(-1);
        emailColumn = users == null ? -1 : users.column("email") >= 0 ? users.column("email")
                : identityColumn >= 0 ? identityColumn : 0;
        signInInJourney = workload.journeys().stream().anyMatch(j -> contains(j.steps(), Marker.Kind.SIGN_IN));
        signOutInJourney = workload.journeys().stream().anyMatch(j -> contains(j.steps(), Marker.Kind.SIGN_OUT));

        Workload.Load load = workload.load();
        say(String.format(Locale.ROOT, "workload %s (%s): %s, %d journeys, %d feeders%s", workload.name(),
                workload.source(), load.visitors() > 0 ? load.visitors() + " visitors at once"
                        : trim(load.rate()) + " visitors/s for " + load.durationSec() + " s after " + load.warmupSec()
                        + " s warm-up", workload.journeys().size(), feeders.length,
                workload.signIn().map(s -> String.format(Locale.ROOT, ", %.0f %% signed in", s.share() * 100)).orElse("")));

        ScenarioBuilder visit = scenario(workload.name())
                .exec(requests.startVisit())
                .exec(this::startVisit);
        if (workload.signIn().isPresent() && !signInInJourney) {
            visit = visit.exec(doIf(session -> visit(session).signsIn).then(signIn(workload.signIn().get())));
        }
        List<ChainBuilder> journeys = new ArrayList<>();
        for (Journey j : workload.journeys()) {
            journeys.add(steps(j.steps()));
        }
        if (journeys.size() == 1) {
            visit = visit.exec(journeys.get(0));
        } else {
            List<io.gatling.javaapi.core.Choice.WithKey> cases = new ArrayList<>();
            for (int i = 0; i < journeys.size(); i++) {
                cases.add(onCase(i).then(journeys.get(i)));
            }
            visit = visit.exec(doSwitch(session -> visit(session).journey).on(cases));
        }
        if (workload.signOut().isPresent() && !signOutInJourney) {
            visit = visit.exec(doIf(session -> visit(session).signedInNow).then(signOut(workload.signOut().get())));
        }
        visit = visit.exec(requests.endVisit());

        PopulationBuilder population;
        if (load.visitors() > 0) {
            population = visit.injectOpen(atOnceUsers(load.visitors()));
            setUp(population).protocols(protocol());
        } else {
            int injectSec = params.warmupSec() + params.durationSec();
            recorder.scheduleArrivals(params.rate());
            population = visit.injectOpen(constantUsersPerSec(params.rate()).during(Duration.ofSeconds(injectSec)));
            setUp(population).protocols(protocol()).maxDuration(Duration.ofSeconds(injectSec + params.drainSec()));
        }
    }

    /** What every visit draws from: the feeders, the seed, the shared circular positions, the journeys' shares. */
    static final class Draws {
        final Feeder[] feeders;
        final long seed;
        final AtomicLong[] circular;
        final double[] journeyBounds;
        final double signInShare;

        Draws(Feeder[] feeders, long seed, double[] journeyBounds, double signInShare) {
            this.feeders = feeders;
            this.seed = seed;
            this.journeyBounds = journeyBounds;
            this.signInShare = signInShare;
            this.circular = new AtomicLong[feeders.length];
            for (int i = 0; i < feeders.length; i++) {
                circular[i] = new AtomicLong();
            }
        }
    }

    /**
     * What one visit drew and where it stands; one per virtual user, in its session. Its choices come from a generator
     * seeded with the seed and the visitor's arrival number, so they do not depend on thread timing.
     */
    static final class Visit implements Template.Values {
        final Draws draws;
        final long visitor;
        final SplittableRandom random;
        final int[] rows;
        final boolean signsIn;
        final int journey;
        boolean signedInNow;
        String bearer;
        String path;

        Visit(Draws draws, long visitor) {
            this.draws = draws;
            this.visitor = visitor;
            this.random = new SplittableRandom(draws.seed * 0x9E3779B97F4A7C15L + visitor);
            this.rows = new int[draws.feeders.length];
            java.util.Arrays.fill(rows, -1);
            this.signsIn = draws.signInShare > 0 && random.nextDouble() < draws.signInShare;
            this.journey = pick(draws.journeyBounds, random);
        }

        @Override
        public String value(int feeder, int column) {
            int row = rows[feeder];
            if (row < 0) {
                row = draw(feeder);
            }
            return draws.feeders[feeder].value(row, column);
        }

        int draw(int feeder) {
            Feeder f = draws.feeders[feeder];
            int size = f.size();
            int row = switch (f.order()) {
                case PER_VISITOR -> (int) Math.floorMod(visitor, (long) size);
                case CIRCULAR -> (int) Math.floorMod(draws.circular[feeder].getAndIncrement(), (long) size);
                case RANDOM -> {
                    Feeder.Hot hot = f.hot();
                    if (hot.on() && random.nextDouble() < hot.share()) {
                        int k = random.nextInt(Math.min(hot.count(), size));
                        yield hot.last() ? size - 1 - k : k;
                    }
                    yield random.nextInt(size);
                }
            };
            rows[feeder] = row;
            return row;
        }

        long think(Think t) {
            return t.maxMs() == t.minMs() ? t.minMs() : t.minMs() + random.nextLong(t.maxMs() - t.minMs() + 1);
        }
    }

    private Session startVisit(Session session) {
        Visit visit = new Visit(draws, session.userId() - 1);
        visitors.incrementAndGet();
        if (visit.signsIn) {
            signedIn.incrementAndGet();
        }
        return session.set(VISIT, visit);
    }

    static Visit visit(Session session) {
        return session.get(VISIT);
    }

    private static boolean contains(List<Step> steps, Marker.Kind mark) {
        for (Step s : steps) {
            if (s instanceof Marker m && m.kind() == mark) {
                return true;
            }
            if (s instanceof Repeat r && contains(r.steps(), mark)) {
                return true;
            }
            if (s instanceof OneOf o && o.choices().stream().anyMatch(c -> contains(c.steps(), mark))) {
                return true;
            }
        }
        return false;
    }

    /** The steps in order, with no action of its own (every action is a hop for each visitor). */
    private ChainBuilder steps(List<Step> steps) {
        List<ChainBuilder> chains = new ArrayList<>();
        for (Step s : steps) {
            chains.add(step(s));
        }
        return chains.isEmpty() ? exec(session -> session) : exec(chains);
    }

    private ChainBuilder step(Step step) {
        ChainBuilder chain;
        if (step instanceof Marker m && m.kind() == Marker.Kind.SIGN_IN) {
            chain = doIf(session -> visit(session).signsIn).then(signIn(workload.signIn().orElseThrow()));
        } else if (step instanceof Marker m) {
            chain = doIf(session -> visit(session).signedInNow).then(signOut(workload.signOut().orElseThrow()));
        } else if (step instanceof Request r && r.ifUnused() != null) {
            int f = feederNames.indexOf(r.ifUnused());
            chain = doIf(session -> visit(session).rows[f] < 0).then(request(r, null));
        } else if (step instanceof Request r) {
            chain = request(r, null);
        } else if (step instanceof Repeat r) {
            int min = r.minTimes();
            int max = r.maxTimes();
            ChainBuilder body = steps(r.steps());
            if (min == max) {
                chain = repeat(min).on(body);
            } else {
                // Gatling evaluates a repeat's count before every round, not once: a random count would be drawn
                // anew each round (2..5 pages gave 3.2 per visit, not 3.5). Draw it once, on entering the loop.
                String times = "scalelab.repeat." + repeats++;
                chain = exec(session -> session.set(times, min + visit(session).random.nextInt(max - min + 1)))
                        .exec(repeat(session -> session.getInt(times)).on(body));
            }
        } else {
            OneOf o = (OneOf) step;
            double[] bounds = bounds(o.choices().stream().mapToDouble(Choice::weight).toArray(), true);
            List<io.gatling.javaapi.core.Choice.WithKey> cases = new ArrayList<>();
            for (int i = 0; i < o.choices().size(); i++) {
                if (!o.choices().get(i).steps().isEmpty()) {
                    cases.add(onCase(i).then(steps(o.choices().get(i).steps())));
                }
            }
            if (cases.isEmpty()) {
                chain = exec(session -> session);
            } else if (cases.size() == 1) {
                // Gatling's doSwitch wants two cases at least
                Object only = cases.get(0).key;
                ChainBuilder then = cases.get(0).chain;
                chain = doIf(session -> only.equals(pick(bounds, visit(session).random))).then(then);
            } else {
                chain = doSwitch(session -> pick(bounds, visit(session).random)).on(cases);
            }
        }
        return switch (step.when()) {
            case ALWAYS -> chain;
            case SIGNED_IN -> doIf(session -> visit(session).signedInNow).then(chain);
            case ANONYMOUS -> doIf(session -> !visit(session).signedInNow).then(chain);
        };
    }

    /**
     * One request: no request once the measurement window is over (the visit ends there), the request through the
     * recorder (drawing the feeders of {@code feed:} anew first), then its think time cut at the window's end.
     */
    private ChainBuilder request(Request r, java.util.function.UnaryOperator<ChainBuilder> after) {
        List<ChainBuilder> parts = new ArrayList<>(3);
        if (timed) {
            parts.add(doIf(session -> windowOver()).then(requests.endVisit(), exitHere()));
        }
        if (workload.signIn().flatMap(SignIn::bearer).isPresent()) {
            parts.add(doIfOrElse(session -> visit(session).bearer != null)
                    .then(send(r, true)).orElse(send(r, false)));
        } else {
            parts.add(send(r, false));
        }
        ChainBuilder chain = exec(parts);
        if (after != null) {
            chain = after.apply(chain);
        }
        Think think = r.think();
        if (think.maxMs() > 0) {
            chain = chain.exec(pause(session -> {
                long ms = visit(session).think(think);
                return Duration.ofMillis(timed ? Math.min(ms, millisLeftInWindow()) : ms);
            }));
        }
        return chain;
    }

    private ChainBuilder send(Request r, boolean bearer) {
        Template path = r.path();
        // feed: draws before the path is rendered, in the same step (Gatling resolves the URL before the other parts)
        int[] fed = r.feed().stream().mapToInt(feederNames::indexOf).toArray();
        HttpRequestActionBuilder http = http(r.name()).httpRequest(r.method(), session -> {
            Visit v = visit(session);
            for (int f : fed) {
                v.draw(f);
            }
            String p = path.render(v);
            v.path = p;
            return p;
        });
        for (Param q : r.query()) {
            Template value = q.value();
            http = value.isConstant() ? http.queryParam(q.name(), value.text())
                    : http.queryParam(q.name(), session -> value.render(visit(session)));
        }
        for (Param h : r.headers()) {
            Template value = h.value();
            http = value.isConstant() ? http.header(h.name(), value.text())
                    : http.header(h.name(), session -> value.render(visit(session)));
        }
        if (bearer) {
            http = http.header("Authorization", session -> visit(session).bearer);
        }
        for (Param f : r.form()) {
            Template value = f.value();
            http = value.isConstant() ? http.formParam(f.name(), value.text())
                    : http.formParam(f.name(), session -> value.render(visit(session)));
        }
        if (r.json().isPresent()) {
            Template body = r.json().get();
            http = http.body(StringBody(session -> body.render(visit(session)))).asJson();
        }
        String audience = r.audience();
        return r.identity()
                ? requests.page(http, r.name(), audience, session -> visit(session).path, r.expect())
                : requests.call(http, r.name(), audience, session -> visit(session).path, r.expect());
    }

    private ChainBuilder signIn(SignIn s) {
        ChainBuilder chain = exec(session -> session);
        if (s.formPage().isPresent()) {
            chain = chain.exec(request(s.formPage().get(), null));
        }
        if (s.form().isPresent()) {
            Request form = s.form().get();
            chain = chain.exec(request(form, c -> c.exec(session -> Requests.lastStatus(session) == form.expect()
                    ? signedIn(session) : session)));
        } else {
            Template bearer = s.bearer().orElseThrow();
            chain = chain.exec(session -> {
                Visit v = visit(session);
                v.bearer = "Bearer " + bearer.render(v);
                return signedIn(session);
            });
            if (s.think().maxMs() > 0) {
                chain = chain.exec(pause(session -> {
                    long ms = visit(session).think(s.think());
                    return Duration.ofMillis(timed ? Math.min(ms, millisLeftInWindow()) : ms);
                }));
            }
        }
        return chain;
    }

    private Session signedIn(Session session) {
        Visit v = visit(session);
        v.signedInNow = true;
        Session s = session;
        if (identityColumn >= 0) {
            s = s.set(Requests.EXPECTED_NAME, v.value(signInFeeder, identityColumn));
        }
        return s.set(Requests.USER_EMAIL, v.value(signInFeeder, emailColumn));
    }

    private ChainBuilder signOut(Request r) {
        return request(r, c -> c.exec(session -> {
            if (Requests.lastStatus(session) != r.expect()) {
                return session;
            }
            Visit v = visit(session);
            v.signedInNow = false;
            v.bearer = null;
            return session.remove(Requests.EXPECTED_NAME).remove(Requests.USER_EMAIL);
        }));
    }

    /**
     * Cumulative upper bounds of {@code weights} as shares of 1. Journeys' shares are normalized; a oneOf whose weights
     * add up to less than 1 leaves the rest to "none of them".
     */
    static double[] bounds(double[] weights, boolean remainderIsNone) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double scale = remainderIsNone && total <= 1 ? 1 : total;
        double[] out = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            out[i] = sum / scale;
        }
        if (scale == total && out.length > 0) {
            out[out.length - 1] = Double.POSITIVE_INFINITY;
        }
        return out;
    }

    /** The index whose bound first exceeds a uniform draw; -1 (none) past the last bound. */
    static int pick(double[] bounds, SplittableRandom random) {
        if (bounds.length == 1 && bounds[0] == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double r = random.nextDouble();
        for (int i = 0; i < bounds.length; i++) {
            if (r < bounds[i]) {
                return i;
            }
        }
        return -1;
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
        return signInFeeder < 0 ? 0 : feeders[signInFeeder].size();
    }
}
