package dev.scalelab.loadtests.overhead;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.runner.ResidentInjector;
import dev.scalelab.loadtests.runner.RunListener;
import dev.scalelab.loadtests.runner.RunOutcome;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.sim.SimulationKind;
import dev.scalelab.loadtests.runner.SimulationRunner;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: does a workload file drive the injector as fast as the hand-written simulation? Runs the hand-written
 * {@link dev.scalelab.loadtests.sim.StoryWorkload} and the story workload file ({@code builtin:story} through
 * {@link dev.scalelab.loadtests.sim.WorkloadSimulation}) with the same settings, alternating (story/file,
 * file/story, ...) in one invocation so both see the same machine, and compares requests per second of injector CPU
 * (measured requests / the Gatling JVM's CPU time from the end of warm-up to the end, taken inside that JVM as
 * process CPU deltas, so only the measured window of each run counts). Target: file / story &gt;= 0.9.
 *
 * <pre>
 * java -cp "$(cat loadtests/target/cp.txt):loadtests/target/classes" dev.scalelab.loadtests.overhead.WorkloadOverhead \
 *      [--base-url http://127.0.0.1:7070 --users-csv users.csv --articles 2000 --users 200] \
 *      [--rate 150] [--duration 30] [--warmup 20] [--rounds 3] [--injector resident|fresh]
 *      [--java /path/to/java-or-wrapper] [--out target/workload-overhead]
 * </pre>
 *
 * <p>By default every run goes to one resident Gatling JVM ({@link ResidentInjector}), as a ladder's steps do, after
 * one unmeasured warm-up run of each simulation: a fresh JVM per run spends its measured window on JIT compilation
 * that differs from run to run, and the ratio swung by 10 % and more between invocations. {@code --injector fresh}
 * starts a JVM per run as before. Each round's ratio pairs two runs measured back to back; the report gives every
 * round's ratio, their median and range.
 *
 * <p>Without {@code --base-url} it starts {@link StoryServer} in process (cheap pages with the greeting, a session
 * cookie), so the injector's cost is what is measured; with it, give the reference app's users CSV and id bounds.
 * Pin as {@link InjectorOverhead} says on a small machine. Prints a Markdown table and writes
 * {@code <out>/workload-overhead.md}.
 */
public final class WorkloadOverhead {

    private static final String STORY = "StoryWorkload";
    private static final String FILE = "story.yaml";

    /** One run: measured requests and the injector's CPU after warm-up. */
    record Sample(int round, String simulation, long requests, long cpuMillis, long wallMillis, long ko) {
        double requestsPerCpuSecond() {
            return cpuMillis == 0 ? 0 : requests * 1000.0 / cpuMillis;
        }
    }

    /** Where the runs go: a JVM per run, or one resident JVM for all. */
    private interface Injector extends AutoCloseable {
        RunOutcome run(RunSettings settings) throws InterruptedException;

        @Override
        void close() throws InterruptedException;
    }

    public static void main(String[] args) throws Exception {
        URI baseUrl = null;
        Path usersCsv = null;
        int articles = 2000;
        int users = 1000;
        double rate = 150;
        int duration = 30;
        int warmup = 20;
        int rounds = 3;
        boolean resident = true;
        Path java = null;
        Path out = Path.of("target", "workload-overhead");
        for (int i = 0; i < args.length; i += 2) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                System.err.println("option " + a + " needs a value; see the class comment for usage");
                System.exit(2);
            }
            switch (a) {
                case "--base-url" -> baseUrl = URI.create(v);
                case "--users-csv" -> usersCsv = Path.of(v);
                case "--articles" -> articles = Integer.parseInt(v);
                case "--users" -> users = Integer.parseInt(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--duration" -> duration = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--injector" -> {
                    if (!v.equals("resident") && !v.equals("fresh")) {
                        System.err.println("--injector must be resident or fresh (got '" + v + "')");
                        System.exit(2);
                    }
                    resident = v.equals("resident");
                }
                case "--java" -> java = Path.of(v);
                case "--out" -> out = Path.of(v);
                default -> {
                    System.err.println("unknown option " + a + "; see the class comment for usage");
                    System.exit(2);
                }
            }
        }
        if (baseUrl != null && usersCsv == null) {
            System.err.println("--base-url needs --users-csv (the app's users: id,email,password,name)");
            System.exit(2);
        }
        StoryServer local = baseUrl == null ? new StoryServer(4, users) : null;
        URI target = local != null ? local.baseUrl() : baseUrl;
        Path csv = usersCsv != null ? usersCsv : StoryServer.writeUsersCsv(out.resolve("users.csv"), users);
        Inputs in = new Inputs(target, csv, articles, users, rate, java);
        List<Sample> samples = new ArrayList<>();
        try (Injector injector = resident ? resident(out.resolve(".injector")) : fresh()) {
            if (resident) {
                for (boolean file : List.of(false, true)) {
                    // as long as a measured run's warm-up (at least a few seconds), all of it load
                    Sample s = run(injector, 0, file, in, 0, Math.max(warmup, 5),
                            out.resolve("warm-up" + (file ? "-file" : "-story")));
                    System.out.printf(Locale.ROOT, "warm-up %-18s: %d requests, %.0f requests per CPU second (not "
                            + "counted)%n", s.simulation(), s.requests(), s.requestsPerCpuSecond());
                }
            }
            for (int round = 1; round <= rounds; round++) {
                List<Boolean> order = round % 2 == 1 ? List.of(false, true) : List.of(true, false);
                for (boolean file : order) {
                    Sample s = run(injector, round, file, in, warmup, duration,
                            out.resolve("round" + round + (file ? "-file" : "-story")));
                    samples.add(s);
                    System.out.printf(Locale.ROOT, "round %d %-18s: %d requests, CPU %d ms over %d ms, %.0f requests per "
                                    + "CPU second, %d KO%n", round, s.simulation(), s.requests(), s.cpuMillis(),
                            s.wallMillis(), s.requestsPerCpuSecond(), s.ko());
                }
            }
        } finally {
            if (local != null) {
                local.close();
            }
        }
        String report = report(samples, local != null ? "in-process StoryServer " + target : target.toString(), rate,
                warmup, duration, resident ? "one resident Gatling JVM, after an unmeasured warm-up run of each"
                        : "a fresh Gatling JVM per run");
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out);
        Path md = out.resolve("workload-overhead.md");
        Path part = out.resolve("workload-overhead.md.part");
        Files.writeString(part, report);
        Files.move(part, md, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Injector fresh() {
        return new Injector() {
            @Override
            public RunOutcome run(RunSettings settings) throws InterruptedException {
                return new SimulationRunner().run(settings, RunListener.none());
            }

            @Override
            public void close() {
            }
        };
    }

    private static Injector resident(Path workDir) {
        ResidentInjector resident = new ResidentInjector(workDir);
        return new Injector() {
            @Override
            public RunOutcome run(RunSettings settings) throws InterruptedException {
                try (SimulationRunner.Launch launch = resident.launch(settings, RunListener.none())) {
                    return launch.go();
                }
            }

            @Override
            public void close() throws InterruptedException {
                resident.close();
            }
        };
    }

    /** What every run of one invocation shares. */
    private record Inputs(URI target, Path usersCsv, int articles, int users, double rate, Path java) {
    }

    private static Sample run(Injector injector, int round, boolean file, Inputs in, int warmup, int duration, Path dir)
            throws InterruptedException {
        RunSettings.Builder b = RunSettings.builder()
                .simulation(file ? SimulationKind.WORKLOAD : SimulationKind.STORY_WORKLOAD)
                .baseUrl(in.target())
                .rate(in.rate())
                .warmup(Duration.ofSeconds(warmup))
                .duration(Duration.ofSeconds(duration))
                .seed(1)
                .usersCsv(in.usersCsv())
                .articleIdMax(in.articles())
                .userIdMax(in.users())
                .property("thinkMinMs", "20").property("thinkMaxMs", "100")
                .property("signedInShare", "0.3").property("commentShare", "0.2")
                .property("hotShare", "0.95").property("hotPages", "60")
                .property("drainSec", "10")
                .gatlingReport(false)
                .javaExecutable(in.java())
                .outputDir(dir);
        if (file) {
            b.workloadFile(WorkloadFiles.STORY);
        }
        ClientResults r = injector.run(b.build()).results();
        return new Sample(round, file ? FILE : STORY, r.total().requests(),
                r.injector().measuredCpuMillis(), r.injector().measuredWallMillis(),
                r.warmup().ko() + r.total().ko() + r.drain().ko());
    }

    /** Each round's file / story ratio of requests per injector CPU second, in round order. */
    static PairedRatios ratios(List<Sample> samples) {
        List<Integer> rounds = samples.stream().map(Sample::round).distinct().sorted().toList();
        double[] file = new double[rounds.size()];
        double[] story = new double[rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            int round = rounds.get(i);
            file[i] = perCpuSecond(samples, round, FILE);
            story[i] = perCpuSecond(samples, round, STORY);
        }
        return PairedRatios.of(file, story);
    }

    private static double perCpuSecond(List<Sample> samples, int round, String simulation) {
        return samples.stream().filter(s -> s.round() == round && s.simulation().equals(simulation))
                .mapToDouble(Sample::requestsPerCpuSecond).findFirst().orElse(0);
    }

    static String report(List<Sample> samples, String target, double rate, int warmup, int duration, String injector) {
        StringBuilder md = new StringBuilder();
        md.append("## Workload file vs hand-written story, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append("\n\n");
        md.append(String.format(Locale.ROOT, "Target %s; %.0f visitors/s, %d s warm-up + %d s, think 20-100 ms, "
                + "30 %% signed in, 20 %% of them comment; %s.%n%n", target, rate, warmup, duration, injector));
        md.append("| round | simulation | measured requests | CPU ms after warm-up | wall ms | requests per CPU s | KO |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Sample s : samples) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %.0f | %d |%n", s.round(), s.simulation(),
                    s.requests(), s.cpuMillis(), s.wallMillis(), s.requestsPerCpuSecond(), s.ko()));
        }
        PairedRatios ratios = ratios(samples);
        md.append("\n| round | story.yaml / StoryWorkload |\n| --- | --- |\n");
        for (int i = 0; i < ratios.ratios().size(); i++) {
            md.append(String.format(Locale.ROOT, "| %d | %.3f |%n", i + 1, ratios.ratios().get(i)));
        }
        double story = PairedRatios.median(samples.stream().filter(s -> s.simulation().equals(STORY))
                .mapToDouble(Sample::requestsPerCpuSecond).toArray());
        double file = PairedRatios.median(samples.stream().filter(s -> s.simulation().equals(FILE))
                .mapToDouble(Sample::requestsPerCpuSecond).toArray());
        md.append(String.format(Locale.ROOT, "%nPaired ratio story.yaml / StoryWorkload (requests per injector CPU "
                        + "second): median %.3f, range %.3f-%.3f over %d rounds (target >= 0.9). Medians per "
                        + "simulation: story.yaml %.0f, StoryWorkload %.0f.%n", ratios.median(), ratios.min(),
                ratios.max(), ratios.ratios().size(), file, story));
        return md.toString();
    }
}
