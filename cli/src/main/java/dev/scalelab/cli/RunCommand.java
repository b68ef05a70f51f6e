package dev.scalelab.cli;

import dev.scalelab.cli.ladder.Ladder;
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

    @Mixin
    ClimbOptions options;

    @Override
    public Integer call() throws Exception {
        Ladder ladder = LadderCommand.load(options.ladderFile);
        Ladder.Step s = ladder.step(step).orElseThrow(() -> new UserError("no step '" + step + "' in ladder "
                + ladder.name() + " (steps: " + ladder.steps().stream().map(Ladder.Step::name)
                .collect(Collectors.joining(", ")) + ")"));
        return LadderCommand.climb(spec, ladder, List.of(s), options);
    }
}
