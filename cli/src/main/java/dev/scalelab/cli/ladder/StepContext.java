package dev.scalelab.cli.ladder;

import dev.scalelab.cli.ladder.Ladder.Step;
import dev.scalelab.cli.ladder.Ladder.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of a step, as its parts see it.
 *
 * @param step     the ladder's step
 * @param repeat   1 for the first run of the step
 * @param workload its load
 * @param runDir   the run's folder
 * @param stepDir  the step's folder (logs, results), created
 * @param progress progress lines
 * @param missing  what the step could not collect, filled by every part (shown in the report)
 */
record StepContext(Step step, int repeat, Workload workload, Path runDir, Path stepDir, Consumer<String> progress,
                   List<String> missing) {
}
