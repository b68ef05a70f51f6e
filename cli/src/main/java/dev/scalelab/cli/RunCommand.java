package dev.scalelab.cli;

import dev.scalelab.cli.ladder.Ladder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab run --step NAME}: one step of a ladder alone. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one step of the story ladder (or a ladder file) alone and write its run folder and report."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--step", required = true, paramLabel = "NAME", description = "The step to run, e.g. eager-fetch.")
    String step;

    @Option(names = "--ladder", paramLabel = "FILE", description = "A ladder file (YAML); default: the built-in story ladder.")
    Path ladderFile;

    @Option(names = "--quick", description = "Shorter load (the ladder's 'quick' workload).")
    boolean quick;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N", description = "Run the step N times (default: 1).")
    int repeat;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder (must be new or empty); default: runs/<timestamp>.")
    Path out;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        Ladder ladder = LadderCommand.load(ladderFile);
        Ladder.Step s = ladder.step(step).orElseThrow(() -> new UserError("no step '" + step + "' in ladder "
                + ladder.name() + " (steps: " + ladder.steps().stream().map(Ladder.Step::name)
                .collect(Collectors.joining(", ")) + ")"));
        return LadderCommand.climb(spec, ladder, List.of(s), quick, repeat, out, database);
    }
}
