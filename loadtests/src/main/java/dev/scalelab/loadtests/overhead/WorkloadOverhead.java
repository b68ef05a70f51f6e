package dev.scalelab.loadtests.overhead;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.runner.RunListener;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.sim.SimulationKind;
import dev.scalelab.loadtests.runner.SimulationRunner;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: does a workload file drive the injector as fast as the hand-written simulation? Runs the hand-written
 * {@link dev.scalelab.loadtests.sim.StoryWorkload} and the story workload file ({@code builtin:story} through
 * {@link dev.scalelab.loadtests.sim.WorkloadSimulation}) with the same settings, alternating (story/file,
 * file/story, ...) in one invocation so both see the same machine, and compares requests per second of injector CPU
 * (measured requests / the Gatling JVM's CPU time from the end of warm-up to the end). Target: file / story
 * &gt;= 0.9.
 *
 * <pre>
 * java -cp "$(cat cp.txt):loadtests/target/classes" dev.scalelab.loadtests.overhead.WorkloadOverhead \
 *      [--base-url http://127.0.0.1:7070 --users-csv users.csv --articles 2000 --users 200] \
 *      [--rate 150] [--duration 30] [--warmup 20] [--rounds 3] [--java /path/to/java-or-wrapper] [--out target/workload-overhead]
 * </pre>
 *
 * Without {@code --base-url} it starts {@link StoryServer} in process (cheap pages with the greeting, a session
 * cookie), so the injector's cost is what is measured; with it, give the reference app's users CSV and id bounds.
 * Pin as {@link InjectorOverhead} says on a small machine. Prints a Markdown table and writes
 * {@code <out>/workload-overhead.md}.
 */
public final class WorkloadOverhead {

    /** One run: measured requests and the injector's CPU after warm-up. */
    record Sample(int round, String simulation, long requests, long cpuMillis, long wallMillis, long ko) {
        double requestsPerCpuSecond() {
            return cpuMillis == 0 ? 0 : requests * 1000.0 / cpuMillis;
        }
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
        List<Sample> samples = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                List<Boolean> order = round % 2 == 1 ? List.of(false, true) : List.of(true, false);
                for (boolean file : order) {
                    Sample s = run(round, file, target, csv, articles, users, rate, warmup, duration, java,
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
                warmup, duration);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out);
        Files.writeString(out.resolve("workload-overhead.md"), report);
    }

    private static Sample run(int round, boolean file, URI target, Path csv, int articles, int users, double rate,
                              int warmup, int duration, Path java, Path dir) throws InterruptedException {
        RunSettings.Builder b = RunSettings.builder()
                .simulation(file ? SimulationKind.WORKLOAD : SimulationKind.STORY_WORKLOAD)
                .baseUrl(target)
                .rate(rate)
                .warmup(Duration.ofSeconds(warmup))
                .duration(Duration.ofSeconds(duration))
                .seed(1)
                .usersCsv(csv)
                .articleIdMax(articles)
                .userIdMax(users)
                .property("thinkMinMs", "20").property("thinkMaxMs", "100")
                .property("signedInShare", "0.3").property("commentShare", "0.2")
                .property("hotShare", "0.95").property("hotPages", "60")
                .property("drainSec", "10")
                .gatlingReport(false)
                .javaExecutable(java)
                .outputDir(dir);
        if (file) {
            b.workloadFile(WorkloadFiles.STORY);
        }
        ClientResults r = new SimulationRunner().run(b.build(), RunListener.none()).results();
        return new Sample(round, file ? "story.yaml" : "StoryWorkload", r.total().requests(),
                r.injector().measuredCpuMillis(), r.injector().measuredWallMillis(),
                r.warmup().ko() + r.total().ko() + r.drain().ko());
    }

    static String report(List<Sample> samples, String target, double rate, int warmup, int duration) {
        StringBuilder md = new StringBuilder();
        md.append("## Workload file vs hand-written story, ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)).append("\n\n");
        md.append(String.format(Locale.ROOT, "Target %s; %.0f visitors/s, %d s warm-up + %d s, think 20-100 ms, "
                + "30 %% signed in, 20 %% of them comment.%n%n", target, rate, warmup, duration));
        md.append("| round | simulation | measured requests | CPU ms after warm-up | wall ms | requests per CPU s | KO |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Sample s : samples) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %.0f | %d |%n", s.round(), s.simulation(),
                    s.requests(), s.cpuMillis(), s.wallMillis(), s.requestsPerCpuSecond(), s.ko()));
        }
        double story = median(samples.stream().filter(s -> s.simulation().equals("StoryWorkload"))
                .mapToDouble(Sample::requestsPerCpuSecond).toArray());
        double file = median(samples.stream().filter(s -> !s.simulation().equals("StoryWorkload"))
                .mapToDouble(Sample::requestsPerCpuSecond).toArray());
        md.append(String.format(Locale.ROOT, "%nMedian requests per injector CPU second: story.yaml %.0f, StoryWorkload "
                + "%.0f: ratio %.2f (target >= 0.9).%n", file, story, file / story));
        return md.toString();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
