package dev.scalelab.cli.ladder;

import dev.scalelab.app.AppSettings;
import dev.scalelab.app.CacheMode;
import dev.scalelab.app.ConnectionMode;
import dev.scalelab.app.FetchMode;
import dev.scalelab.app.Switch;
import dev.scalelab.app.TaskMode;
import dev.scalelab.cli.capacity.SearchSettings;
import dev.scalelab.cli.ladder.Ladder.Step;
import dev.scalelab.cli.ladder.Ladder.Workload;
import dev.scalelab.loadtests.sim.SimulationKind;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import dev.scalelab.loadtests.yaml.YamlDocument;
import dev.scalelab.loadtests.yaml.YamlFileException;
import dev.scalelab.loadtests.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import dev.scalelab.reports.model.Slo;
import dev.scalelab.reports.model.StepStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads ladder files (YAML). Every mistake is reported as {@code file:line:column: what is wrong (what is allowed)}.
 * The built-in story ladder is written in the same format ({@code ladders/story.yaml}).
 */
public final class LadderFiles {

    /** The reference app's switches a step may set, with their valid values. */
    static final Map<String, Class<? extends Enum<?>>> SWITCHES = Map.of(
            "fetch", FetchMode.class, "connections", ConnectionMode.class, "cache", CacheMode.class,
            "tasks", TaskMode.class);
    static final Set<String> NUMERIC_SWITCHES = Set.of("threads", "pool-size", "feed-size", "notify-latency-ms",
            "worker-threads", "job-retries");

    /** The keys of a ladder's workload that set the built-in story's visitor mix, refused for a workload file. */
    private static final List<String> STORY_MIX = List.of("signedInShare", "thinkMinMs", "thinkMaxMs");
    /** The longest think time a ladder may set, as the simulation accepts it. */
    private static final long MAX_THINK_MS = 600_000;

    /** The highest statement limit a ladder may set. */
    static final long MAX_STATEMENTS_LIMIT = 1_000_000;
    /** The load of a ladder or step whose file names none, and the defaults of the keys it leaves out. */
    private static final Workload DEFAULT_WORKLOAD = new Workload(WorkloadFiles.STORY, 8, 8, 25, 20);

    private LadderFiles() {
    }

    public static Ladder story() {
        try (InputStream in = LadderFiles.class.getResourceAsStream("/ladders/story.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the built-in story ladder is missing from the jar");
            }
            return parse("story.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in story ladder", e);
        }
    }

    public static Ladder read(Path file) {
        return read(file, false);
    }

    /** Reads {@code file}; with {@code allowRemote} its steps' {@code url} may name another host (--allow-remote). */
    public static Ladder read(Path file, boolean allowRemote) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            return new Parser(YamlDocument.read(file), dir, allowRemote).ladder();
        } catch (YamlFileException e) {
            throw new LadderFileException(e.getMessage());
        }
    }

    /**
     * A ladder of one step on the user's own app under a workload file ({@code scalelab run --workload}): the file's
     * {@code load}, where {@code rate}, {@code warmupSec} and {@code durationSec} (when given) override it.
     *
     * @throws LadderFileException when the file is missing or not a valid workload file
     */
    public static Ladder single(Path workloadFile, Ladder.OwnApp own, java.util.OptionalDouble rate,
                                java.util.OptionalInt warmupSec, java.util.OptionalInt durationSec) {
        Path file = workloadFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new LadderFileException(workloadFile + ": no such workload file (docs/workloads.md describes the format)");
        }
        dev.scalelab.loadtests.workload.Workload.Load load = LadderWorkloads.load(file);
        Workload w = new Workload(LadderWorkloads.SIMULATION,
                rate.isPresent() ? rate.getAsDouble() : load.rate(),
                warmupSec.isPresent() ? warmupSec.getAsInt() : load.warmupSec(),
                durationSec.isPresent() ? durationSec.getAsInt() : load.durationSec(),
                load.drainSec(), null, 0, Optional.of(file));
        Workload quick = new Workload(w.simulation(), w.rate(), 2, 6, 8, null, 0, w.file());
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            name = "app-" + name;
        }
        Step step = new Step(name, "your app under " + file.getFileName(), Map.of(), Optional.empty(), Optional.of(own),
                Optional.empty(), Ladder.Stack.SINGLE);
        return new Ladder(name, w, quick, List.of(step));
    }

    /** Parses {@code yaml}; relative file names in it are resolved against the working directory. */
    public static Ladder parse(String source, String yaml) {
        return parse(source, yaml, Path.of("").toAbsolutePath());
    }

    static Ladder parse(String source, String yaml, Path baseDir) {
        return parse(source, yaml, baseDir, false);
    }

    static Ladder parse(String source, String yaml, Path baseDir, boolean allowRemote) {
        try {
            return new Parser(YamlDocument.parse(source, yaml), baseDir, allowRemote).ladder();
        } catch (YamlFileException e) {
            throw new LadderFileException(e.getMessage());
        }
    }

    private record Parser(YamlDocument doc, Path baseDir, boolean allowRemote) {

        Ladder ladder() {
            YamlNode root = doc.root();
            Map<String, YamlNode> top = mapping(root, "the ladder", Set.of("name", "workload", "quick", "steps",
                    "maxErrorRate", "maxStatementsPerRequest", "slo", "capacity"));
            // the share of failed requests above which a step FAILS; a step may set its own
            double maxErrorRate = top.containsKey("maxErrorRate")
                    ? number(top.get("maxErrorRate"), "maxErrorRate", 0, StepVerdict.HIGHEST_MAX_ERROR_RATE) : StepVerdict.DEFAULT_MAX_ERROR_RATE;
            // the statements a request may run on average before a step FAILS; a step may set its own
            OptionalInt maxStatements = top.containsKey("maxStatementsPerRequest")
                    ? OptionalInt.of((int) wholeNumber(top.get("maxStatementsPerRequest"), "maxStatementsPerRequest", 1,
                            MAX_STATEMENTS_LIMIT))
                    : OptionalInt.empty();
            String name = top.containsKey("name") ? scalar(top.get("name"), "name") : "ladder";
            Workload workload = top.containsKey("workload") ? workload(top.get("workload"), DEFAULT_WORKLOAD) : DEFAULT_WORKLOAD;
            // --quick keeps the simulation (or workload file), rate and the story's visitor mix, shortens the window,
            // and warms no comment path
            Workload quickDefaults = new Workload(workload.simulation(), workload.rate(), 2, 6, 8, workload.commentShare(),
                    workload.signedInShare(), workload.thinkMinMs(), workload.thinkMaxMs(), 0, workload.file());
            Workload quick = top.containsKey("quick") ? workload(top.get("quick"), quickDefaults) : quickDefaults;
            // the load is checked before the steps: a step inherits it
            doc.failIfAny();
            YamlNode stepsNode = top.get("steps");
            if (stepsNode == null) {
                throw error(root, "a ladder needs 'steps:', a list of steps");
            }
            if (!stepsNode.isList() || stepsNode.list("'steps'").isEmpty()) {
                throw error(stepsNode, "'steps' must be a non-empty list of steps");
            }
            List<Step> steps = new ArrayList<>();
            Map<String, String> inherited = new LinkedHashMap<>();
            Set<String> names = new HashSet<>();
            for (YamlNode n : stepsNode.list("'steps'")) {
                Step s = step(n, inherited, workload, maxErrorRate, maxStatements);
                if (!names.add(s.name())) {
                    throw error(n, "two steps are named '" + s.name() + "'; step names must be unique");
                }
                if (s.referenceApp()) {
                    inherited = new LinkedHashMap<>(s.app());
                }
                steps.add(s);
            }
            Slo slo = top.containsKey("slo") ? slo(top.get("slo")) : Slo.DEFAULT;
            SearchSettings[] capacity = top.containsKey("capacity") ? capacity(top.get("capacity"))
                    : new SearchSettings[] {SearchSettings.DEFAULT, SearchSettings.QUICK};
            List<Integer> instances = top.containsKey("capacity") ? instances(top.get("capacity")) : null;
            doc.failIfAny();
            return new Ladder(name, workload, quick, steps, slo, capacity[0], capacity[1], instances);
        }

        /** {@code slo: {p95Ms: 500, maxErrorRate: 0.01, minThroughputFraction: 0.95}}; left-out keys are the default's. */
        Slo slo(YamlNode n) {
            Map<String, YamlNode> m = mapping(n, "'slo'", Set.of("p95Ms", "maxErrorRate", "minThroughputFraction"));
            double p95 = m.containsKey("p95Ms") ? number(m.get("p95Ms"), "p95Ms", 1, 3_600_000) : Slo.DEFAULT.p95Ms();
            double errors = m.containsKey("maxErrorRate") ? number(m.get("maxErrorRate"), "maxErrorRate", 0, 1)
                    : Slo.DEFAULT.maxErrorRate();
            double throughput = m.containsKey("minThroughputFraction")
                    ? number(m.get("minThroughputFraction"), "minThroughputFraction", 0.01, 1)
                    : Slo.DEFAULT.minThroughputFraction();
            doc.failIfAny();
            return new Slo(p95, errors, throughput);
        }

        /**
         * {@code capacity: {startRate, increment | factor, maxRate, levelSec, warmupSec, drainSec, resolution, minStep,
         * confirmations}}: the full ladder's search; a quick ladder takes the same rates with its own short levels.
         */
        SearchSettings[] capacity(YamlNode n) {
            Map<String, YamlNode> m = mapping(n, "'capacity'", Set.of("startRate", "increment", "factor", "maxRate",
                    "levelSec", "warmupSec", "drainSec", "resolution", "minStep", "confirmations", "instances"));
            SearchSettings d = SearchSettings.DEFAULT;
            SearchSettings q = SearchSettings.QUICK;
            boolean ramp = m.containsKey("increment") || m.containsKey("factor");
            double start = m.containsKey("startRate") ? number(m.get("startRate"), "startRate", 0.01, 100_000) : d.startRate();
            double increment = m.containsKey("increment") ? number(m.get("increment"), "increment", 0.01, 100_000) : 0;
            double factor = m.containsKey("factor") ? number(m.get("factor"), "factor", 1.01, 10) : 0;
            double max = m.containsKey("maxRate") ? number(m.get("maxRate"), "maxRate", 0.01, 100_000) : d.maxRate();
            int level = m.containsKey("levelSec") ? (int) wholeNumber(m.get("levelSec"), "levelSec", 1, 3600) : d.levelSec();
            int warmup = m.containsKey("warmupSec") ? (int) wholeNumber(m.get("warmupSec"), "warmupSec", 0, 3600) : d.warmupSec();
            int drain = m.containsKey("drainSec") ? (int) wholeNumber(m.get("drainSec"), "drainSec", 0, 3600) : d.drainSec();
            double resolution = m.containsKey("resolution") ? number(m.get("resolution"), "resolution", 0.01, 0.99)
                    : d.resolution();
            double minStep = m.containsKey("minStep") ? number(m.get("minStep"), "minStep", 0.01, 100_000) : d.minStep();
            int confirmations = m.containsKey("confirmations")
                    ? (int) wholeNumber(m.get("confirmations"), "confirmations", 0, 10) : d.confirmations();
            doc.failIfAny();
            if (!ramp) {
                factor = d.factor();
            }
            List<String> problems = SearchSettings.problems(start, increment, factor, max, level, warmup, drain,
                    resolution, minStep, confirmations);
            if (!problems.isEmpty()) {
                throw error(n, String.join("; ", problems));
            }
            return new SearchSettings[] {
                    new SearchSettings(start, increment, factor, max, level, warmup, drain, resolution, minStep,
                            confirmations),
                    new SearchSettings(start, increment, ramp ? factor : q.factor(), max, q.levelSec(), q.warmupSec(),
                            q.drainSec(), Math.max(resolution, q.resolution()), minStep, q.confirmations(), q.recheck())};
        }

        /**
         * {@code capacity: {instances: [1, 2, 3]}}: the app instance counts a stack step is measured at under
         * {@code --capacity} (its scale-out series); {@code []} for none. Null when left out (the default).
         */
        List<Integer> instances(YamlNode n) {
            YamlNode v = n.map("'capacity'", null).entries().get("instances");
            if (v == null) {
                return null;
            }
            if (!v.isList()) {
                throw error(v, "'instances' must be a list of app instance counts, e.g. [1, 2, 3]");
            }
            List<Integer> counts = new ArrayList<>();
            for (YamlNode c : v.list("'instances'")) {
                int k = (int) wholeNumber(c, "instances", 1, 16);
                if (counts.contains(k)) {
                    throw error(c, "'instances' lists " + k + " twice; list each instance count once, e.g. [1, 2, 3]");
                }
                counts.add(k);
            }
            return counts;
        }

        Step step(YamlNode n, Map<String, String> inherited, Workload ladderWorkload, double ladderMaxErrorRate,
                  OptionalInt ladderMaxStatements) {
            Map<String, YamlNode> m = mapping(n, "a step", Set.of("name", "description", "app", "workload", "start", "url", "expect",
                    "maxErrorRate", "maxStatementsPerRequest", "stack", "users", "ids", "env", "args", "health", "ref", "build", "startTimeoutSec"));
            if (!m.containsKey("name")) {
                throw error(n, "a step needs a 'name'");
            }
            String name = scalar(m.get("name"), "name");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw error(m.get("name"), "step name '" + name + "' must be letters, digits, '.', '_' or '-' (it names a folder)");
            }
            String description = m.containsKey("description") ? scalar(m.get("description"), "description") : "";
            Optional<String> url = m.containsKey("url") ? Optional.of(scalar(m.get("url"), "url")) : Optional.empty();
            Optional<String> start = m.containsKey("start") ? Optional.of(scalar(m.get("start"), "start")) : Optional.empty();
            boolean own = url.isPresent() || start.isPresent() || m.containsKey("ref");
            for (String key : List.of("env", "args", "health", "build", "startTimeoutSec")) {
                if (m.containsKey(key) && !own) {
                    throw error(m.get(key), "'" + key + "' describes how your own app starts; the step needs 'start' "
                            + "(a command), 'ref' (a git ref with 'build' and 'start') or 'url' too");
                }
            }
            if (own && m.containsKey("app")) {
                throw error(m.get("app"), "'app' switches apply to the reference app only; a step with 'url', 'start' or "
                        + "'ref' tests your own app");
            }
            if (url.isPresent()) {
                try {
                    Targets.check(url.get(), allowRemote);
                } catch (IllegalArgumentException e) {
                    throw error(m.get("url"), e.getMessage());
                }
            }
            Map<String, String> app = new LinkedHashMap<>(own ? Map.of() : inherited);
            if (m.containsKey("app")) {
                Map<String, YamlNode> sw = mapping(m.get("app"), "'app'", null);
                for (Map.Entry<String, YamlNode> e : sw.entrySet()) {
                    String key = e.getKey();
                    String value = scalar(e.getValue(), key);
                    if (SWITCHES.containsKey(key)) {
                        validateSwitch(key, value, e.getValue());
                    } else if (NUMERIC_SWITCHES.contains(key)) {
                        if (!value.matches("\\d{1,6}")) {
                            throw error(e.getValue(), "'" + key + "' must be a whole number (was '" + value + "')");
                        }
                    } else {
                        throw error(e.getValue(), "unknown app switch '" + key + "' (valid: fetch, connections, cache, "
                                + "tasks, threads, pool-size, feed-size, notify-latency-ms, worker-threads, job-retries)");
                    }
                    app.put(key, value);
                }
            }
            // A step's map sets the load's shape of the ladder's workload file, when the ladder names one
            Workload stepDefaults = ladderWorkload.file().isPresent() ? ladderWorkload : DEFAULT_WORKLOAD;
            Optional<Workload> workload = m.containsKey("workload")
                    ? Optional.of(workload(m.get("workload"), stepDefaults))
                    : Optional.empty();
            Optional<Ladder.OwnApp> ownApp = Optional.empty();
            if (own) {
                ownApp = Optional.of(ownApp(m, url, start, workload.orElse(ladderWorkload), n));
            } else {
                for (String key : List.of("users", "ids")) {
                    if (m.containsKey(key)) {
                        throw error(m.get(key), "'" + key + "' describes your own app; it needs the app's 'url' too "
                                + "(the reference app's users and ids are known)");
                    }
                }
            }
            Optional<StepStatus> expect = Optional.empty();
            if (m.containsKey("expect")) {
                String e = scalar(m.get("expect"), "expect").toUpperCase(java.util.Locale.ROOT);
                if (!e.equals("PASSED") && !e.equals("FAILED")) {
                    throw error(m.get("expect"), "'expect' must be passed or failed (was '" + scalar(m.get("expect"), "expect") + "')");
                }
                expect = Optional.of(StepStatus.valueOf(e));
            }
            Ladder.Stack stack = Ladder.Stack.SINGLE;
            if (m.containsKey("stack")) {
                if (own) {
                    throw error(m.get("stack"), "'stack' applies to the reference app only; a step with 'url', 'start' or "
                            + "'ref' tests your own app");
                }
                stack = stack(m.get("stack"));
            }
            double maxErrorRate = m.containsKey("maxErrorRate")
                    ? number(m.get("maxErrorRate"), "maxErrorRate", 0, StepVerdict.HIGHEST_MAX_ERROR_RATE) : ladderMaxErrorRate;
            OptionalInt maxStatements = m.containsKey("maxStatementsPerRequest")
                    ? OptionalInt.of((int) wholeNumber(m.get("maxStatementsPerRequest"), "maxStatementsPerRequest", 1,
                            MAX_STATEMENTS_LIMIT))
                    : ladderMaxStatements;
            return new Step(name, description, app, workload, ownApp, expect, stack, maxErrorRate, maxStatements);
        }

        /**
         * How the user's own app starts ({@code start}, {@code env}, {@code args}, {@code health}, {@code ref} with
         * {@code build}), and {@code users: FILE} and {@code ids: {articles: N, users: N}}, required only when a built-in
         * workload needs them (a workload file brings its own feeders).
         */
        Ladder.OwnApp ownApp(Map<String, YamlNode> m, Optional<String> url, Optional<String> start, Workload workload,
                             YamlNode step) {
            Map<String, String> env = new LinkedHashMap<>();
            if (m.containsKey("env")) {
                for (Map.Entry<String, YamlNode> e : mapping(m.get("env"), "'env'", null).entrySet()) {
                    if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw error(m.get("env"), "environment variable '" + e.getKey() + "' must be letters, digits "
                                + "and '_', not starting with a digit");
                    }
                    env.put(e.getKey(), scalar(e.getValue(), e.getKey()));
                }
            }
            List<String> args = new ArrayList<>();
            if (m.containsKey("args")) {
                if (!m.get("args").isList()) {
                    throw error(m.get("args"), "'args' must be a list, e.g. [--batch-fetch, 'on']");
                }
                for (YamlNode a : m.get("args").list("'args'")) {
                    args.add(scalar(a, "an argument"));
                }
            }
            if (!args.isEmpty() && start.isEmpty()) {
                throw error(m.get("args"), "'args' are appended to the 'start' command; the step has none");
            }
            Optional<String> health = Optional.empty();
            if (m.containsKey("health")) {
                String h = scalar(m.get("health"), "health");
                if (!h.startsWith("/") || h.contains(" ")) {
                    throw error(m.get("health"), "'health' must be a path starting with '/', e.g. /actuator/health "
                            + "(was '" + h + "')");
                }
                health = Optional.of(h);
            }
            Optional<Ladder.GitRef> ref = Optional.empty();
            if (m.containsKey("ref")) {
                String r = scalar(m.get("ref"), "ref");
                if (r.isEmpty() || r.startsWith("-") || r.contains(" ")) {
                    throw error(m.get("ref"), "'ref' must be a git branch, tag or commit (was '" + r + "')");
                }
                if (!m.containsKey("build")) {
                    throw error(m.get("ref"), "a step with 'ref' needs 'build': the command that builds that commit "
                            + "in its worktree, e.g. ./mvnw -q -DskipTests package");
                }
                if (start.isEmpty()) {
                    throw error(m.get("ref"), "a step with 'ref' needs 'start': the command that starts the built app "
                            + "(run in the commit's worktree)");
                }
                ref = Optional.of(new Ladder.GitRef(baseDir, r, scalar(m.get("build"), "build")));
            } else if (m.containsKey("build")) {
                throw error(m.get("build"), "'build' builds a git 'ref' in its worktree; the step has no 'ref' (build "
                        + "your app before the ladder, or name the commit with 'ref')");
            }
            Optional<Path> users = Optional.empty();
            if (m.containsKey("users")) {
                Path file = baseDir.resolve(scalar(m.get("users"), "users")).normalize();
                if (!Files.isRegularFile(file)) {
                    throw error(m.get("users"), "no users file " + file + " (a CSV 'id,email,password,name' of your app's "
                            + "users; relative names are read from the ladder file's folder)");
                }
                users = Optional.of(file);
            }
            int articles = 0;
            int userIds = 0;
            if (m.containsKey("ids")) {
                Map<String, YamlNode> ids = mapping(m.get("ids"), "'ids'", Set.of("articles", "users"));
                articles = ids.containsKey("articles") ? (int) number(ids.get("articles"), "articles", 1, 1e9) : 0;
                userIds = ids.containsKey("users") ? (int) number(ids.get("users"), "users", 1, 1e9) : 0;
            }
            Optional<SimulationKind> kind = workload.file().isPresent() ? Optional.empty()
                    : LadderWorkloads.kind(workload.simulation());
            if (kind.isPresent() && kind.get().needsUsers() && users.isEmpty()) {
                throw error(step, "the workload " + workload.simulation() + " signs users in: give your app's users "
                        + "with 'users: FILE' (CSV id,email,password,name)");
            }
            if (kind.isPresent() && kind.get().needsIds() && (articles == 0 || userIds == 0)) {
                throw error(m.getOrDefault("ids", step), "the workload " + workload.simulation() + " opens articles "
                        + "and profiles by id: give 'ids: {articles: N, users: N}' (the highest ids in your app)");
            }
            int startTimeout = m.containsKey("startTimeoutSec")
                    ? (int) wholeNumber(m.get("startTimeoutSec"), "startTimeoutSec", 1, 3_600)
                    : Ladder.OwnApp.DEFAULT_START_TIMEOUT_SEC;
            return new Ladder.OwnApp(url, start, env, args, health, ref, users, articles, userIds, allowRemote,
                    startTimeout, Optional.of(baseDir));
        }

        Ladder.Stack stack(YamlNode n) {
            Map<String, YamlNode> m = mapping(n, "'stack'", Set.of("instances", "pgbouncer", "memcached", "split"));
            int instances = m.containsKey("instances") ? (int) wholeNumber(m.get("instances"), "instances", 1, 8) : 1;
            return new Ladder.Stack(instances, flag(m, "pgbouncer"), flag(m, "memcached"), flag(m, "split"));
        }

        boolean flag(Map<String, YamlNode> m, String key) {
            if (!m.containsKey(key)) {
                return false;
            }
            return m.get(key).flag(key);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        void validateSwitch(String key, String value, YamlNode at) {
            try {
                Switch.parse((Class) SWITCHES.get(key), "'" + key + "'", value);
            } catch (IllegalArgumentException e) {
                throw error(at, e.getMessage());
            }
        }

        /**
         * {@code workload: FILE} (a workload file, relative to this file) or the map form: {@code simulation}, the load's
         * shape, and {@code file}; keys left out come from {@code defaults} (or from the named file's {@code load}).
         */
        Workload workload(YamlNode n, Workload defaults) {
            if (n.isScalar()) {
                return fileWorkload(n);
            }
            Map<String, YamlNode> m = mapping(n, "'workload'", Set.of("file", "simulation", "rate", "warmupSec",
                    "durationSec", "drainSec", "commentShare", "signedInShare", "thinkMinMs", "thinkMaxMs",
                    "warmUpWrites"));
            if (m.containsKey("file") && m.containsKey("simulation")) {
                throw error(m.get("simulation"), "'simulation' names a built-in workload and 'file' a workload file; "
                        + "give one of them");
            }
            if (m.containsKey("file")) {
                defaults = fileWorkload(m.get("file"));
            } else if (m.containsKey("simulation")) {
                defaults = new Workload(defaults.simulation(), defaults.rate(), defaults.warmupSec(), defaults.durationSec(),
                        defaults.drainSec(), defaults.commentShare(), defaults.signedInShare(), defaults.thinkMinMs(),
                        defaults.thinkMaxMs(), defaults.warmUpWrites(), Optional.empty());
            }
            String sim = m.containsKey("simulation") ? scalar(m.get("simulation"), "simulation") : defaults.simulation();
            double rate = m.containsKey("rate") ? number(m.get("rate"), "rate", 0.1, 10_000) : defaults.rate();
            int warmup = m.containsKey("warmupSec") ? (int) number(m.get("warmupSec"), "warmupSec", 0, 3_600) : defaults.warmupSec();
            int duration = m.containsKey("durationSec") ? (int) number(m.get("durationSec"), "durationSec", 1, 3_600) : defaults.durationSec();
            int drain = m.containsKey("drainSec") ? (int) number(m.get("drainSec"), "drainSec", 0, 3_600) : defaults.drainSec();
            Double comments = m.containsKey("commentShare") ? Double.valueOf(number(m.get("commentShare"), "commentShare", 0, 1))
                    : defaults.commentShare();
            int warmUpWrites = m.containsKey("warmUpWrites")
                    ? (int) wholeNumber(m.get("warmUpWrites"), "warmUpWrites", 0, AppSettings.MAX_WARM_UP_WRITES)
                    : defaults.warmUpWrites();
            // the story's visitor mix: the built-in story's inputs; a workload file sets its own in the file
            boolean story = defaults.file().isEmpty()
                    && LadderWorkloads.kind(sim).filter(k -> k == SimulationKind.STORY_WORKLOAD).isPresent();
            for (String key : STORY_MIX) {
                if (m.containsKey(key) && !story) {
                    throw error(m.get(key), "'" + key + "' applies to the built-in story only; "
                            + (defaults.file().isPresent()
                            ? "set it in the workload file " + defaults.file().get().getFileName()
                            + " (its vars, signIn share or think times)"
                            : "remove it (the workload is " + sim + ")"));
                }
            }
            Double signedIn = m.containsKey("signedInShare")
                    ? Double.valueOf(number(m.get("signedInShare"), "signedInShare", 0, 1)) : defaults.signedInShare();
            Integer thinkMin = m.containsKey("thinkMinMs")
                    ? Integer.valueOf((int) wholeNumber(m.get("thinkMinMs"), "thinkMinMs", 0, MAX_THINK_MS))
                    : defaults.thinkMinMs();
            Integer thinkMax = m.containsKey("thinkMaxMs")
                    ? Integer.valueOf((int) wholeNumber(m.get("thinkMaxMs"), "thinkMaxMs", 0, MAX_THINK_MS))
                    : defaults.thinkMaxMs();
            if ((thinkMin == null) != (thinkMax == null)) {
                String given = thinkMin != null ? "thinkMinMs" : "thinkMaxMs";
                String missing = thinkMin != null ? "thinkMaxMs" : "thinkMinMs";
                throw error(m.get(given), "'" + given + "' needs '" + missing + "' beside it (think times are drawn "
                        + "between the two); give both");
            }
            if (thinkMin != null && thinkMax < thinkMin) {
                YamlNode at = m.containsKey("thinkMaxMs") ? m.get("thinkMaxMs") : m.get("thinkMinMs");
                throw error(at, "'thinkMaxMs' must be at least 'thinkMinMs' (was " + thinkMax + " < " + thinkMin + ")");
            }
            return new Workload(sim, rate, warmup, duration, drain, comments, signedIn, thinkMin, thinkMax, warmUpWrites,
                    defaults.file());
        }

        /** A workload file named at {@code n}: its journeys and its {@code load}. */
        Workload fileWorkload(YamlNode n) {
            Path file = baseDir.resolve(scalar(n, "workload")).normalize();
            if (!Files.isRegularFile(file)) {
                throw error(n, "no workload file " + file + " (relative names are read from the ladder file's folder; "
                        + "docs/workloads.md describes the format)");
            }
            dev.scalelab.loadtests.workload.Workload.Load load;
            try {
                load = LadderWorkloads.load(file);
            } catch (LadderFileException e) {
                throw error(n, "workload file " + e.getMessage());
            }
            return new Workload(LadderWorkloads.SIMULATION, load.rate(), load.warmupSec(), load.durationSec(),
                    load.drainSec(), null, 0, Optional.of(file));
        }

        long wholeNumber(YamlNode n, String key, long min, long max) {
            return n.whole(key, min, max);
        }

        double number(YamlNode n, String key, double min, double max) {
            return n.number(key, min, max);
        }

        /** A mapping whose shape the rest of the step depends on: not one stops the parse; unknown keys do not. */
        Map<String, YamlNode> mapping(YamlNode n, String what, Set<String> allowed) {
            if (!n.isMapping()) {
                throw error(n, what + " must be a mapping of 'key: value' lines");
            }
            return n.map(what, allowed).entries();
        }

        /** A single value the parse cannot go on without. */
        String scalar(YamlNode n, String what) {
            String v = n.text(what);
            if (v == null) {
                doc.failIfAny();
            }
            return v;
        }

        YamlFileException error(YamlNode n, String message) {
            return n.failure(message);
        }
    }
}
