package dev.scalelab.cli.ladder;

import dev.scalelab.loadtests.sim.SimulationKind;
import dev.scalelab.loadtests.sim.SimulationParameters;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import dev.scalelab.loadtests.yaml.YamlFileException;
import java.nio.file.Path;

/**
 * What a ladder needs of a workload file (docs/workloads.md) before it runs one: the file checked (every problem with
 * {@code file:line:column}), its {@code load} and its health probe. The journeys are sent by the injector's
 * {@code WorkloadSimulation}, which gets the file as the {@code workloadFile} simulation parameter.
 */
final class LadderWorkloads {

    /** The simulation that runs a workload file in the injector. */
    static final String SIMULATION = SimulationKind.WORKLOAD.simpleName();
    /** The simulation parameter naming the file. */
    static final String FILE_PROPERTY = SimulationParameters.WORKLOAD_FILE;
    /** The health path when a step names none and has no workload file. */
    static final String DEFAULT_HEALTH = Workload.Probes.DEFAULT.health();

    private LadderWorkloads() {
    }

    /** Whether a workload's {@code simulation} names a built-in workload file ({@code builtin:story}). */
    static boolean isBuiltin(String simulation) {
        return simulation.startsWith(WorkloadFiles.BUILTIN);
    }

    /**
     * The Java simulation a built-in workload file stands for, whose inputs it needs (users, ids): {@code builtin:story}
     * is the file form of StoryWorkload, {@code builtin:query-profile} of QueryProfile; other names as they are.
     */
    static java.util.Optional<SimulationKind> kind(String simulation) {
        if (simulation.equals(WorkloadFiles.STORY)) {
            return java.util.Optional.of(SimulationKind.STORY_WORKLOAD);
        }
        if (simulation.equals(WorkloadFiles.QUERY_PROFILE)) {
            return java.util.Optional.of(SimulationKind.QUERY_PROFILE);
        }
        return SimulationKind.find(simulation);
    }

    /** The file's load; a {@link LadderFileException} listing every problem of the file. */
    static Workload.Load load(Path file) {
        return read(file).load();
    }

    /** The file's health path ({@code probes.health}, {@code /health} by default). */
    static String healthPath(Path file) {
        return read(file).probes().health();
    }

    private static Workload read(Path file) {
        try {
            return Workload.read(file);
        } catch (YamlFileException e) {
            throw new LadderFileException(e.getMessage());
        }
    }
}
