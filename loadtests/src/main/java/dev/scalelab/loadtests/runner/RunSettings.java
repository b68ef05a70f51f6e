package dev.scalelab.loadtests.runner;

import dev.scalelab.loadtests.probe.Preflight;
import dev.scalelab.loadtests.sim.SimulationKind;
import dev.scalelab.loadtests.sim.SimulationParameters;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import dev.scalelab.loadtests.yaml.YamlFileException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run needs; immutable. Build with {@link #builder()}: the CLI and Java callers get
 * the same defaults, all listed in {@link Builder}. {@link #problems()} lists every problem at
 * once, with the simulation's own checks ({@link SimulationParameters#parse}).
 *
 * @param simulation           {@code StoryWorkload}, {@code QueryProfile}, {@code HealthLoad} or
 *                             {@code WorkloadSimulation} (with the {@code workloadFile} property,
 *                             {@link Builder#workloadFile(String)})
 * @param baseUrl              the target, e.g. {@code http://127.0.0.1:8080}
 * @param rate                 new virtual users (visitors) per second; null for QueryProfile
 * @param duration             measured injection, whole seconds
 * @param warmup               injection before measurement, whole seconds
 * @param seed                 seed of the workload's random choices
 * @param usersCsv             users CSV {@code id,email,password,name}; null for HealthLoad
 * @param articleIdMax         StoryWorkload picks articles 1..articleIdMax (0 when unused)
 * @param userIdMax            StoryWorkload picks profiles 1..userIdMax (0 when unused)
 * @param outputDir            where {@code client-results.json}, {@code injector.log} and the
 *                             Gatling report folder go; created if missing
 * @param timeLimit            the child JVM is stopped after this long; null for the default
 *                             (warm-up + duration + drain + 2 minutes)
 * @param simulationProperties further simulation properties ({@code signedInShare},
 *                             {@code thinkMinMs}, {@code record}, ...; see {@link SimulationParameters})
 * @param jvmOptions           options of the Gatling JVM (heap); the required ones are added
 * @param classpath            classpath of the Gatling JVM; null for this JVM's
 * @param javaExecutable       java binary; null for this JVM's
 * @param gatlingReport        generate Gatling's HTML report
 */
public record RunSettings(
        String simulation,
        URI baseUrl,
        Double rate,
        Duration duration,
        Duration warmup,
        long seed,
        Path usersCsv,
        int articleIdMax,
        int userIdMax,
        Path outputDir,
        Duration timeLimit,
        Map<String, String> simulationProperties,
        List<String> jvmOptions,
        String classpath,
        Path javaExecutable,
        boolean gatlingReport) {

    /** Name of the results file inside {@code outputDir}. */
    public static final String RESULTS_FILE = "client-results.json";
    /** Name of the child's output log inside {@code outputDir}. */
    public static final String LOG_FILE = "injector.log";
    /** Folder of Gatling's results inside {@code outputDir}. */
    public static final String GATLING_DIR = "gatling";
    /** Time allowed beyond the injection for JVM start, drain and report generation. */
    public static final Duration TIME_LIMIT_MARGIN = Duration.ofMinutes(2);

    public RunSettings {
        simulationProperties = simulationProperties == null ? Map.of() : Map.copyOf(simulationProperties);
        jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The simulation, when the name is known. */
    public SimulationKind kind() {
        return SimulationKind.find(simulation).orElse(null);
    }

    public Path resultsFile() {
        return outputDir.resolve(RESULTS_FILE).toAbsolutePath();
    }

    public Path logFile() {
        return outputDir.resolve(LOG_FILE).toAbsolutePath();
    }

    /** The time limit in force: the given one, or warm-up + duration + drain + {@link #TIME_LIMIT_MARGIN}. */
    public Duration effectiveTimeLimit() {
        if (timeLimit != null) {
            return timeLimit;
        }
        SimulationKind kind = kind();
        if (kind == null || !kind.timed()) {
            return TIME_LIMIT_MARGIN;
        }
        long drain = Long.parseLong(simulationProperties.getOrDefault(SimulationParameters.DRAIN_SEC,
                SimulationParameters.DEFAULTS.get(SimulationParameters.DRAIN_SEC)).strip());
        return warmup.plus(duration).plusSeconds(drain).plus(TIME_LIMIT_MARGIN);
    }

    /** The system properties the simulation gets. */
    public Map<String, String> systemProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        if (baseUrl != null) {
            props.put(SimulationParameters.BASE_URL, baseUrl.toString());
        }
        if (rate != null) {
            props.put(SimulationParameters.RATE, plain(rate));
        }
        if (duration != null) {
            props.put(SimulationParameters.DURATION_SEC, String.valueOf(duration.toSeconds()));
        }
        if (warmup != null) {
            props.put(SimulationParameters.WARMUP_SEC, String.valueOf(warmup.toSeconds()));
        }
        props.put(SimulationParameters.SEED, String.valueOf(seed));
        if (usersCsv != null) {
            props.put(SimulationParameters.USERS_CSV, usersCsv.toAbsolutePath().toString());
        }
        if (articleIdMax > 0) {
            props.put(SimulationParameters.ARTICLE_ID_MAX, String.valueOf(articleIdMax));
        }
        if (userIdMax > 0) {
            props.put(SimulationParameters.USER_ID_MAX, String.valueOf(userIdMax));
        }
        if (outputDir != null) {
            props.put(SimulationParameters.RESULTS_FILE, resultsFile().toString());
        }
        props.putAll(simulationProperties);
        return props;
    }

    /** The path the preflight asks: the workload file's {@code probes.health}, or {@code /health}. */
    public String healthPath() {
        SimulationKind kind = kind();
        if (kind == SimulationKind.WORKLOAD) {
            SimulationParameters.Parsed parsed = SimulationParameters.parse(kind, systemProperties());
            if (parsed.ok()) {
                return parsed.parameters().workload().probes().health();
            }
        }
        return Preflight.DEFAULT_HEALTH_PATH;
    }

    /** Every problem of these settings, empty when they are usable. Does not contact the target. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        SimulationKind kind = kind();
        if (kind == null) {
            problems.add("unknown simulation '" + simulation + "'; expected one of " + SimulationKind.names());
        }
        if (outputDir == null) {
            problems.add("an output folder is required");
        }
        if (timeLimit != null && (timeLimit.isZero() || timeLimit.isNegative())) {
            problems.add("time limit must be positive (got " + timeLimit.toSeconds() + " s)");
        }
        if (duration != null && (duration.isNegative() || duration.getNano() != 0)) {
            problems.add("duration must be a positive whole number of seconds (got " + duration.toMillis() / 1000.0 + " s)");
        }
        if (warmup != null && (warmup.isNegative() || warmup.getNano() != 0)) {
            problems.add("warm-up must be zero or a whole number of seconds (got " + warmup.toMillis() / 1000.0 + " s)");
        }
        for (String key : simulationProperties.keySet()) {
            if (!SimulationParameters.NAMES.contains(key)) {
                problems.add("unknown simulation property '" + key + "'; known: " + String.join(", ", SimulationParameters.NAMES));
            }
        }
        if (kind != null && problems.isEmpty()) {
            problems.addAll(SimulationParameters.parse(kind, systemProperties()).problems());
        }
        return problems;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /**
     * Builds {@link RunSettings}. Defaults: duration 60 s, warm-up 10 s, seed 1, time limit
     * derived, Gatling JVM {@code -Xmx1g}, this JVM's classpath and java, HTML report on.
     */
    public static final class Builder {
        private String simulation;
        private URI baseUrl;
        private Double rate;
        private Duration duration = Duration.ofSeconds(60);
        private Duration warmup = Duration.ofSeconds(10);
        private long seed = 1;
        private Path usersCsv;
        private int articleIdMax;
        private int userIdMax;
        private Path outputDir;
        private Duration timeLimit;
        private final Map<String, String> simulationProperties = new LinkedHashMap<>();
        private List<String> jvmOptions = List.of("-Xmx1g");
        private String classpath;
        private Path javaExecutable;
        private boolean gatlingReport = true;
        private boolean durationSet;
        private boolean warmupSet;
        private boolean seedSet;

        private Builder() {
        }

        public Builder simulation(String simulation) {
            this.simulation = simulation;
            return this;
        }

        public Builder simulation(SimulationKind kind) {
            this.simulation = kind.simpleName();
            return this;
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            try {
                this.baseUrl = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                // reported by problems() through the simulation's own check
                this.simulationProperties.put(SimulationParameters.BASE_URL, baseUrl);
            }
            return this;
        }

        /** New virtual users (visitors) per second. */
        public Builder rate(double visitorsPerSec) {
            this.rate = visitorsPerSec;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration);
            this.durationSet = true;
            return this;
        }

        public Builder warmup(Duration warmup) {
            this.warmup = Objects.requireNonNull(warmup);
            this.warmupSet = true;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            this.seedSet = true;
            return this;
        }

        public Builder usersCsv(Path usersCsv) {
            this.usersCsv = usersCsv;
            return this;
        }

        public Builder articleIdMax(int articleIdMax) {
            this.articleIdMax = articleIdMax;
            return this;
        }

        public Builder userIdMax(int userIdMax) {
            this.userIdMax = userIdMax;
            return this;
        }

        public Builder outputDir(Path outputDir) {
            this.outputDir = outputDir;
            return this;
        }

        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = timeLimit;
            return this;
        }

        /** A further simulation property, e.g. {@code signedInShare}. */
        public Builder property(String name, String value) {
            this.simulationProperties.put(name, value);
            return this;
        }

        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        public Builder javaExecutable(Path javaExecutable) {
            this.javaExecutable = javaExecutable;
            return this;
        }

        public Builder gatlingReport(boolean gatlingReport) {
            this.gatlingReport = gatlingReport;
            return this;
        }

        /**
         * A workload file ({@code builtin:story}, {@code builtin:query-profile} or a path) for
         * {@link SimulationKind#WORKLOAD}; its load applies where this builder sets none (rate, duration, warm-up,
         * seed, {@code drainSec}).
         */
        public Builder workloadFile(String nameOrPath) {
            this.simulationProperties.put(SimulationParameters.WORKLOAD_FILE, nameOrPath.startsWith(WorkloadFiles.BUILTIN)
                    ? nameOrPath : Path.of(nameOrPath).toAbsolutePath().toString());
            return this;
        }

        /** {@link #workloadFile(String)} of a file. */
        public Builder workloadFile(Path file) {
            return workloadFile(file.toAbsolutePath().toString());
        }

        public RunSettings build() {
            Double rate = this.rate;
            Duration duration = this.duration;
            Duration warmup = this.warmup;
            long seed = this.seed;
            Map<String, String> properties = new LinkedHashMap<>(simulationProperties);
            if (SimulationKind.find(simulation).orElse(null) == SimulationKind.WORKLOAD
                    && properties.containsKey(SimulationParameters.WORKLOAD_FILE)) {
                Map<String, String> vars = new LinkedHashMap<>(properties);
                if (usersCsv != null) {
                    vars.put(SimulationParameters.USERS_CSV, usersCsv.toAbsolutePath().toString());
                }
                if (articleIdMax > 0) {
                    vars.put(SimulationParameters.ARTICLE_ID_MAX, String.valueOf(articleIdMax));
                }
                if (userIdMax > 0) {
                    vars.put(SimulationParameters.USER_ID_MAX, String.valueOf(userIdMax));
                }
                try {
                    Workload.Load load = WorkloadFiles.read(properties.get(SimulationParameters.WORKLOAD_FILE), vars).load();
                    rate = rate == null ? Double.valueOf(load.rate()) : rate;
                    duration = durationSet ? duration : Duration.ofSeconds(load.durationSec());
                    warmup = warmupSet ? warmup : Duration.ofSeconds(load.warmupSec());
                    seed = seedSet ? seed : load.seed();
                    properties.putIfAbsent(SimulationParameters.DRAIN_SEC, String.valueOf(load.drainSec()));
                } catch (YamlFileException e) {
                    // problems() reports it, with every other problem
                }
            }
            return new RunSettings(simulation, baseUrl, rate, duration, warmup, seed, usersCsv, articleIdMax, userIdMax,
                    outputDir, timeLimit, properties, jvmOptions, classpath, javaExecutable, gatlingReport);
        }
    }
}
