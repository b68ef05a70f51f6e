package dev.scalelab.cli.ladder;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * What a ladder needs to know of a workload file (docs/workloads.md) before it runs one: the {@code load} it asks for
 * and the health path of its probes. The journeys themselves are read and sent by the injector's workload simulation,
 * which gets the file as a simulation parameter. Every problem reads {@code file:line:column: what is wrong}.
 */
final class WorkloadFiles {

    /** The simulation that runs a workload file in the injector. */
    static final String SIMULATION = "WorkloadSimulation";
    /** The simulation parameter naming the file. */
    static final String FILE_PROPERTY = "workloadFile";
    /** The health path when the file's probes name none. */
    static final String DEFAULT_HEALTH = "/health";

    /** The file's {@code load}; empty where it leaves a value out. */
    record Load(Optional<Double> rate, Optional<Integer> warmupSec, Optional<Integer> durationSec,
                Optional<Integer> drainSec) {
    }

    private WorkloadFiles() {
    }

    static Load load(Path file) {
        Optional<MappingNode> load = section(root(file), "load");
        return new Load(number(file, load, "rate").map(Double::valueOf), whole(file, load, "warmupSec"),
                whole(file, load, "durationSec"), whole(file, load, "drainSec"));
    }

    /** {@code probes.health}, or {@link #DEFAULT_HEALTH}. */
    static String healthPath(Path file) {
        Optional<MappingNode> probes = section(root(file), "probes");
        return probes.flatMap(p -> value(p, "health")).filter(n -> n instanceof ScalarNode)
                .map(n -> ((ScalarNode) n).getValue().strip()).orElse(DEFAULT_HEALTH);
    }

    private static Node root(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LadderFileException(file + ": cannot read it (" + e.getMessage() + ")");
        }
        try (Reader r = new StringReader(text)) {
            return new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeReader(r)
                    .orElseThrow(() -> new LadderFileException(file + ": the file is empty"));
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(null);
            throw new LadderFileException(file + (m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    + ": not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new LadderFileException(file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static Optional<MappingNode> section(Node root, String key) {
        if (!(root instanceof MappingNode m)) {
            return Optional.empty();
        }
        return value(m, key).filter(n -> n instanceof MappingNode).map(n -> (MappingNode) n);
    }

    private static Optional<Node> value(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(t.getValueNode());
            }
        }
        return Optional.empty();
    }

    private static Optional<Double> number(Path file, Optional<MappingNode> load, String key) {
        Optional<Node> n = load.flatMap(l -> value(l, key));
        if (n.isEmpty()) {
            return Optional.empty();
        }
        String v = n.get() instanceof ScalarNode s ? s.getValue().strip() : "";
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && d >= 0) {
                return Optional.of(d);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String where = n.get().getStartMark().map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
        throw new LadderFileException(file + where + ": 'load." + key + "' must be a number of 0 or more (was '" + v + "')");
    }

    private static Optional<Integer> whole(Path file, Optional<MappingNode> load, String key) {
        return number(file, load, key).map(d -> (int) Math.round(d));
    }
}
