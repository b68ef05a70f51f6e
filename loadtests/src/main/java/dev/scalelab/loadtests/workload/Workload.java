package dev.scalelab.loadtests.workload;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload file, read and checked ({@link WorkloadFiles}): what visitors do to an app, the data they use, how they
 * sign in, how fast they arrive and which probes read the answers. Built into a Gatling scenario at run time by
 * {@code dev.scalelab.loadtests.sim.WorkloadSimulation}. The format is documented in {@code docs/workloads.md}.
 *
 * @param name     the workload's name
 * @param source   the file it was read from ({@code builtin:story} for the ones in the jar)
 * @param load     arrival rate and time window; a ladder's workload map overrides it ({@link Load#with})
 * @param probes   health path, cache headers, identity marker
 * @param feeders  by name, in file order
 * @param signIn   how a share of the visitors signs in, if any
 * @param signOut  the request that ends a signed-in visit, if any
 * @param journeys what visitors do, each with its share of the arrivals
 * @param vars     the file's variables after the run's overrides ({@code ${vars.name}} in the file)
 */
public record Workload(String name, String source, Load load, Probes probes, Map<String, Feeder> feeders,
                       Optional<SignIn> signIn, Optional<Request> signOut, List<Journey> journeys,
                       Map<String, String> vars) {

    public Workload {
        feeders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(feeders));
        journeys = List.copyOf(journeys);
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    }

    /** Reads and checks a workload file; see {@link WorkloadFiles#read(Path, Map)}. */
    public static Workload read(Path file) {
        return WorkloadFiles.read(file, Map.of());
    }

    /** This workload with another load (a ladder step's). */
    public Workload withLoad(Load other) {
        return new Workload(name, source, other, probes, feeders, signIn, signOut, journeys, vars);
    }

    /**
     * Open-model arrivals.
     *
     * @param rate        new visitors per second
     * @param warmupSec   arrivals before the measurement, at the same rate
     * @param durationSec measured arrivals
     * @param drainSec    time for requests issued during the measurement to finish
     * @param seed        seed of every random choice: the same seed sends the same requests
     * @param visitors    when above 0, this many visitors start at once and the run ends when they are done (a
     *                    fixed script such as a query profile); rate and window then do not apply
     */
    public record Load(double rate, int warmupSec, int durationSec, int drainSec, long seed, int visitors) {
        public static final Load DEFAULT = new Load(1, 10, 60, 60, 1, 0);

        public Load {
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("rate must be a positive number of visitors per second (was " + rate + ")");
            }
            if (warmupSec < 0 || durationSec < 0 || durationSec == 0 && visitors == 0 || drainSec < 0 || visitors < 0) {
                throw new IllegalArgumentException("warm-up and drain must be >= 0 s and duration >= 1 s (were "
                        + warmupSec + ", " + durationSec + ", " + drainSec + ")");
            }
        }

        /** This load with the given values replacing its own; null keeps a value. */
        public Load with(Double rate, Integer warmupSec, Integer durationSec, Integer drainSec, Long seed) {
            return new Load(rate == null ? this.rate : rate, warmupSec == null ? this.warmupSec : warmupSec,
                    durationSec == null ? this.durationSec : durationSec, drainSec == null ? this.drainSec : drainSec,
                    seed == null ? this.seed : seed, visitors);
        }
    }

    /**
     * What the probes read.
     *
     * @param health   path answered 200 before any load ({@code /health} by default)
     * @param cache    response headers read for the cache hit rate, first present wins; empty: no cache probe
     * @param identity the identity marker; empty: no leak probe
     */
    public record Probes(String health, List<String> cache, Optional<IdentityProbe> identity) {
        public static final Probes DEFAULT = new Probes("/health", List.of("X-Cache"), Optional.empty());

        public Probes {
            cache = List.copyOf(cache);
        }
    }

    /**
     * Whose page is this: group 1 of {@code regex} on a page is the identity it shows, which must be the signed-in
     * visitor's {@code column}.
     *
     * @param regex     Java regular expression with a group 1 (a CSS selector is turned into one)
     * @param column    the sign-in feeder's column the page must show once signed in
     * @param anonymous what an anonymous page shows: empty string for no marker at all; empty Optional: anonymous
     *                  pages are not checked
     */
    public record IdentityProbe(String regex, String column, Optional<String> anonymous) {
    }

    /** Who signs in, how. Exactly one of {@code form} and {@code bearer}. */
    public record SignIn(String feeder, double share, Optional<Request> formPage, Optional<Request> form,
                         Optional<Template> bearer, Think think) {
    }

    /** What a share of the visitors do. */
    public record Journey(String name, double share, List<Step> steps) {
        public Journey {
            steps = List.copyOf(steps);
        }
    }

    /** Which visitors a step applies to. */
    public enum When { ALWAYS, SIGNED_IN, ANONYMOUS }

    /** One element of a journey: a request, a repeated block, or one of several blocks. */
    public sealed interface Step permits Request, Repeat, OneOf, Marker {
        When when();
    }

    /**
     * Where a journey signs in or out ({@code - signIn} / {@code - signOut} as a step); without one, a visit that signs
     * in does so before its journey and signs out after it.
     */
    public record Marker(Kind kind, When when) implements Step {
        public enum Kind { SIGN_IN, SIGN_OUT }
    }

    /**
     * One HTTP request.
     *
     * @param name     the route template, the name in every result
     * @param method   GET, POST, PUT, PATCH or DELETE
     * @param path     the path, with {@code ${feeder.column}} parts
     * @param query    query parameters
     * @param headers  request headers
     * @param form     form fields (empty when none)
     * @param json     a JSON body, if any
     * @param expect   the status it must answer
     * @param think    the pause after it
     * @param feed     feeders drawn anew before it
     * @param identity whether the identity probe reads it (GET requests by default)
     * @param audience who asks, recorded with the route ({@code anonymous}, {@code signed-in}); null when results
     *                 are not split by audience
     * @param ifUnused sent only when the visit has not used this feeder yet (then it draws); null: always sent
     */
    public record Request(String name, String method, Template path, List<Param> query, List<Param> headers,
                          List<Param> form, Optional<Template> json, int expect, Think think, List<String> feed,
                          boolean identity, When when, String audience, String ifUnused) implements Step {
        public Request {
            query = List.copyOf(query);
            headers = List.copyOf(headers);
            form = List.copyOf(form);
            feed = List.copyOf(feed);
        }
    }

    /** {@code name: value} of a query, header or form field; the value may use feeders. */
    public record Param(String name, Template value) {
    }

    /** The steps, {@code minTimes..maxTimes} times (uniform, seeded). */
    public record Repeat(int minTimes, int maxTimes, List<Step> steps, When when) implements Step {
        public Repeat {
            steps = List.copyOf(steps);
        }
    }

    /** One of the choices, by weight (seeded). */
    public record OneOf(List<Choice> choices, When when) implements Step {
        public OneOf {
            choices = List.copyOf(choices);
        }

        public double totalWeight() {
            return choices.stream().mapToDouble(Choice::weight).sum();
        }
    }

    /** A weighted block of a {@link OneOf}; an empty block does nothing. */
    public record Choice(double weight, List<Step> steps) {
        public Choice {
            steps = List.copyOf(steps);
        }
    }

    /** A pause, uniform in {@code [minMs, maxMs]}. */
    public record Think(long minMs, long maxMs) {
        public static final Think NONE = new Think(0, 0);

        public Think {
            if (minMs < 0 || maxMs < minMs) {
                throw new IllegalArgumentException("think time must be 0 <= min <= max (was " + minMs + ".." + maxMs + ")");
            }
        }
    }
}
