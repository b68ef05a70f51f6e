package dev.scalelab.loadtests.overhead;

import dev.scalelab.loadtests.record.ClientResults;
import dev.scalelab.loadtests.runner.RunListener;
import dev.scalelab.loadtests.runner.RunOutcome;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.loadtests.runner.SimulationRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark: does the injector sustain the target request rate against {@code /health}, and what
 * does the recorder add to its CPU? Runs {@link dev.scalelab.loadtests.sim.HealthLoad} with the
 * recorder on and off, alternating (on/off, off/on, ...) in one invocation so both see the same
 * machine, and compares CPU time of the Gatling JVM per request, measured inside it from the end
 * of warm-up to the last user's end ({@code injector.measuredCpuMillis} of the results): the
 * first seconds of a JVM are dominated by JIT compilation, which says nothing about the recorder.
 *
 * <pre>
 * java -cp "$(cat cp.txt):loadtests/target/classes" dev.scalelab.loadtests.overhead.InjectorOverhead \
 *      [--base-url http://127.0.0.1:7070] [--rps 2000] [--duration 30] [--warmup 30] [--rounds 3] \
 *      [--requests-per-user 10] [--java /path/to/java-or-wrapper] [--out target/overhead]
 * </pre>
 *
 * Without {@code --base-url} it starts a minimal in-process server ({@link HealthServer}).
 * Prints a Markdown table and writes it to {@code <out>/overhead.md}. On a small machine, pin the
 * benchmark (and its server) to one core and the Gatling JVM to another, e.g. start this with
 * {@code taskset -c 1} and pass {@code --java} a script running {@code exec taskset -c 0 java "$@"}:
 * without it, CPU per request varies by 20-30 % between identical runs.
 */
public final class InjectorOverhead {

    /**
     * One run. {@code achievedRps}: requests completed per second of injection; {@code tailMs}: how
     * long the last requests ran past the end of injection (a lagging injector stretches it);
     * {@code cpuMillis}/{@code wallMillis}: the injector JVM after warm-up, JIT and GC included.
     */
    record Sample(int round, boolean recorder, double achievedRps, long requests, long cpuMillis, long wallMillis,
                  long tailMs, long gcMillis, long ko, long p99Ms, double targetRps, int injectorCores) {
        /** CPU per request after warm-up, at the target rate. */
        double cpuMicrosPerRequest() {
            return wallMillis == 0 ? 0 : cpuMillis * 1000.0 / (targetRps * wallMillis / 1000.0);
        }

        double cores() {
            return wallMillis == 0 ? 0 : (double) cpuMillis / wallMillis;
        }
    }

    public static void main(String[] args) throws Exception {
        URI baseUrl = null;
        double rps = 2000;
        int duration = 30;
        int warmup = 30;
        Path java = null;
        int rounds = 3;
        int perUser = 10;
        Path out = Path.of("target", "overhead");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--base-url" -> baseUrl = URI.create(v);
                case "--rps" -> rps = Double.parseDouble(v);
                case "--duration" -> duration = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--requests-per-user" -> perUser = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                case "--java" -> java = Path.of(v);
                default -> {
                    System.err.println("unknown option " + a + "; see the class comment for usage");
                    System.exit(2);
                }
            }
            i++;
        }
        HealthServer local = baseUrl == null ? new HealthServer(4) : null;
        URI target = local != null ? local.baseUrl() : baseUrl;
        String targetLabel = local != null ? "in-process JDK HttpServer (4 threads) " + target : target.toString();
        List<Sample> samples = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                boolean[] order = round % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true};
                for (boolean recorder : order) {
                    Sample s = run(target, rps, duration, warmup, perUser, recorder, round,
                            out.resolve("round" + round + (recorder ? "-on" : "-off")), local, java);
                    samples.add(s);
                    System.out.printf(Locale.ROOT, "round %d recorder %-3s: %.0f req/s, %d requests, CPU %d ms over %d ms "
                                    + "(%.2f cores, tail %d ms), %.1f us CPU/request, GC %d ms, %d KO, p99 %s%n",
                            round, recorder ? "on" : "off", s.achievedRps(), s.requests(), s.cpuMillis(), s.wallMillis(),
                            s.cores(), s.tailMs(), s.cpuMicrosPerRequest(), s.gcMillis(), s.ko(),
                            recorder ? s.p99Ms() + " ms" : "n/a");
                }
            }
        } finally {
            if (local != null) {
                local.close();
            }
        }
        String report = report(samples, targetLabel, rps, duration, warmup, perUser);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out);
        Files.writeString(out.resolve("overhead.md"), report);
    }

    private static Sample run(URI target, double rps, int duration, int warmup, int perUser, boolean recorder,
                              int round, Path dir, HealthServer local, Path java)
            throws IOException, InterruptedException {
        long before = local == null ? 0 : local.requests();
        RunOutcome outcome = new SimulationRunner().run(RunSettings.builder()
                .simulation("HealthLoad")
                .baseUrl(target)
                .rate(rps / perUser)
                .warmup(Duration.ofSeconds(warmup))
                .duration(Duration.ofSeconds(duration))
                .property("requestsPerUser", String.valueOf(perUser))
                .property("record", String.valueOf(recorder))
                .gatlingReport(false)
                .javaExecutable(java)
                .outputDir(dir)
                .build(), RunListener.none());
        ClientResults r = outcome.results();
        long requests = local != null
                ? local.requests() - before - 2 // the runner's and the simulation's preflight
                : r.run().visitors() * perUser;
        long injectionMs = (warmup + duration) * 1000L;
        long ko = recorder ? r.warmup().ko() + r.total().ko() + r.drain().ko() : -1;
        return new Sample(round, recorder, requests * 1000.0 / injectionMs, requests, r.injector().measuredCpuMillis(),
                r.injector().measuredWallMillis(), r.injector().wallMillis() - injectionMs, r.injector().gcMillis(), ko,
                recorder ? r.total().latencyMs().p99() : 0, rps, r.injector().availableProcessors());
    }

    static String report(List<Sample> samples, String target, double rps, int duration, int warmup, int perUser) {
        StringBuilder md = new StringBuilder();
        md.append("## Injector overhead, ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                .append("\n\n");
        md.append(String.format(Locale.ROOT, "Target %s; HealthLoad at %.0f req/s (%.0f users/s x %d requests, shared "
                        + "keep-alive connections), %d s warm-up + %d s; the Gatling JVM saw %d core(s).%n%n",
                target, rps, rps / perUser, perUser, warmup, duration,
                samples.isEmpty() ? 0 : samples.get(0).injectorCores()));
        md.append("| round | recorder | req/s | requests | CPU ms after warm-up | wall ms | tail ms | cores | CPU us/request "
                + "| GC ms | KO | p99 ms |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Sample s : samples) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %d | %d | %d | %d | %.2f | %.1f | %d | %s | %s |%n",
                    s.round(), s.recorder() ? "on" : "off", s.achievedRps(), s.requests(), s.cpuMillis(), s.wallMillis(),
                    s.tailMs(), s.cores(), s.cpuMicrosPerRequest(), s.gcMillis(),
                    s.ko() < 0 ? "n/a" : String.valueOf(s.ko()), s.recorder() ? String.valueOf(s.p99Ms()) : "n/a"));
        }
        double on = median(samples.stream().filter(Sample::recorder).mapToDouble(Sample::cpuMicrosPerRequest).toArray());
        double off = median(samples.stream().filter(s -> !s.recorder()).mapToDouble(Sample::cpuMicrosPerRequest).toArray());
        double minRps = samples.stream().mapToDouble(Sample::achievedRps).min().orElse(0);
        md.append(String.format(Locale.ROOT, "%nMedian injector CPU per request: recorder on %.1f us, off %.1f us: "
                        + "the recorder adds %+.1f %% (target <= 5 %%). Lowest achieved rate %.0f req/s (target >= 2000).%n",
                on, off, (on / off - 1) * 100, minRps));
        return md.toString();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
