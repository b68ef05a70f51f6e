package dev.scalelab.reports;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times report generation for the story run, 8 steps × 3 repeats (target: at most 3 s). Not a unit test: run it
 * as a program, in a fresh JVM, so the first measurement includes class loading and font set-up as
 * {@code scalelab report} pays them.
 *
 * <pre>
 * ./mvnw -q -B -pl reports install -DskipTests
 * ./mvnw -q -B -pl reports dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt
 * java -Djava.awt.headless=true -cp reports/target/test-classes:reports/target/classes:$(cat reports/target/test-cp.txt) \
 *     dev.scalelab.reports.ReportGenerationBenchmark [ITERATIONS] [REPEATS]
 * </pre>
 */
public final class ReportGenerationBenchmark {
    private ReportGenerationBenchmark() {
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    public static void main(String[] args) throws IOException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path runDir = Files.createTempDirectory("scalelab-report-bench");
        StoryRun.write(runDir, repeats);
        System.out.printf("run: %d steps x %d repeats = %d step entries in %s%n", StoryRun.SHAPES.size(), repeats,
                StoryRun.SHAPES.size() * repeats, runDir);

        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        ReportResult first = ReportGenerator.generate(runDir);
        double coldMs = (System.nanoTime() - start) / 1e6;
        double coldCpuMs = (processCpuNanos() - cpuBefore) / 1e6;
        System.out.printf("first generation in this JVM (cold): %.0f ms wall, %.0f ms CPU (all threads, incl. JIT "
                        + "and GC); report.html %d KiB, report.md %d KiB; load average %.1f on %d cores%n",
                coldMs, coldCpuMs, Files.size(first.html()) / 1024, Files.size(first.markdown()) / 1024,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());

        double[] warm = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            ReportGenerator.generate(runDir);
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("warm, %d generations: min %.0f ms, median %.0f ms, max %.0f ms%n", iterations, warm[0],
                warm[iterations / 2], warm[iterations - 1]);
        System.out.printf("target <= 3000 ms: %s%n", coldMs <= 3000 ? "met" : "MISSED");
    }
}
