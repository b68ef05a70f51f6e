package dev.scalelab.diagnostics.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON for the trace format and snapshots, so the library needs no JSON dependency.
 * Not a supported API.
 */
public final class Json {
    /** The deepest nesting of objects and arrays {@link #parse} accepts; deeper input is a {@link ParseException}. */
    public static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** Appends {@code s} as a JSON string literal. */
    public static StringBuilder quote(StringBuilder out, String s) {
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
        return out.append('"');
    }

    public static String quote(String s) {
        return quote(new StringBuilder(s.length() + 2), s).toString();
    }

    /** Appends a parameter value: numbers and booleans as such, everything else as a string. */
    public static StringBuilder value(StringBuilder out, Object v) {
        if (v == null) {
            return out.append("null");
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte || v instanceof BigDecimal || v instanceof java.math.BigInteger) {
            return out.append(v);
        }
        if ((v instanceof Double d && !d.isNaN() && !d.isInfinite()) || (v instanceof Float f && !f.isNaN() && !f.isInfinite())) {
            return out.append(v);
        }
        if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i));
            }
            return out.append(']');
        }
        if (v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            out.append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, java.lang.reflect.Array.get(v, i));
            }
            return out.append(']');
        }
        return quote(out, String.valueOf(v));
    }

    /** A syntax error with the character position where parsing stopped. */
    public static final class ParseException extends Exception {
        public ParseException(String message) {
            super(message);
        }
    }

    /**
     * Parses one JSON value. Objects become {@link LinkedHashMap}, arrays {@link ArrayList},
     * integers {@link Long} (or {@link BigDecimal} when too large), other numbers {@link Double}.
     */
    public static Object parse(String text) throws ParseException {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw new ParseException("expected end of line at column " + (p.i + 1) + ", found " + shown(text.charAt(p.i)));
        }
        return v;
    }


    /** A character as a message shows it: printable ones quoted, control characters by their code ({@code U+0000}). */
    static String shown(char c) {
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                ? String.format(java.util.Locale.ROOT, "the control character U+%04X", (int) c) : "'" + c + "'";
    }

    private static final class Parser {
        final String s;
        int i;
        int depth;

        Parser(String s) {
            this.s = s;
        }

        void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        ParseException error(String expected) {
            String found = i < s.length() ? shown(s.charAt(i)) : "end of line";
            return new ParseException("expected " + expected + " at column " + (i + 1) + ", found " + found);
        }

        Object value() throws ParseException {
            if (i >= s.length()) {
                throw error("a value");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("a value");
            }
        }

        Object literal(String word, Object v) throws ParseException {
            if (!s.startsWith(word, i)) {
                throw error(word);
            }
            i += word.length();
            return v;
        }

        void enter() throws ParseException {
            if (++depth > MAX_DEPTH) {
                throw new ParseException("nested deeper than " + MAX_DEPTH + " levels at column " + (i + 1));
            }
        }

        Map<String, Object> object() throws ParseException {
            enter();
            Map<String, Object> out = new LinkedHashMap<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == '}') {
                i++;
                depth--;
                return out;
            }
            while (true) {
                ws();
                if (i >= s.length() || s.charAt(i) != '"') {
                    throw error("a field name in quotes");
                }
                String key = string();
                ws();
                if (i >= s.length() || s.charAt(i) != ':') {
                    throw error("':'");
                }
                i++;
                ws();
                out.put(key, value());
                ws();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i < s.length() && s.charAt(i) == '}') {
                    i++;
                    depth--;
                    return out;
                } else {
                    throw error("',' or '}'");
                }
            }
        }

        List<Object> array() throws ParseException {
            enter();
            List<Object> out = new ArrayList<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == ']') {
                i++;
                depth--;
                return out;
            }
            while (true) {
                ws();
                out.add(value());
                ws();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i < s.length() && s.charAt(i) == ']') {
                    i++;
                    depth--;
                    return out;
                } else {
                    throw error("',' or ']'");
                }
            }
        }

        String string() throws ParseException {
            StringBuilder out = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        break;
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            if (i + 4 > s.length()) {
                                throw error("four hex digits");
                            }
                            try {
                                out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("four hex digits");
                            }
                            i += 4;
                        }
                        default -> {
                            i--;
                            throw error("an escape character");
                        }
                    }
                } else {
                    out.append(c);
                }
            }
            throw error("closing '\"'");
        }

        Object number() throws ParseException {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            boolean fraction = false;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') {
                    i++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    fraction = true;
                    i++;
                } else {
                    break;
                }
            }
            String text = s.substring(start, i);
            try {
                if (!fraction) {
                    try {
                        return Long.parseLong(text);
                    } catch (NumberFormatException tooLarge) {
                        return new BigDecimal(text);
                    }
                }
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                i = start;
                throw error("a number");
            }
        }
    }
}
