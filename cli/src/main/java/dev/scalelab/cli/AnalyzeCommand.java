package dev.scalelab.cli;

import dev.scalelab.diagnostics.detect.FrameFilter;
import dev.scalelab.diagnostics.trace.NotTextException;
import dev.scalelab.diagnostics.trace.TraceAnalysis;
import dev.scalelab.diagnostics.trace.TraceAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab analyze FILE}: N+1 and duplicate-query findings of a recorded trace (JSON Lines). */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find N+1 and duplicate queries in a recorded statement trace.",
                "The trace is JSON Lines, one statement per line, as the diagnostics recorder writes it.",
                "Malformed lines (bad JSON, nested deeper than 64 levels, longer than 4 Mi characters) are reported with "
                        + "their number and skipped.",
                "Exit codes: 0 done (also with findings), 1 findings with --fail-on-findings, 2 usage or unreadable input, "
                        + "3 internal error."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The trace file.")
    Path file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text | json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--threshold", defaultValue = "3", paramLabel = "N",
            description = "Repeats of one query from one call site that make an N+1 (default: ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--app-packages", split = ",", paramLabel = "PACKAGE",
            description = {"The application's own packages, comma-separated (e.g. com.example,org.acme): the call site"
                    + " is the innermost frame under one of them, also when it is under a framework prefix"
                    + " (an app in org.springframework.samples.petclinic).",
                    "Default: every frame under no framework prefix is the application's."})
    List<String> appPackages = new ArrayList<>();

    @Option(names = "--fail-on-findings", description = "Exit with 1 when there are findings (for CI).")
    boolean failOnFindings;

    @Option(names = "--show-params", description = "Show SQL parameter values in examples (redacted by default).")
    boolean showParams;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserError("invalid value for --format: '" + format + "' (valid values: text, json)");
        }
        if (threshold < 2 || threshold > 1_000_000) {
            throw new UserError("--threshold must be between 2 and 1000000 (was " + threshold + ")");
        }
        List<String> badPackages = FrameFilter.checkAppPackages(appPackages);
        if (!badPackages.isEmpty()) {
            throw new UserError("invalid value for --app-packages: expected package names separated by commas, such as"
                    + " com.example,org.acme; found " + appPackages.stream().map(p -> "'" + p + "'")
                    .collect(Collectors.joining(", ")));
        }
        if (Files.isDirectory(file)) {
            throw new UserError(file + " is a folder; give the trace file (JSON Lines) inside it");
        }
        if (isDevice(file)) {
            throw new UserError(file + " is a device, not a trace file; give the trace file (JSON Lines)");
        }
        TraceAnalysis analysis;
        try {
            analysis = TraceAnalyzer.builder().threshold(threshold).includeParameters(showParams)
                    .appPackages(appPackages).build().analyze(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no trace file at " + file + "; check the path");
        } catch (NotTextException e) {
            throw new UserError(file + ": " + e.getMessage() + "; a trace is JSON Lines text, as the diagnostics "
                    + "recorder writes it");
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        List<String> malformedLines = analysis.malformedLines();
        if (analysis.statements() == 0 && !malformedLines.isEmpty()) {
            // nothing in the file is a statement: not a trace at all, so not "no findings" either
            throw new UserError(file + ": " + malformedLines.get(0) + (malformedLines.size() > 1
                    ? " (and more malformed lines)" : "") + "; no line is a statement of a trace (JSON Lines, as the "
                    + "diagnostics recorder writes it)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String malformed : analysis.malformedLines()) {
            err.println("scalelab: " + file + ": " + malformed);
        }
        out.print(format.equals("json") ? analysis.toJson() + System.lineSeparator() : analysis.toText());
        out.flush();
        err.flush();
        return failOnFindings && analysis.hasFindings() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** A character or block device (such as /dev/zero), which would be read forever; pipes are fine. */
    static boolean isDevice(Path file) {
        try {
            int type = ((Integer) Files.getAttribute(file, "unix:mode")) & 0170000;
            return type == 0020000 || type == 0060000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }
}
