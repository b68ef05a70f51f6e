package dev.scalelab.reports;

import java.nio.file.Path;

/** Writes the story fixture run and its report into a folder, to look at: {@code GenerateStoryReport DIR [REPEATS]}. */
public final class GenerateStoryReport {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/story-run");
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        StoryRun.write(dir, repeats);
        ReportResult r = ReportGenerator.generate(dir, ReportOptions.defaults().withProgress(System.out::println));
        System.out.println(r.html().toAbsolutePath() + " (" + r.elapsed().toMillis() + " ms)");
    }
}
