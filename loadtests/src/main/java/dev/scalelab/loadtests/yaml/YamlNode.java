package dev.scalelab.loadtests.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * A node of a {@link YamlDocument} with typed reads. A read that finds the wrong kind of value records a problem
 * ({@code file:line:col: 'rate' must be a number (was 'fast')}) and returns a harmless fallback named in its
 * documentation, so the parser goes on and every mistake of the file is listed at once. Nulls ({@code rate:},
 * {@code ~}) are refused where a value is read, and so are {@code NaN} and infinite numbers.
 */
public final class YamlNode {

    /** Plain scalars that mean null in YAML 1.2's core schema, whichever schema the parser resolved with. */
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    private final YamlDocument doc;
    private final Node node;

    YamlNode(YamlDocument doc, Node node) {
        this.doc = doc;
        this.node = node;
    }

    public YamlDocument document() {
        return doc;
    }

    /** {@code file:line:column} of the node's start (1-based), or {@code file} when it has no position. */
    public String where() {
        return doc.source() + node.getStartMark().map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
    }

    /** 1-based line of the node's start, 0 when unknown. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** A scalar written without quotes (so {@code 12} is a number and {@code '12'} a string). */
    public boolean isPlain() {
        return node instanceof ScalarNode s && s.getScalarStyle() == ScalarStyle.PLAIN;
    }

    /** A plain {@code null}, {@code ~} or nothing at all. */
    public boolean isNull() {
        if (!(node instanceof ScalarNode s)) {
            return false;
        }
        if (Tag.NULL.equals(s.getTag())) {
            return true;
        }
        return s.getScalarStyle() == ScalarStyle.PLAIN && NULLS.contains(s.getValue());
    }

    /** Records a problem at this node. */
    public void problem(String message) {
        doc.problem(this, message);
    }

    /** Records a problem at this node and returns the exception listing every problem so far, for {@code throw}. */
    public YamlFileException failure(String message) {
        return doc.failure(this, message);
    }

    /**
     * The entries of a mapping. Keys outside {@code allowed} (null: any key) and keys given twice are problems;
     * the first value of a key is kept. Not a mapping: a problem, and an empty map.
     *
     * @param what names the mapping in messages, e.g. {@code 'load'}
     */
    public YamlMap map(String what, Set<String> allowed) {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        Map<String, YamlNode> keys = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mn)) {
            problem(what + " must be a mapping of 'key: value' lines");
            return new YamlMap(this, what, out, keys);
        }
        for (NodeTuple t : mn.getValue()) {
            YamlNode keyNode = new YamlNode(doc, t.getKeyNode());
            String key = keyNode.text("a key");
            if (key == null) {
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                keyNode.problem("unknown key '" + key + "' in " + what + " (valid: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
                continue;
            }
            if (out.containsKey(key)) {
                keyNode.problem("'" + key + "' appears twice in " + what);
                continue;
            }
            out.put(key, new YamlNode(doc, t.getValueNode()));
            keys.put(key, keyNode);
        }
        return new YamlMap(this, what, out, keys);
    }

    /** The items of a list; not a list: a problem, and an empty list. */
    public List<YamlNode> list(String what) {
        if (!(node instanceof SequenceNode seq)) {
            problem(what + " must be a list");
            return List.of();
        }
        List<YamlNode> out = new ArrayList<>(seq.getValue().size());
        for (Node n : seq.getValue()) {
            out.add(new YamlNode(doc, n));
        }
        return out;
    }

    /** A list, or one value taken as a list of one. */
    public List<YamlNode> listOrOne(String what) {
        return node instanceof SequenceNode ? list(what) : List.of(this);
    }

    /**
     * The text of a single value, stripped. A mapping, a list or a null: a problem, and null.
     *
     * @param what names the value in messages, e.g. {@code 'name'} or {@code a key}
     */
    public String text(String what) {
        if (!(node instanceof ScalarNode s)) {
            problem(what + " must be a single value");
            return null;
        }
        if (isNull()) {
            problem(what + " needs a value (found none)");
            return null;
        }
        return doc.substitute(s.getValue(), this).strip();
    }

    /**
     * A finite number in {@code [min, max]}; otherwise a problem, and {@code min}.
     *
     * @param key the key the value is under, quoted in messages
     */
    public double number(String key, double min, double max) {
        String v = numberText(key);
        if (v == null) {
            return min;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            problem("'" + key + "' must be a number (was '" + v + "')");
            return min;
        }
        if (!Double.isFinite(d)) {
            problem("'" + key + "' must be a finite number (was '" + v + "')");
            return min;
        }
        if (d < min || d > max) {
            problem("'" + key + "' must be between " + fmt(min) + " and " + fmt(max) + " (was " + v + ")");
            return min;
        }
        return d;
    }

    /** A whole number in {@code [min, max]}; otherwise a problem, and {@code min}. */
    public long whole(String key, long min, long max) {
        String v = numberText(key);
        if (v == null) {
            return min;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            problem("'" + key + "' must be a whole number (was '" + v + "')");
            return min;
        }
        if (!Double.isFinite(d)) {
            problem("'" + key + "' must be a finite number (was '" + v + "')");
            return min;
        }
        if (d != Math.rint(d)) {
            problem("'" + key + "' must be a whole number (was '" + v + "')");
            return min;
        }
        if (d < min || d > max) {
            problem("'" + key + "' must be between " + min + " and " + max + " (was " + v + ")");
            return min;
        }
        return (long) d;
    }

    /** {@code true} or {@code false} (any case); otherwise a problem, and false. */
    public boolean flag(String key) {
        String v = text("'" + key + "'");
        if (v == null) {
            return false;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            problem("'" + key + "' must be true or false (was '" + v + "')");
            return false;
        }
        return lower.equals("true");
    }

    /** One of {@code allowed} (exact); otherwise a problem, and null. */
    public String oneOf(String key, List<String> allowed) {
        String v = text("'" + key + "'");
        if (v == null) {
            return null;
        }
        if (!allowed.contains(v)) {
            problem("'" + key + "' must be one of " + String.join(", ", allowed) + " (was '" + v + "')");
            return null;
        }
        return v;
    }

    private String numberText(String key) {
        if (!(node instanceof ScalarNode s)) {
            problem("'" + key + "' must be a number, not " + (isList() ? "a list" : "a mapping"));
            return null;
        }
        if (isNull()) {
            problem("'" + key + "' must be a number (found none)");
            return null;
        }
        return doc.substitute(s.getValue(), this).strip();
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public String toString() {
        return where();
    }
}
