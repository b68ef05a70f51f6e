package dev.scalelab.cli;

import dev.scalelab.cli.ladder.LadderRun;
import dev.scalelab.loadtests.bench.PairedPostgres;
import dev.scalelab.loadtests.bench.RecorderPostgresBench;
import dev.scalelab.loadtests.bench.RecorderStubBench;
import dev.scalelab.reports.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab bench}: the diagnostics recorder's JMH benchmarks, side by side in one run: a statement through
 * the raw driver, datasource-proxy alone, the recorder without call stacks, with exact and with sampled ones, and
 * p6spy; against a stub driver (pure overhead) and loopback PostgreSQL {@code SELECT 1} (relative cost).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure what the diagnostics recorder adds to a statement (JMH benchmarks, side by side).",
                "Stub driver: microseconds added per statement, in request-shaped units (different statements) and in a",
                "loop of one statement (every call stack resolved: the worst case), 0 and 100 extra stack frames.",
                "PostgreSQL: SELECT 1 over one loopback connection, percent added to the raw driver.",
                "Writes jmh-results.json and bench.md to a new folder (runs/bench-<timestamp> or --out).",
                "Run it on a quiet machine: other load makes the figures noisy."})
public final class BenchCommand implements Callable<Integer> {
    static final String STUB = RecorderStubBench.class.getName();
    static final String POSTGRES = RecorderPostgresBench.class.getName();
    private static final List<String> VIAS = List.of("raw", "dsproxy", "recorder", "recorderStacks", "recorderSampled",
            "p6spy");
    private static final Map<String, String> LABELS = Map.of("raw", "raw driver", "dsproxy", "datasource-proxy alone",
            "recorder", "recorder", "recorderStacks", "recorder + call stacks", "recorderSampled",
            "recorder + sampled call stacks", "p6spy", "p6spy");

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Short iterations (about 1 minute instead of 5); rougher figures.")
    boolean quick;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL for the SELECT 1 benchmark (default: $SCALELAB_TEST_DB_URL or "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres).")
    String dbUrl;

    @Option(names = "--stub-only", description = "Only the stub-driver benchmark (no PostgreSQL needed).")
    boolean stubOnly;

    @Option(names = "--via", split = ",", paramLabel = "PATH",
            description = "Only these paths (default: all): raw, dsproxy, recorder, recorderStacks, recorderSampled,"
                    + " p6spy. "
                    + "Figures are relative to raw, so keep it in.")
    List<String> via;

    @Option(names = "--forks", defaultValue = "1", paramLabel = "N",
            description = "JVMs per benchmark (default: ${DEFAULT-VALUE}; 0 runs in this JVM, for a smoke test only).")
    int forks;

    @Option(names = "--out", paramLabel = "DIR", description = "Result folder; must be new or empty.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (forks < 0 || forks > 10) {
            throw new UserError("--forks must be between 0 and 10 (was " + forks + ")");
        }
        List<String> paths = via == null ? VIAS : via;
        for (String p : paths) {
            if (!VIAS.contains(p)) {
                throw new UserError("invalid value for --via: '" + p + "' (valid values: " + String.join(", ", VIAS) + ")");
            }
        }
        if (!paths.contains("raw")) {
            throw new UserError("--via must include raw: every figure is relative to the raw driver");
        }
        String url = dbUrl != null ? dbUrl : RecorderPostgresBench.databaseUrl();
        if (!stubOnly) {
            checkDatabase(url);
        }
        Path dir = resultDir();
        PrintWriter w = spec.commandLine().getOut();
        w.println("results: " + dir);
        w.flush();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + STUB.replace(".", "\\.") + "\\.")
                .forks(forks)
                .param("via", paths.toArray(String[]::new))
                .jvmArgsAppend("-D" + RecorderPostgresBench.URL_PROPERTY + "=" + url)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("jmh-results.json.part").toString());
        if (!stubOnly) {
            options.include("^" + POSTGRES.replace(".", "\\.") + "\\.");
        }
        if (quick) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(400));
        }
        if (forks == 0) {
            System.setProperty(RecorderPostgresBench.URL_PROPERTY, url); // the benchmarks run in this JVM
        }
        Collection<RunResult> results;
        try {
            results = new Runner(options.build(), new Progress(w, paths.size() * (stubOnly ? 4 : 6))).run();
        } catch (RunnerException e) {
            throw new UserError("the benchmark failed: " + e.getMessage()
                    + " (the JMH output above has the details)", ExitCodes.FINDINGS);
        }
        Path part = dir.resolve("jmh-results.json.part");
        Files.move(part, dir.resolve("jmh-results.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        String table = table(results);
        if (!stubOnly) {
            table += paired(url, paths, w);
        }
        AtomicFiles.write(dir.resolve("bench.md"), table.getBytes(StandardCharsets.UTF_8));
        w.println();
        w.print(table);
        w.println("written: " + dir.resolve("bench.md") + ", " + dir.resolve("jmh-results.json"));
        w.flush();
        return ExitCodes.OK;
    }

    /**
     * The PostgreSQL comparison again, in paired rounds (every path in every round, shuffled, compared with the raw
     * driver of the same round), which cancels the drift of loopback round trips that sequential JMH runs carry.
     */
    private String paired(String url, List<String> paths, PrintWriter w) {
        int rounds = quick ? 10 : 30;
        int perRound = quick ? 400 : 2000;
        StringBuilder s = new StringBuilder();
        for (String shape : List.of("request", "loop")) {
            List<PairedPostgres.PathResult> results;
            try {
                results = PairedPostgres.run(url, paths, shape, rounds, perRound, line -> {
                    w.println(line);
                    w.flush();
                });
            } catch (SQLException e) {
                throw new UserError("the paired PostgreSQL rounds failed: " + e.getMessage(), ExitCodes.FINDINGS);
            }
            s.append(String.format(Locale.ROOT, "%n## Loopback PostgreSQL SELECT 1, %s units, %d paired rounds of %d "
                    + "statements%n%n| path | median µs | added (median of per-round ratios) | quartiles |%n"
                    + "| --- | ---: | ---: | ---: |%n", shape, rounds, perRound));
            for (PairedPostgres.PathResult r : results) {
                if (r.via().equals("raw")) {
                    s.append(String.format(Locale.ROOT, "| %s | %.1f | (reference) | |%n", LABELS.get(r.via()),
                            r.medianMicros()));
                } else {
                    s.append(String.format(Locale.ROOT, "| %s | %.1f | %+.1f %% | %+.1f %% to %+.1f %% |%n",
                            LABELS.get(r.via()), r.medianMicros(), (r.medianRatio() - 1) * 100,
                            (r.lowerQuartileRatio() - 1) * 100, (r.upperQuartileRatio() - 1) * 100));
                }
            }
        }
        return s.toString();
    }

    private static void checkDatabase(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UserError("--db-url must be a jdbc:postgresql: URL (was '" + url + "')");
        }
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new UserError("cannot connect to PostgreSQL at " + url + " (" + e.getMessage()
                    + "); give --db-url, or --stub-only to skip the SELECT 1 benchmark");
        }
    }

    private Path resultDir() throws IOException {
        if (out == null) {
            return LadderRun.newRunDir(Path.of("runs"), "bench-", Clock.systemDefaultZone());
        }
        return OutputFolders.newOrEmpty(out, "--out", "give a new or empty folder (a run never overwrites another)");
    }

    /** The figures the recorder is judged by, as a markdown table. */
    static String table(Collection<RunResult> results) {
        // stub: (unit/depth) -> via -> result
        Map<String, Map<String, Result<?>>> stub = new TreeMap<>(java.util.Comparator.reverseOrder());
        Map<String, Map<String, Result<?>>> pg = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String via = p.getParam("via");
            if (p.getBenchmark().startsWith(STUB)) {
                String column = p.getParam("unit") + ", depth " + p.getParam("depth");
                stub.computeIfAbsent(column, k -> new TreeMap<>()).put(via, r.getPrimaryResult());
            } else {
                pg.computeIfAbsent(p.getParam("unit"), k -> new TreeMap<>()).put(via, r.getPrimaryResult());
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("## Recorder overhead, stub driver: µs added per statement to the raw driver\n\n| path |");
        stub.keySet().forEach(c -> s.append(' ').append(c).append(" |"));
        s.append("\n| --- |");
        stub.keySet().forEach(c -> s.append(" ---: |"));
        s.append('\n');
        for (String via : VIAS) {
            s.append("| ").append(LABELS.get(via)).append(" |");
            for (Map<String, Result<?>> column : stub.values()) {
                Result<?> r = column.get(via);
                Result<?> raw = column.get("raw");
                if (r == null || raw == null) {
                    s.append(" – |");
                } else if (via.equals("raw")) {
                    s.append(String.format(Locale.ROOT, " %.3f µs (itself) |", micros(r)));
                } else {
                    s.append(String.format(Locale.ROOT, " %+.2f ± %.2f |", micros(r) - micros(raw), microsError(r)));
                }
            }
            s.append('\n');
        }
        for (Map.Entry<String, Map<String, Result<?>>> column : pg.entrySet()) {
            Result<?> rawResult = column.getValue().get("raw");
            if (rawResult == null) {
                continue;
            }
            double raw = micros(rawResult);
            s.append(String.format(Locale.ROOT,
                    "%n## Loopback PostgreSQL SELECT 1, %s units: raw driver %.1f µs per statement%n%n"
                            + "| path | µs | added |%n| --- | ---: | ---: |%n", column.getKey(), raw));
            for (String via : VIAS) {
                Result<?> r = column.getValue().get(via);
                if (r != null && !via.equals("raw")) {
                    s.append(String.format(Locale.ROOT, "| %s | %.1f ± %.1f | %+.1f %% |%n", LABELS.get(via),
                            micros(r), microsError(r), (micros(r) / raw - 1) * 100));
                }
            }
        }
        s.append("\nScores are JMH means with their 99.9 % confidence half-width. Compare within one run: the "
                + "machine's other load moves every figure.\n");
        return s.toString();
    }

    private static double micros(Result<?> r) {
        return r.getScore() * factor(r);
    }

    private static double microsError(Result<?> r) {
        double e = r.getScoreError();
        return Double.isNaN(e) ? 0 : e * factor(r);
    }

    private static double factor(Result<?> r) {
        String unit = r.getScoreUnit();
        return unit.startsWith("ns") ? 0.001 : unit.startsWith("ms") ? 1000 : 1;
    }

    /** One line per benchmark instead of JMH's per-iteration output. */
    static final class Progress implements OutputFormat {
        private final PrintWriter out;
        private final int expected;
        private int started;
        private long startNanos;

        Progress(PrintWriter out, int expected) {
            this.out = out;
            this.expected = expected;
        }

        @Override
        public void startBenchmark(BenchmarkParams p) {
            started++;
            if (startNanos == 0) {
                startNanos = System.nanoTime();
            }
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            StringBuilder params = new StringBuilder();
            for (String key : p.getParamsKeys()) {
                params.append(' ').append(key).append('=').append(p.getParam(key));
            }
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            out.printf(Locale.ROOT, "[%d/%d, %ds] %s%s%n", started, Math.max(expected, started), elapsed, name, params);
            out.flush();
        }

        @Override
        public void endBenchmark(BenchmarkResult result) {
            if (result != null) {
                Result<?> r = result.getPrimaryResult();
                out.printf(Locale.ROOT, "        %.3f ± %.3f %s%n", r.getScore(),
                        Double.isNaN(r.getScoreError()) ? 0 : r.getScoreError(), r.getScoreUnit());
                out.flush();
            }
        }

        @Override
        public void println(String s) {
            if (s.contains("ERROR") || s.contains("Exception")) {
                out.println(s);
                out.flush();
            }
        }

        @Override
        public void verbosePrintln(String s) {
        }

        @Override
        public void iteration(BenchmarkParams b, IterationParams i, int n) {
        }

        @Override
        public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {
        }

        @Override
        public void startRun() {
        }

        @Override
        public void endRun(Collection<RunResult> results) {
        }

        @Override
        public void print(String s) {
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
        }

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b) {
        }
    }
}
