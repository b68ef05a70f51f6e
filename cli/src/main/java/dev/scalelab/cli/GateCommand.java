package dev.scalelab.cli;

import dev.scalelab.app.db.DatabaseUnavailableException;
import dev.scalelab.cli.gate.AppHealth;
import dev.scalelab.cli.gate.Gate;
import dev.scalelab.cli.gate.GateFormats;
import dev.scalelab.cli.gate.GateResult;
import dev.scalelab.cli.gate.ProfileBuilder;
import dev.scalelab.cli.gate.QueryProfile;
import dev.scalelab.cli.gate.SnapshotClient;
import dev.scalelab.cli.gate.TestProfilesReader;
import dev.scalelab.cli.gate.WorkloadProfiler;
import dev.scalelab.cli.ladder.Targets;
import dev.scalelab.cli.ladder.Environment;
import dev.scalelab.cli.ladder.Ladder;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.diagnostics.detect.FrameFilter;
import dev.scalelab.cli.proc.ChildProcesses;
import dev.scalelab.cli.proc.FreePorts;
import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.runner.LoadTestException;
import dev.scalelab.loadtests.runner.RunListener;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.runner.SimulationRunner;
import dev.scalelab.loadtests.sim.SimulationKind;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import dev.scalelab.loadtests.yaml.YamlFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab gate}: fails a build when a change adds SQL statements to a route. */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fail a build when a change adds SQL statements to a route or a test.",
                "Profiles every route once (the reference app's QueryProfile, or your app with --workload FILE and",
                "--url/--start), or reads the test suite's per-test profiles (--from-tests DIR), and compares the",
                "statements per route or test with a committed baseline: statement counts, new statements, new N+1",
                "findings, with call sites. See docs/gate.md.",
                "Exit codes: 0 nothing grew, 1 a regression (or a route not exercised or failing), 2 usage or environment."})
public final class GateCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    /** The diagnostics endpoint token a started app gets (the library's and the Spring Boot starter's names). */
    static final List<String> TOKEN_ENV = SnapshotClient.TOKEN_ENV;

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "The baseline profile (JSON).")
    Path baseline;

    @Option(names = "--update", description = "Write the baseline from this run instead of comparing.")
    boolean update;

    @Option(names = "--from-tests", paramLabel = "DIR",
            description = "Gate the test suite's per-test query profiles in DIR (e.g. target/scalelab/queries, written"
                    + " by the diagnostics JUnit extension) instead of profiling an app over HTTP.")
    Path fromTests;

    @Option(names = "--step", paramLabel = "NAME", description = "Profile the reference app configured as this ladder step (default: eager-fetch).")
    String step;

    @Option(names = "--ladder", paramLabel = "FILE", description = "Ladder file that defines --step (default: the story ladder).")
    Path ladderFile;

    @Option(names = "--workload", paramLabel = "FILE",
            description = "Profile your own app with this workload file's requests (each once, in journey order, one"
                    + " visitor, unless its load says visitors: N); needs --url or --start.")
    String workload;

    @Option(names = "--url", paramLabel = "URL",
            description = "Where your app answers (loopback; default with --start: " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--allow-remote", description = "Let --url name another host than this machine (e.g. a staging server).")
    boolean allowRemote;

    @Option(names = "--start", paramLabel = "CMD", description = "Start your app with this command (stopped afterwards).")
    String start;

    @Option(names = "--health", paramLabel = "PATH",
            description = "With --workload: the path that answers 200 once the app is ready (default: the workload's"
                    + " probes.health, else /health).")
    String health;

    @Option(names = "--health-timeout", paramLabel = "SEC",
            description = "With --workload: seconds to wait for the health path (default: 120 with --start, 10 with --url only).")
    Integer healthTimeoutSec;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "With --workload: the trace file your app writes (diagnostics recorder): fingerprints, call"
                    + " sites and N+1 per route.")
    Path trace;

    @Option(names = "--app-packages", split = ",", paramLabel = "PACKAGE",
            description = "Your app's own packages, comma-separated (e.g. com.example): call sites read from a trace are the"
                    + " innermost frame under one of them, also under a framework prefix (org.springframework.samples...).")
    List<String> appPackages = new ArrayList<>();

    @Option(names = "--users", paramLabel = "CSV",
            description = "With --workload: the users CSV, as the workload's vars.usersCsv (builtin:query-profile signs in with it).")
    Path users;

    @Option(names = "--tolerance", defaultValue = "0", paramLabel = "N",
            description = "Statements per request a route may grow without failing (default: ${DEFAULT-VALUE}).")
    int tolerance;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text | junit | markdown | github (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the result to FILE (e.g. JUnit XML for CI).")
    Path output;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        validate();
        // the baseline is read and validated before anything starts: a broken one fails closed in a second
        QueryProfile base = readBaseline();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Path work = null;
        QueryProfile profile;
        if (fromTests != null) {
            try {
                profile = TestProfilesReader.read(fromTests);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        } else {
            work = workDir();
            try {
                profile = workload == null ? profileReferenceApp(work, err) : profileOwnApp(work, err);
            } catch (DatabaseUnavailableException e) {
                throw new UserError(e.getMessage());
            } finally {
                ChildProcesses.stopAll();
            }
        }
        GateResult.Subject subject = fromTests != null ? GateResult.Subject.TEST : GateResult.Subject.ROUTE;
        PrintWriter out = spec.commandLine().getOut();
        if (update) {
            List<String> broken = profile.routes().entrySet().stream().filter(e -> e.getValue().errors() > 0)
                    .map(e -> e.getKey() + " (" + e.getValue().errors() + " errors)").toList();
            if (profile.routes().isEmpty() || !broken.isEmpty()) {
                out.println("baseline NOT written: " + (profile.routes().isEmpty() ? "no " + subject.noun() + " was measured"
                        : "routes answered with errors: " + String.join(", ", broken)) + "; see " + work);
                out.flush();
                return ExitCodes.FINDINGS;
            }
            QueryProfile kept = keepAllowances(base, profile);
            kept.write(baseline);
            out.printf("baseline written: %s (%d %s, %.0f s)%n", baseline, kept.routes().size(), subject.plural(),
                    (System.nanoTime() - t0) / 1e9);
            out.flush();
            return ExitCodes.OK;
        }
        GateResult result = new Gate(tolerance, subject).compare(base, profile);
        String rendered = GateFormats.render(format, result, baseline.toString());
        out.print(rendered);
        out.flush();
        if (output != null) {
            writeAtomically(output, rendered);
        }
        if (work != null) {
            err.printf("gate: done in %.0f s; raw files in %s%n", (System.nanoTime() - t0) / 1e9, work);
            err.flush();
        }
        return result.passed() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    /**
     * The baseline, strictly validated; null only with {@code --update} and no baseline yet. With {@code --update}
     * an existing baseline must validate too: its allowances are kept, and a broken one is not silently dropped.
     */
    private QueryProfile readBaseline() {
        if (update && !Files.exists(baseline)) {
            return null;
        }
        if (!update && !Files.exists(baseline)) {
            throw new UserError("no baseline at " + baseline + "; record one with --update and commit it");
        }
        if (Files.isDirectory(baseline)) {
            throw new UserError(baseline + " is a folder; --baseline takes the baseline file (JSON)");
        }
        try {
            return QueryProfile.read(baseline);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void validate() {
        if (!GateFormats.NAMES.contains(format)) {
            throw new UserError("invalid value for --format: '" + format + "' (valid values: "
                    + String.join(", ", GateFormats.NAMES) + ")");
        }
        if (tolerance < 0) {
            throw new UserError("--tolerance must be 0 or more (was " + tolerance + ")");
        }
        if (!FrameFilter.checkAppPackages(appPackages).isEmpty()) {
            throw new UserError("invalid value for --app-packages: expected package names separated by commas, such as"
                    + " com.example,org.acme; found " + String.join(",", appPackages));
        }
        if (fromTests != null) {
            List<String> http = new ArrayList<>();
            if (url != null) {
                http.add("--url");
            }
            if (start != null) {
                http.add("--start");
            }
            if (step != null) {
                http.add("--step");
            }
            if (ladderFile != null) {
                http.add("--ladder");
            }
            if (trace != null) {
                http.add("--trace");
            }
            if (users != null) {
                http.add("--users");
            }
            if (workload != null) {
                http.add("--workload");
            }
            if (health != null) {
                http.add("--health");
            }
            if (!appPackages.isEmpty()) {
                http.add("--app-packages (per-test profiles carry call sites resolved in the test JVM: set"
                        + " scalelab.diagnostics.app-packages or Diagnostics.builder().appPackages there)");
            }
            if (database.dbUrl != null || database.dataDir != null) {
                http.add(database.dbUrl != null ? "--db-url" : "--data-dir");
            }
            if (!http.isEmpty()) {
                throw new UserError("--from-tests reads the test suite's profiles and starts no app or database;"
                        + " drop " + String.join(", ", http) + " (or drop --from-tests to profile over HTTP)");
            }
            return;
        }
        if (url != null) {
            try {
                Targets.check(url, allowRemote);
            } catch (IllegalArgumentException e) {
                throw new UserError(Targets.isLoopback(url) || allowRemote ? "--url: " + e.getMessage()
                        : "--url must be a loopback address such as http://127.0.0.1:8080 (was '" + url + "'); add "
                        + "--allow-remote to profile another host (e.g. a staging server you own)");
            }
        }
        if (workload == null) {
            if (url != null || start != null) {
                throw new UserError((url != null ? "--url" : "--start") + " profiles your own app: give --workload FILE"
                        + " with the requests to send (see docs/workloads.md; the reference app's routes are"
                        + " --workload builtin:query-profile --users users.csv)");
            }
            String own = trace != null ? "--trace" : users != null ? "--users" : health != null ? "--health"
                    : healthTimeoutSec != null ? "--health-timeout" : null;
            if (own != null) {
                throw new UserError(own + " goes with --workload (your own app); the reference app's gate sets it itself");
            }
            return;
        }
        if (url == null && start == null) {
            throw new UserError("--workload needs --url URL (an app already running) or --start CMD (scalelab starts it)");
        }
        if (step != null || ladderFile != null) {
            throw new UserError("--" + (step != null ? "step" : "ladder") + " configures the reference app;"
                    + " --workload profiles your own app: give one of them");
        }
        if (health != null && !health.startsWith("/")) {
            throw new UserError("--health must be a path starting with '/' (was '" + health + "')");
        }
        if (healthTimeoutSec != null && healthTimeoutSec < 1) {
            throw new UserError("--health-timeout must be 1 or more seconds (was " + healthTimeoutSec + ")");
        }
        if (trace != null && Files.isDirectory(trace)) {
            throw new UserError("--trace " + trace + " is a folder; give the trace file your app writes");
        }
    }

    private QueryProfile profileReferenceApp(Path work, PrintWriter err) throws Exception {
        String stepName = step == null ? "eager-fetch" : step;
        Ladder ladder = LadderCommand.load(ladderFile);
        Ladder.Step s = ladder.step(stepName).orElseThrow(() -> new UserError("no step '" + stepName + "' in ladder "
                + ladder.name()));
        if (!s.referenceApp()) {
            throw new UserError("step '" + stepName + "' is not a reference-app step; use --url for your own app");
        }
        err.println("gate: preparing the database");
        err.flush();
        try (Environment env = Environment.prepare(database.settings(), work, line -> {
            err.println("gate: " + line);
            err.flush();
        })) {
            env.resetData();
            Path csv = env.usersCsv();
            int port = FreePorts.next();
            Path traceFile = work.resolve("trace.jsonl");
            List<String> args = new ArrayList<>();
            s.app().forEach((k, v) -> {
                args.add("--" + k);
                args.add(v);
            });
            args.addAll(List.of("--port", Integer.toString(port), "--trace", traceFile.toString()));
            args.addAll(env.appDatabaseArgs());
            String base = "http://127.0.0.1:" + port;
            err.println("gate: starting the reference app as step " + stepName);
            err.flush();
            ClientResults client;
            try (AppProcess app = AppProcess.startReferenceApp(args, base, work.resolve("app.log"),
                    Optional.empty())) {
                app.awaitHealthy(Duration.ofSeconds(120));
                client = runProfile(base, csv, work, err);
            }
            // the app flushed its trace when it stopped
            return new ProfileBuilder(appPackages).fromTrace("reference app, step " + stepName, traceFile, client);
        }
    }

    /** The user's app: started (or already running), its health path awaited, the workload's requests sent. */
    private QueryProfile profileOwnApp(Path work, PrintWriter err) throws Exception {
        Consumer<String> say = line -> {
            err.println("gate: " + line);
            err.flush();
        };
        Workload w = readWorkload();
        String base = (url == null ? DEFAULT_URL : url).replaceAll("/$", "");
        String healthUrl = base + (health != null ? health : w.probes().health());
        String token = Optional.ofNullable(System.getenv(TOKEN_ENV.get(0))).filter(t -> !t.isBlank())
                .orElse(start != null ? newToken() : null);
        long traceFrom = trace != null && Files.isRegularFile(trace) ? Files.size(trace) : 0;
        AppProcess started = null;
        try {
            if (start != null) {
                say.accept("starting your app: " + start);
                List<String> cmd = new ArrayList<>(List.of("env"));
                TOKEN_ENV.forEach(name -> cmd.add(name + "=" + token));
                cmd.addAll(List.of("/bin/sh", "-c", start));
                started = AppProcess.start(cmd, base, work.resolve("app.log"), Optional.of(token));
            }
            AppProcess app = started;
            AppHealth.Exited exited = app == null ? AppHealth.Exited.NEVER : () -> app.alive() ? null
                    : "exited (last log line: " + app.lastLogLine() + "; log: " + work.resolve("app.log") + ")";
            say.accept("waiting for GET " + healthUrl);
            int timeoutSec = healthTimeoutSec != null ? healthTimeoutSec : start != null ? 120 : 10;
            AppHealth.await(healthUrl, Duration.ofSeconds(timeoutSec), exited, say, java.time.Clock.systemUTC());
            SnapshotClient snapshots = new SnapshotClient(base, token);
            Optional<String> endpoint = snapshots.reset();
            say.accept("profiling " + w.name() + " (" + w.source() + "): statement counts from "
                    + (trace != null ? "the trace " + trace : endpoint.map(p -> "the diagnostics endpoint " + p
                    + " (Server-Timing for routes it does not name)").orElse("Server-Timing headers (no diagnostics endpoint"
                    + " answered" + (token == null ? ": set " + TOKEN_ENV.get(0) + " to its token" : "") + ")")));
            Map<String, WorkloadProfiler.Tally> tallies = new WorkloadProfiler(w, base, say).run();
            tallies.values().forEach(t -> t.problems().forEach(p -> say.accept("error: " + p)));
            Optional<Map<String, SnapshotClient.Unit>> snapshot = snapshots.read();
            if (started != null) {
                started.close(); // the app writes the rest of its trace when it stops
                started = null;
            }
            Path traceCopy = trace == null ? null : copyNewLines(trace, traceFrom, work.resolve("trace.jsonl"));
            List<String> uncounted = new ArrayList<>();
            QueryProfile profile = new ProfileBuilder(appPackages).fromWorkload(base + " (" + w.name() + ")", tallies, snapshot,
                    traceCopy, uncounted);
            if (!uncounted.isEmpty() && uncounted.size() == tallies.size()) {
                throw new UserError("no statement counts: " + base + " sent no Server-Timing header and no diagnostics"
                        + " endpoint answered; add the diagnostics filter (or the Spring Boot starter) to the app, set "
                        + TOKEN_ENV.get(0) + " to its endpoint token, or give --trace FILE");
            }
            if (!uncounted.isEmpty()) {
                say.accept("no statement count for " + String.join(", ", uncounted) + " (no Server-Timing header, no"
                        + " unit of that name in the diagnostics snapshot): profiled as 0 statements");
            }
            return profile;
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        } catch (java.io.UncheckedIOException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError("cannot read the trace " + trace + ": " + e.getMessage().lines().findFirst().orElse(""));
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private Workload readWorkload() {
        Map<String, String> vars = users == null ? Map.of() : Map.of("usersCsv", users.toAbsolutePath().toString());
        try {
            return WorkloadFiles.read(workload, vars);
        } catch (YamlFileException e) {
            List<String> problems = e.problems();
            throw new UserError(problems.get(0) + (problems.size() == 1 ? "" : " (and " + (problems.size() - 1)
                    + " more problem" + (problems.size() == 2 ? "" : "s") + ")"));
        }
    }

    /** The lines the app wrote to its trace since {@code from} (the whole file when it was truncated or new). */
    private static Path copyNewLines(Path trace, long from, Path copy) throws IOException {
        if (!Files.isRegularFile(trace)) {
            throw new UserError("no trace at " + trace + " after the profile; start the app with the diagnostics"
                    + " recorder's trace on (Diagnostics.builder().trace(file)) or drop --trace");
        }
        long size = Files.size(trace);
        try (var in = java.nio.channels.FileChannel.open(trace); var out = java.nio.channels.FileChannel.open(copy,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            long start = size < from ? 0 : from;
            in.transferTo(start, size - start, out);
        }
        return copy;
    }

    private static String newToken() {
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private ClientResults runProfile(String base, Path usersCsv, Path work, PrintWriter err) throws InterruptedException {
        RunSettings settings = RunSettings.builder()
                // the reference app's profile is a workload file like the ones users write (QueryProfile stays
                // the Java reference it is checked against)
                .simulation(SimulationKind.WORKLOAD)
                .workloadFile(WorkloadFiles.QUERY_PROFILE)
                .baseUrl(base)
                .usersCsv(usersCsv)
                .outputDir(work)
                .classpath(AppProcess.ownClasspath())
                .gatlingReport(false)
                .build();
        err.println("gate: profiling every route once (" + WorkloadFiles.QUERY_PROFILE + ")");
        err.flush();
        try {
            return new SimulationRunner().run(settings, new RunListener() {
                @Override
                public void onProgress(String message) {
                    err.println("gate: " + message);
                    err.flush();
                }
            }).results();
        } catch (LoadTestException e) {
            throw new UserError("profiling failed: " + e.getMessage());
        }
    }

    private static QueryProfile keepAllowances(QueryProfile old, QueryProfile fresh) {
        if (old == null) {
            return fresh;
        }
        var routes = new java.util.TreeMap<>(fresh.routes());
        old.routes().forEach((name, r) -> {
            if (r.allowance() != null && routes.containsKey(name)) {
                routes.put(name, routes.get(name).withAllowance(r.allowance()));
            }
        });
        return new QueryProfile(fresh.schemaVersion(), fresh.target(), routes);
    }

    private static Path workDir() throws IOException {
        Path parent = Files.createDirectories(Path.of("runs"));
        String base = "gate-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now());
        for (int i = 1; i < 1000; i++) {
            try {
                return Files.createDirectory(parent.resolve(i == 1 ? base : base + "-" + i)).toAbsolutePath();
            } catch (FileAlreadyExistsException e) {
                // next suffix
            }
        }
        throw new IOException("no free folder name under " + parent.toAbsolutePath());
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
