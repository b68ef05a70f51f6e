package dev.scalelab.cli;

import dev.scalelab.app.db.DatabaseUnavailableException;
import dev.scalelab.cli.gate.Gate;
import dev.scalelab.cli.gate.GateFormats;
import dev.scalelab.cli.gate.GateResult;
import dev.scalelab.cli.gate.ProfileBuilder;
import dev.scalelab.cli.gate.QueryProfile;
import dev.scalelab.cli.gate.TestProfilesReader;
import dev.scalelab.cli.ladder.Targets;
import dev.scalelab.cli.ladder.Environment;
import dev.scalelab.cli.ladder.Ladder;
import dev.scalelab.cli.proc.AppProcess;
import dev.scalelab.cli.proc.ChildProcesses;
import dev.scalelab.cli.proc.FreePorts;
import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.runner.LoadTestException;
import dev.scalelab.loadtests.runner.RunListener;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.runner.SimulationRunner;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab gate}: fails a build when a change adds SQL statements to a route. */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fail a build when a change adds SQL statements to a route or a test.",
                "Profiles every route once (the QueryProfile workload), or reads the test suite's per-test profiles",
                "(--from-tests), and compares the statements per route or test with a committed baseline: statement",
                "counts, new statements, new N+1 findings, with call sites.",
                "Exit codes: 0 nothing grew, 1 a regression (or a route not exercised or failing), 2 usage or environment."})
public final class GateCommand implements Callable<Integer> {

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

    @Option(names = "--url", paramLabel = "URL", description = "Profile your own app running at this loopback URL.")
    String url;

    @Option(names = "--allow-remote", description = "Let --url name another host than this machine (e.g. a staging server).")
    boolean allowRemote;

    @Option(names = "--start", paramLabel = "CMD", description = "Start your app with this command (stopped afterwards); needs --url.")
    String start;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "With --url/--start: the trace file your app writes (diagnostics recorder); without it only counts are compared.")
    Path trace;

    @Option(names = "--users", paramLabel = "CSV", description = "With --url/--start: users CSV id,email,password,name to sign in with.")
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
                profile = url == null ? profileReferenceApp(work, err) : profileOwnApp(work, err);
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
            if (database.dbUrl != null || database.dataDir != null) {
                http.add(database.dbUrl != null ? "--db-url" : "--data-dir");
            }
            if (!http.isEmpty()) {
                throw new UserError("--from-tests reads the test suite's profiles and starts no app or database;"
                        + " drop " + String.join(", ", http) + " (or drop --from-tests to profile over HTTP)");
            }
            return;
        }
        if (url != null && step != null) {
            throw new UserError("--step profiles the reference app and --url your own app; give one of them");
        }
        if (start != null && url == null) {
            throw new UserError("--start needs --url: where the started app answers");
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
        if (url != null && users == null) {
            throw new UserError("--url needs --users CSV (id,email,password,name) so the profile can sign in");
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
            return new ProfileBuilder().fromTrace("reference app, step " + stepName, traceFile, client);
        }
    }

    private QueryProfile profileOwnApp(Path work, PrintWriter err) throws Exception {
        AppProcess started = null;
        try {
            if (start != null) {
                err.println("gate: starting your app: " + start);
                err.flush();
                started = AppProcess.start(List.of("/bin/sh", "-c", start), url.replaceAll("/$", ""),
                        work.resolve("app.log"), Optional.empty());
                started.awaitHealthy(Duration.ofSeconds(120));
            }
            ClientResults client = runProfile(url.replaceAll("/$", ""), users, work, err);
            if (started != null) {
                started.close();
                started = null;
            }
            ProfileBuilder b = new ProfileBuilder();
            return trace != null ? b.fromTrace(url, trace, client) : b.fromHeaders(url, client);
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private ClientResults runProfile(String base, Path usersCsv, Path work, PrintWriter err) throws InterruptedException {
        RunSettings settings = RunSettings.builder()
                .simulation("QueryProfile")
                .baseUrl(base)
                .usersCsv(usersCsv)
                .outputDir(work)
                .classpath(AppProcess.ownClasspath())
                .gatlingReport(false)
                .build();
        err.println("gate: profiling every route once (QueryProfile)");
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
