package dev.scalelab.loadtests.yaml;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The entries of a YAML mapping read by {@link YamlNode#map}, in file order, with the node of each key for
 * messages about the key itself. Reads of a key that is missing return the given default.
 */
public final class YamlMap {

    private final YamlNode node;
    private final String what;
    private final Map<String, YamlNode> values;
    private final Map<String, YamlNode> keys;

    YamlMap(YamlNode node, String what, Map<String, YamlNode> values, Map<String, YamlNode> keys) {
        this.node = node;
        this.what = what;
        this.values = values;
        this.keys = keys;
    }

    /** The mapping itself (or the value that should have been one). */
    public YamlNode node() {
        return node;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Map<String, YamlNode> entries() {
        return values;
    }

    public Optional<YamlNode> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code key}, or null when absent. */
    public YamlNode value(String key) {
        return values.get(key);
    }

    /** The node of the key {@code key} itself (for messages about the key), or the mapping when absent. */
    public YamlNode keyNode(String key) {
        YamlNode k = keys.get(key);
        return k == null ? node : k;
    }

    /** The value of a key that must be there; missing: a problem at the mapping, and null. */
    public YamlNode required(String key, String hint) {
        YamlNode v = values.get(key);
        if (v == null) {
            node.problem(what + " needs '" + key + "'" + (hint.isEmpty() ? "" : " (" + hint + ")"));
        }
        return v;
    }

    public String text(String key, String fallback) {
        YamlNode v = values.get(key);
        if (v == null) {
            return fallback;
        }
        String t = v.text("'" + key + "'");
        return t == null ? fallback : t;
    }

    public double number(String key, double fallback, double min, double max) {
        YamlNode v = values.get(key);
        return v == null ? fallback : v.number(key, min, max);
    }

    public long whole(String key, long fallback, long min, long max) {
        YamlNode v = values.get(key);
        return v == null ? fallback : v.whole(key, min, max);
    }

    public boolean flag(String key, boolean fallback) {
        YamlNode v = values.get(key);
        return v == null ? fallback : v.flag(key);
    }
}
