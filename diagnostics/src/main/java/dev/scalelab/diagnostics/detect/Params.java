package dev.scalelab.diagnostics.detect;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Parameter identity, hashing and redaction. */
public final class Params {
    private Params() {
    }

    /** Value equality for parameters: arrays compare by content. */
    public static Object canonical(Object value) {
        if (value == null || !value.getClass().isArray()) {
            if (value instanceof Collection<?> c) {
                List<Object> out = new ArrayList<>(c.size());
                for (Object o : c) {
                    out.add(canonical(o));
                }
                return out;
            }
            return value;
        }
        int n = Array.getLength(value);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(canonical(Array.get(value, i)));
        }
        return out;
    }

    /** Largest number of elements of an array or collection parameter; 0 without such parameters. */
    public static int largestArray(List<Object> params) {
        int largest = 0;
        if (params == null) {
            return 0;
        }
        for (Object p : params) {
            if (p != null && p.getClass().isArray()) {
                largest = Math.max(largest, Array.getLength(p));
            } else if (p instanceof Collection<?> c) {
                largest = Math.max(largest, c.size());
            }
        }
        return largest;
    }

    /** A stable 64-bit FNV-1a hash of the values' text, the same in every JVM. */
    public static long stableHash(List<Object> params) {
        long h = 0xcbf29ce484222325L;
        for (Object p : params) {
            String s = render(canonical(p));
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= 0x1f;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Values as SQL-ish text: strings quoted, arrays in braces. */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence s) {
            return "'" + s.toString().replace("'", "''") + "'";
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append(render(list.get(i)));
            }
            return out.append('}').toString();
        }
        if (value.getClass().isArray()) {
            return render(canonical(value));
        }
        return String.valueOf(value);
    }

    /** {@code [1, 'a']}, abbreviated past 20 values. */
    public static String renderList(List<Object> params) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (i == 20) {
                out.append("… ").append(params.size() - 20).append(" more");
                break;
            }
            String v = render(params.get(i));
            out.append(v.length() > 80 ? v.substring(0, 79) + "…" : v);
        }
        return out.append(']').toString();
    }
}
