package dev.scalelab.cli.ladder;

import dev.scalelab.cli.proc.PostgresSampler;
import dev.scalelab.cli.proc.ResourceSampler;
import dev.scalelab.cli.proc.ServerProcess;
import dev.scalelab.loadtests.runner.RunOutcome;
import dev.scalelab.loadtests.runner.RunSettings;
import dev.scalelab.reports.model.AsyncJobs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An app a launcher started (or found running) for one step: where the load goes, which processes to sample, what
 * it adds to the results; {@link #close()} stops everything the launcher started, with its children.
 */
interface Target extends AutoCloseable {

    /** Where the load goes, without a trailing slash. */
    String baseUrl();

    /** Adds what the workload needs of this app to the injector's settings (users, id ranges, probes). */
    void configure(RunSettings.Builder settings);

    /** Waits until the app answers its health path. */
    void awaitReady() throws StartException, InterruptedException;

    /** Registers the processes to sample, in the report's order, with the injector's. */
    void watch(ResourceSampler resources, Supplier<Collection<Long>> injector);

    /** Just before the load: starts the target's own samplers. */
    default void beforeLoad() throws StartException {
    }

    /** When the measurement starts (after the injector's warm-up). */
    default void onMeasurementStart() {
    }

    /**
     * The task queue's depth samples so far (once a second, from {@link #beforeLoad()} until the target closes); empty
     * when the app has no queue scalelab can see.
     */
    default Optional<List<dev.scalelab.cli.proc.QueueSampler.Sample>> queueSamples() {
        return Optional.empty();
    }

    /** After the load: what the target collects itself. */
    Collected afterLoad(RunOutcome outcome) throws IOException, InterruptedException;

    /** Stops what the launcher started. */
    @Override
    void close();

    /**
     * What a target collected after the load.
     *
     * @param diagnostics   the diagnostics snapshot of each app instance (empty where it did not answer); no
     *                      element for an app that has no diagnostics endpoint
     * @param postgres      connection samples of the database, for the time series
     * @param servers       servers started around the app, by name, for their logs
     * @param asyncJobs     the task queue's figures, null when there is none
     * @param logs          further logs by label (the app's own log of a started command, the build's)
     */
    record Collected(List<Optional<String>> diagnostics, List<PostgresSampler.Sample> postgres,
                     Map<String, ServerProcess> servers, AsyncJobs asyncJobs, Map<String, Path> logs) {
    }
}
