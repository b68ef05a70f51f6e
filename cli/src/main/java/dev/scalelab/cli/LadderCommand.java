package dev.scalelab.cli;

import dev.scalelab.app.db.DatabaseUnavailableException;
import dev.scalelab.cli.capacity.CapacityPlan;
import dev.scalelab.cli.capacity.CapacitySearch;
import dev.scalelab.cli.capacity.SloSpec;
import dev.scalelab.cli.ladder.Ladder;
import dev.scalelab.cli.ladder.LadderFileException;
import dev.scalelab.cli.ladder.LadderFiles;
import dev.scalelab.cli.ladder.LadderRun;
import dev.scalelab.cli.proc.ChildProcesses;
import dev.scalelab.reports.model.Slo;
import dev.scalelab.reports.model.StepResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scalelab ladder}: climbs every step of a ladder and writes one comparable result set and report. */
@Command(name = "ladder", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Climb every step of the story ladder (or a ladder file) and write one comparing report.",
                "Every step runs under the same load; summary.json, report.html and report.md go into a new run folder.",
                "A step FAILS above its error-rate limit (maxErrorRate, default 1 %%), above its statements per request "
                        + "(maxStatementsPerRequest), on identity leaks, or without a completed request; steps marked "
                        + "'expect: failed' show FAILED (expected).",
                "Exit codes: 0 every step as expected, 1 a step ended otherwise (or the run was interrupted), 2 usage "
                        + "or environment, 3 internal error (details in the run folder's error.log)."})
public final class LadderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClimbOptions options;

    @Override
    public Integer call() throws Exception {
        Ladder ladder = load(options.ladderFile, options.allowRemote);
        return climb(spec, ladder, ladder.steps(), options);
    }

    static Ladder load(Path file) {
        return load(file, false);
    }

    static Ladder load(Path file, boolean allowRemote) {
        try {
            return file == null ? LadderFiles.story() : LadderFiles.read(file, allowRemote);
        } catch (LadderFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    static int climb(CommandSpec spec, Ladder ladder, List<Ladder.Step> steps, ClimbOptions options) throws Exception {
        int repeat = options.repeat;
        if (repeat < 1 || repeat > 20) {
            throw new UserError("--repeat must be between 1 and 20 (was " + repeat + ")");
        }
        PrintWriter w = spec.commandLine().getOut();
        Path runDir = runDir(options.out);
        InternalErrors.runFolder(runDir);
        LadderRun run = new LadderRun(ladder, steps, new LadderRun.Options(options.quick, repeat, options.database.settings(), capacityPlan(ladder, options)), line -> {
            w.println(line);
            w.flush();
        }, Clock.systemDefaultZone());
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            Shutdown.begin();
            main.interrupt();
            try {
                main.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "scalelab-ladder-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        LadderRun.Outcome outcome;
        try {
            outcome = run.run(runDir);
        } catch (DatabaseUnavailableException e) {
            removeIfEmpty(runDir);
            throw new UserError(e.getMessage());
        } finally {
            ChildProcesses.stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
        List<StepResult> results = outcome.summary().steps();
        List<String> unexpected = results.stream().filter(r -> !r.asExpected())
                .map(r -> r.name() + (r.repeat() > 1 ? " (repeat " + r.repeat() + ")" : "") + " " + r.outcome())
                .toList();
        w.println();
        w.println("steps:   " + (results.size() - unexpected.size()) + " as expected"
                + (unexpected.isEmpty() ? "" : ", " + unexpected.size() + " unexpected: " + String.join(", ", unexpected))
                + (outcome.interrupted() ? "; interrupted before the last step" : ""));
        List<String> capacities = results.stream().filter(r -> r.capacity() != null).map(LadderCommand::capacity).toList();
        if (!capacities.isEmpty()) {
            w.println("capacity (visitors/s within " + results.stream().filter(r -> r.capacity() != null).findFirst()
                    .orElseThrow().capacity().slo().describe() + "): " + String.join(", ", capacities));
        }
        w.println("summary: " + runDir.resolve("summary.json"));
        w.println("report:  " + outcome.report().html());
        w.println("         " + outcome.report().markdown());
        w.flush();
        if (outcome.interrupted()) {
            return ExitCodes.FINDINGS;
        }
        return unexpected.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    /** The capacity search of --capacity: the SLO of --slo, else the ladder's; the ladder's search settings. */
    static java.util.Optional<CapacityPlan> capacityPlan(Ladder ladder, ClimbOptions options) {
        if (!options.capacity) {
            if (options.slo != null) {
                throw new UserError("--slo goes with --capacity (the SLO the capacity search holds levels to); "
                        + "add --capacity or leave out --slo");
            }
            return java.util.Optional.empty();
        }
        Slo slo;
        try {
            slo = options.slo == null ? ladder.slo() : SloSpec.parse(options.slo);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return java.util.Optional.of(new CapacityPlan(slo, options.quick ? ladder.capacityQuick() : ladder.capacity()));
    }

    /** {@code naive 3.5 (17 req/s)}, {@code fragment-cache ≥ 64 (injector-bound)}, {@code naive < 0.25}. */
    static String capacity(StepResult r) {
        var c = r.capacity();
        if (c.atMost()) {
            double lowest = r.levels().stream().mapToDouble(l -> l.offeredVisitorsPerSec()).min()
                    .orElse(c.visitorsPerSec());
            return r.name() + " < " + CapacitySearch.format(c.visitorsPerSec() > 0 ? c.visitorsPerSec() : lowest);
        }
        return r.name() + (c.atLeast() ? " ≥ " : " ") + CapacitySearch.format(c.visitorsPerSec())
                + String.format(java.util.Locale.ROOT, " (%.0f req/s%s)", c.requestsPerSec(),
                c.atLeast() ? ", " + c.boundLabel() : "");
    }

    /** A run that could not start leaves no empty folder behind (anything written stays). */
    static void removeIfEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // leave it
        }
    }

    static Path runDir(Path out) throws IOException {
        if (out == null) {
            try {
                return LadderRun.newRunDir(Path.of("runs"), Clock.systemDefaultZone());
            } catch (IOException e) {
                throw new UserError("cannot create the run folder under " + Path.of("runs").toAbsolutePath() + " ("
                        + e.getMessage() + "); run from a folder you can write to, or give --out");
            }
        }
        return OutputFolders.newOrEmpty(out, "--out", "choose a new folder, or leave out --out to get runs/<timestamp>");
    }
}
