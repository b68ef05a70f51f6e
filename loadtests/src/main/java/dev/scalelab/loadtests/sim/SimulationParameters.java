package dev.scalelab.loadtests.sim;

import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import dev.scalelab.loadtests.yaml.YamlFileException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The parameters of a simulation, given as system properties of the Gatling JVM (the runner
 * sets them). Every default lives here; {@link #parse} reports every problem at once, and the
 * runner calls it too, so bad input is refused before a JVM starts.
 *
 * <table>
 * <caption>System properties</caption>
 * <tr><th>property</th><th>meaning</th><th>default</th></tr>
 * <tr><td>baseUrl</td><td>target, e.g. http://127.0.0.1:8080</td><td>required</td></tr>
 * <tr><td>rate</td><td>arrivals: new virtual users (visitors) per second, open model</td><td>required when timed</td></tr>
 * <tr><td>durationSec</td><td>measured injection after warm-up, seconds</td><td>60</td></tr>
 * <tr><td>warmupSec</td><td>injection before measurement at the same rate, seconds</td><td>10</td></tr>
 * <tr><td>seed</td><td>seed of every random choice</td><td>1</td></tr>
 * <tr><td>usersCsv</td><td>users CSV id,email,password,name</td><td>required by StoryWorkload, QueryProfile</td></tr>
 * <tr><td>articleIdMax, userIdMax</td><td>ids are drawn from 1..max</td><td>required by StoryWorkload</td></tr>
 * <tr><td>resultsFile</td><td>where the JSON results go</td><td>required</td></tr>
 * <tr><td>signedInShare</td><td>share of visitors who sign in</td><td>0.3</td></tr>
 * <tr><td>commentShare</td><td>share of signed-in visitors who post a comment</td><td>0.2</td></tr>
 * <tr><td>thinkMinMs, thinkMaxMs</td><td>think time between pages, uniform</td><td>500, 2000</td></tr>
 * <tr><td>requestsPerUser</td><td>HealthLoad: requests per virtual user, back to back</td><td>10</td></tr>
 * <tr><td>drainSec</td><td>how long visits may run on after the duration</td><td>60</td></tr>
 * <tr><td>record</td><td>false turns the recorder off (HealthLoad, for overhead figures)</td><td>true</td></tr>
 * </table>
 */
public record SimulationParameters(
        SimulationKind kind,
        URI baseUrl,
        double rate,
        int durationSec,
        int warmupSec,
        long seed,
        Path usersCsv,
        int articleIdMax,
        int userIdMax,
        Path resultsFile,
        double signedInShare,
        double commentShare,
        int thinkMinMs,
        int thinkMaxMs,
        int requestsPerUser,
        int drainSec,
        boolean record,
        Map<String, String> given,
        Workload workload) {

    public static final String BASE_URL = "baseUrl";
    public static final String RATE = "rate";
    public static final String DURATION_SEC = "durationSec";
    public static final String WARMUP_SEC = "warmupSec";
    public static final String SEED = "seed";
    public static final String USERS_CSV = "usersCsv";
    public static final String ARTICLE_ID_MAX = "articleIdMax";
    public static final String USER_ID_MAX = "userIdMax";
    public static final String RESULTS_FILE = "resultsFile";
    public static final String SIGNED_IN_SHARE = "signedInShare";
    public static final String COMMENT_SHARE = "commentShare";
    public static final String THINK_MIN_MS = "thinkMinMs";
    public static final String THINK_MAX_MS = "thinkMaxMs";
    public static final String REQUESTS_PER_USER = "requestsPerUser";
    public static final String DRAIN_SEC = "drainSec";
    public static final String RECORD = "record";
    /** Share (0..1) of article and profile views that go to the popular pages; 0 spreads them evenly. */
    public static final String HOT_SHARE = "hotShare";
    /** How many pages are popular: the newest articles (those on the home page) and the first users. */
    public static final String HOT_PAGES = "hotPages";
    /**
     * WorkloadSimulation: the workload file ({@code builtin:story}, {@code builtin:query-profile} or a path). Its load
     * is the default of {@code rate}, {@code warmupSec}, {@code durationSec}, {@code drainSec} and {@code seed};
     * given, those override it. Properties named like one of the file's {@code vars} set that variable.
     */
    public static final String WORKLOAD_FILE = "workloadFile";

    /** Every property a simulation reads, in documentation order. */
    public static final List<String> NAMES = List.of(BASE_URL, RATE, DURATION_SEC, WARMUP_SEC, SEED, USERS_CSV,
            ARTICLE_ID_MAX, USER_ID_MAX, RESULTS_FILE, SIGNED_IN_SHARE, COMMENT_SHARE, THINK_MIN_MS, THINK_MAX_MS,
            REQUESTS_PER_USER, DRAIN_SEC, RECORD, HOT_SHARE, HOT_PAGES, WORKLOAD_FILE);

    /** Defaults of the optional properties. */
    public static final Map<String, String> DEFAULTS = Map.of(
            DURATION_SEC, "60",
            WARMUP_SEC, "10",
            SEED, "1",
            SIGNED_IN_SHARE, "0.3",
            COMMENT_SHARE, "0.2",
            THINK_MIN_MS, "500",
            THINK_MAX_MS, "2000",
            REQUESTS_PER_USER, "10",
            DRAIN_SEC, "60",
            RECORD, "true");

    /** Upper bound of {@code rate}: far beyond what one injector sustains, it catches unit mistakes. */
    public static final double MAX_RATE = 100_000;
    /** Upper bound of {@code durationSec} and {@code warmupSec}: one day. */
    public static final int MAX_SECONDS = 86_400;

    public SimulationParameters {
        given = Map.copyOf(given);
    }

    /** Runs for a window at a rate (open model); false for a fixed script (QueryProfile, a workload of visitors). */
    public boolean timed() {
        return kind.timed() && (workload == null || workload.load().visitors() == 0);
    }

    /** Parameters, or the problems that make them unusable. */
    public record Parsed(SimulationParameters parameters, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        /** One line listing every problem. */
        public String message() {
            return String.join("; ", problems);
        }
    }

    /** Reads the properties of {@code kind} from the system properties. */
    public static Parsed fromSystemProperties(SimulationKind kind) {
        Map<String, String> props = new LinkedHashMap<>();
        Properties system = System.getProperties();
        for (String name : NAMES) {
            String value = system.getProperty(name);
            if (value != null) {
                props.put(name, value);
            }
        }
        return parse(kind, props);
    }

    /** Parses and checks {@code props} for {@code kind}; unknown properties are ignored. */
    public static Parsed parse(SimulationKind kind, Map<String, String> props) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(props, problems);

        URI baseUrl = r.baseUrl();
        Workload workload = kind == SimulationKind.WORKLOAD ? r.workload() : null;
        if (kind == SimulationKind.WORKLOAD && workload == null) {
            return new Parsed(null, List.copyOf(problems));
        }
        Workload.Load load = workload == null ? null : workload.load();
        boolean given = load != null;
        double rate = given && !props.containsKey(RATE) ? load.rate() : kind.timed() ? r.rate() : 0;
        int durationSec = given && !props.containsKey(DURATION_SEC) ? load.durationSec()
                : kind.timed() ? r.integer(DURATION_SEC, 1, MAX_SECONDS, "seconds") : 0;
        int warmupSec = given && !props.containsKey(WARMUP_SEC) ? load.warmupSec()
                : kind.timed() ? r.integer(WARMUP_SEC, 0, MAX_SECONDS, "seconds") : 0;
        long seed = given && !props.containsKey(SEED) ? load.seed() : r.seed();
        Path usersCsv = kind.needsUsers() ? r.existingFile(USERS_CSV) : null;
        int articleIdMax = kind.needsIds() ? r.integer(ARTICLE_ID_MAX, 1, Integer.MAX_VALUE, "") : 0;
        int userIdMax = kind.needsIds() ? r.integer(USER_ID_MAX, 1, Integer.MAX_VALUE, "") : 0;
        Path resultsFile = r.path(RESULTS_FILE);
        double signedInShare = r.share(SIGNED_IN_SHARE);
        double commentShare = r.share(COMMENT_SHARE);
        int thinkMinMs = r.integer(THINK_MIN_MS, 0, 600_000, "ms");
        int thinkMaxMs = r.integer(THINK_MAX_MS, 0, 600_000, "ms");
        if (thinkMaxMs < thinkMinMs) {
            problems.add(THINK_MAX_MS + " must be >= " + THINK_MIN_MS + " (got " + thinkMaxMs + " < " + thinkMinMs + ")");
        }
        int requestsPerUser = r.integer(REQUESTS_PER_USER, 1, 100_000, "");
        int drainSec = given && !props.containsKey(DRAIN_SEC) ? load.drainSec() : r.integer(DRAIN_SEC, 0, MAX_SECONDS, "seconds");
        boolean record = r.bool(RECORD);
        double hotShare = props.containsKey(HOT_SHARE) ? r.share(HOT_SHARE) : 0;
        int hotPages = props.containsKey(HOT_PAGES) ? r.integer(HOT_PAGES, 1, Integer.MAX_VALUE, "") : 0;
        if (!record && kind != SimulationKind.HEALTH_LOAD) {
            problems.add(RECORD + "=false is only for " + SimulationKind.HEALTH_LOAD.simpleName()
                    + " (overhead figures); " + kind.simpleName() + " always records");
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        if (workload != null) {
            workload = workload.withLoad(load.with(rate, warmupSec, durationSec, drainSec, seed));
            if (load.visitors() > 0) {
                durationSec = 0;
                warmupSec = 0;
                rate = 0;
            }
        }
        return new Parsed(new SimulationParameters(kind, baseUrl, rate, durationSec, warmupSec, seed, usersCsv,
                articleIdMax, userIdMax, resultsFile, signedInShare, commentShare, thinkMinMs, thinkMaxMs,
                requestsPerUser, drainSec, record, props, workload), List.of());
    }

    private static final class Reader {
        private final Map<String, String> props;
        private final List<String> problems;

        Reader(Map<String, String> props, List<String> problems) {
            this.props = props;
            this.problems = problems;
        }

        private String value(String name) {
            String v = props.get(name);
            if (v == null || v.isBlank()) {
                v = DEFAULTS.get(name);
            }
            return v == null ? null : v.strip();
        }

        Workload workload() {
            String v = value(WORKLOAD_FILE);
            if (v == null) {
                problems.add(WORKLOAD_FILE + " is required: a workload file (or " + WorkloadFiles.STORY + ", "
                        + WorkloadFiles.QUERY_PROFILE + ")");
                return null;
            }
            try {
                return WorkloadFiles.read(v, props);
            } catch (YamlFileException e) {
                problems.addAll(e.problems());
                return null;
            }
        }

        URI baseUrl() {
            String v = value(BASE_URL);
            if (v == null) {
                problems.add(BASE_URL + " is required, e.g. http://127.0.0.1:8080");
                return null;
            }
            try {
                URI uri = new URI(v);
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                        || uri.getHost() == null) {
                    problems.add(BASE_URL + " must be an http(s) URL with a host, e.g. http://127.0.0.1:8080 (got '" + v + "')");
                    return null;
                }
                if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    problems.add(BASE_URL + " must not have a query or fragment (got '" + v + "')");
                    return null;
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                problems.add(BASE_URL + " is not a URL: '" + v + "'");
                return null;
            }
        }

        double rate() {
            String v = value(RATE);
            if (v == null) {
                problems.add(RATE + " is required: new visitors per second, e.g. 20");
                return 0;
            }
            try {
                double rate = Double.parseDouble(v);
                if (!(rate > 0) || Double.isInfinite(rate) || rate > MAX_RATE) {
                    problems.add(RATE + " must be > 0 and <= " + (long) MAX_RATE + " visitors per second (got " + v + ")");
                }
                return rate;
            } catch (NumberFormatException e) {
                problems.add(RATE + " must be a number of visitors per second (got '" + v + "')");
                return 0;
            }
        }

        int integer(String name, int min, int max, String unit) {
            String v = value(name);
            String suffix = unit.isEmpty() ? "" : " " + unit;
            if (v == null) {
                problems.add(name + " is required: a whole number" + (unit.isEmpty() ? "" : " of " + unit) + " >= " + min);
                return 0;
            }
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    problems.add(name + " must be between " + min + " and " + max + suffix + " (got " + v + ")");
                    return 0;
                }
                return (int) n;
            } catch (NumberFormatException e) {
                problems.add(name + " must be a whole number" + (unit.isEmpty() ? "" : " of " + unit) + " (got '" + v + "')");
                return 0;
            }
        }

        long seed() {
            String v = value(SEED);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                problems.add(SEED + " must be a whole number (got '" + v + "')");
                return 0;
            }
        }

        double share(String name) {
            String v = value(name);
            try {
                double d = Double.parseDouble(v);
                if (!(d >= 0 && d <= 1)) {
                    problems.add(name + " must be between 0 and 1 (got " + v + ")");
                }
                return d;
            } catch (NumberFormatException e) {
                problems.add(name + " must be a number between 0 and 1 (got '" + v + "')");
                return 0;
            }
        }

        boolean bool(String name) {
            String v = value(name);
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                problems.add(name + " must be true or false (got '" + v + "')");
            }
            return Boolean.parseBoolean(v);
        }

        Path path(String name) {
            String v = value(name);
            if (v == null) {
                problems.add(name + " is required: a file path");
                return null;
            }
            try {
                return Path.of(v);
            } catch (RuntimeException e) {
                problems.add(name + " is not a valid path: '" + v + "'");
                return null;
            }
        }

        Path existingFile(String name) {
            Path p = path(name);
            if (p != null && !Files.isRegularFile(p)) {
                problems.add(name + " " + p + " does not exist or is not a file; `scalelab` writes it when it seeds the app");
                return null;
            }
            return p;
        }
    }
}
