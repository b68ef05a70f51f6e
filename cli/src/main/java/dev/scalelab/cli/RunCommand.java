package dev.scalelab.cli;

import dev.scalelab.cli.ladder.Ladder;
import dev.scalelab.cli.ladder.LadderFileException;
import dev.scalelab.cli.ladder.LadderFiles;
import dev.scalelab.cli.ladder.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab run}: one step alone. Either a step of a ladder ({@code --step}), or your own app under a workload
 * file ({@code --workload} with {@code --url} or {@code --start}), without writing a ladder file.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one step alone and write its run folder and report: a step of the story ladder (or a "
                + "ladder file) with --step, or your own app under a workload file with --workload and --url or --start.",
                "Exit codes: 0 the step PASSED (or as expected), 1 it FAILED or ERRORed, 2 usage or environment."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--step", paramLabel = "NAME", description = "The ladder step to run, e.g. eager-fetch.")
    String step;

    @Option(names = "--workload", paramLabel = "FILE", description = "A workload file (docs/workloads.md) to run "
            + "against your own app.")
    Path workload;

    @Option(names = "--url", paramLabel = "URL", description = "With --workload: where your app answers (loopback unless "
            + "--allow-remote); with --start, where the started app answers (default: a free port, see --start).")
    String url;

    @Option(names = "--start", paramLabel = "CMD", description = "With --workload: start your app with this shell "
            + "command (stopped afterwards). Without --url it gets a free port: $${port} in CMD, and PORT and SERVER_PORT "
            + "in its environment.")
    String start;

    @Option(names = "--env", paramLabel = "K=V", description = "With --start: an environment variable of the app "
            + "(repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--health", paramLabel = "PATH", description = "The path that answers 200 once the app is ready "
            + "(default: the workload file's probe, else /health).")
    String health;

    @Option(names = "--rate", paramLabel = "R", description = "New visitors per second (default: the workload file's).")
    Double rate;

    @Option(names = "--warmup", paramLabel = "S", description = "Seconds of load before measuring (default: the "
            + "workload file's).")
    Integer warmup;

    @Option(names = "--duration", paramLabel = "S", description = "Seconds of measured load (default: the workload "
            + "file's).")
    Integer duration;

    @Mixin
    ClimbOptions options;

    @Override
    public Integer call() throws Exception {
        if (workload != null) {
            Ladder ladder = ownAppLadder();
            return LadderCommand.climb(spec, ladder, ladder.steps(), options);
        }
        if (step == null) {
            throw new UserError("give --step NAME (a step of the ladder) or --workload FILE with --url or --start "
                    + "(your own app)");
        }
        String ownAppOption = url != null ? "--url" : start != null ? "--start" : health != null ? "--health"
                : !env.isEmpty() ? "--env" : rate != null ? "--rate" : duration != null ? "--duration"
                : warmup != null ? "--warmup" : null;
        if (ownAppOption != null) {
            throw new UserError(ownAppOption + " goes with --workload (your own app); --step runs a step of the ladder "
                    + "file as it is written");
        }
        Ladder ladder = LadderCommand.load(options.ladderFile, options.allowRemote);
        Ladder.Step s = ladder.step(step).orElseThrow(() -> new UserError("no step '" + step + "' in ladder "
                + ladder.name() + " (steps: " + ladder.steps().stream().map(Ladder.Step::name)
                .collect(Collectors.joining(", ")) + ")"));
        return LadderCommand.climb(spec, ladder, List.of(s), options);
    }

    private Ladder ownAppLadder() {
        if (step != null || options.ladderFile != null) {
            throw new UserError("--workload runs your own app without a ladder; leave out --step and --ladder (or put "
                    + "'workload: " + workload + "' in the ladder file's step)");
        }
        if (url == null && start == null) {
            throw new UserError("--workload needs --url URL (your app, already running) or --start CMD (scalelab "
                    + "starts it)");
        }
        if (!env.isEmpty() && start == null) {
            throw new UserError("--env sets the environment of the --start command; give --start too");
        }
        if (url != null) {
            try {
                Targets.check(url, options.allowRemote);
            } catch (IllegalArgumentException e) {
                throw new UserError("--url: " + e.getMessage());
            }
        }
        if (health != null && !health.startsWith("/")) {
            throw new UserError("--health must be a path starting with '/', e.g. /actuator/health (was '" + health + "')");
        }
        if (rate != null && !(rate >= 0.1 && rate <= 10_000)) {
            throw new UserError("--rate must be between 0.1 and 10000 visitors per second (was " + rate + ")");
        }
        if (duration != null && (duration < 1 || duration > 3_600)) {
            throw new UserError("--duration must be between 1 and 3600 seconds (was " + duration + ")");
        }
        if (warmup != null && (warmup < 0 || warmup > 3_600)) {
            throw new UserError("--warmup must be between 0 and 3600 seconds (was " + warmup + ")");
        }
        Ladder.OwnApp own = new Ladder.OwnApp(Optional.ofNullable(url), Optional.ofNullable(start), env, List.of(),
                Optional.ofNullable(health), Optional.empty(), Optional.empty(), 0, 0, options.allowRemote,
                Ladder.OwnApp.DEFAULT_START_TIMEOUT_SEC, Optional.empty());
        try {
            return LadderFiles.single(workload, own, rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate),
                    warmup == null ? OptionalInt.empty() : OptionalInt.of(warmup),
                    duration == null ? OptionalInt.empty() : OptionalInt.of(duration));
        } catch (LadderFileException e) {
            throw new UserError(e.getMessage());
        }
    }
}
