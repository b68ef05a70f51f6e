package dev.scalelab.loadtests.workload;

import dev.scalelab.loadtests.yaml.YamlNode;
import java.util.Map;

/**
 * The JSON text of a request's {@code json:} body, written in YAML: mappings become objects, lists arrays, plain
 * numbers, {@code true}, {@code false} and {@code null} stay bare, anything else is a string. {@code ${…}} parts are
 * left in place for the template.
 */
final class Json {

    private Json() {
    }

    static String of(YamlNode n) {
        StringBuilder out = new StringBuilder();
        write(n, out);
        return out.toString();
    }

    private static void write(YamlNode n, StringBuilder out) {
        if (n.isMapping()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, YamlNode> e : n.map("a JSON object", null).entries().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (n.isList()) {
            out.append('[');
            boolean first = true;
            for (YamlNode item : n.list("a JSON array")) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (n.isNull()) {
            out.append("null");
        } else {
            String v = n.text("a JSON value");
            if (v == null) {
                out.append("null");
            } else if (n.isPlain() && (v.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?") || v.equals("true")
                    || v.equals("false"))) {
                out.append(v);
            } else {
                string(v, out);
            }
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
