package dev.scalelab.loadtests.probe;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads the database metric of a {@code Server-Timing} header, as the diagnostics filter writes
 * it: {@code Server-Timing: db;dur=12.5;desc="4 statements"}. Other metrics in the same header
 * (comma separated) are ignored; parameters may come in any order. Runs on every response, so it
 * scans the string instead of using regular expressions.
 */
public final class ServerTiming {

    public static final String HEADER = "Server-Timing";

    private ServerTiming() {
    }

    /** Number of statements of the {@code db} metric; empty when the header or the metric is absent or malformed. */
    public static OptionalInt statements(String header) {
        int n = statementsOrMinusOne(header);
        return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** Like {@link #statements} without allocating: -1 when absent or malformed. */
    public static int statementsOrMinusOne(String header) {
        int db = dbMetricStart(header);
        if (db < 0) {
            return -1;
        }
        int desc = param(header, db, "desc");
        if (desc < 0) {
            return -1;
        }
        int i = desc;
        if (i < header.length() && header.charAt(i) == '"') {
            i++;
        }
        while (i < header.length() && header.charAt(i) == ' ') {
            i++;
        }
        long n = 0;
        int digits = 0;
        while (i < header.length() && Character.isDigit(header.charAt(i)) && digits < 10) {
            n = n * 10 + (header.charAt(i) - '0');
            i++;
            digits++;
        }
        if (digits == 0 || digits == 10 || n > Integer.MAX_VALUE) {
            return -1;
        }
        while (i < header.length() && header.charAt(i) == ' ') {
            i++;
        }
        return header.startsWith("statement", i) ? (int) n : -1;
    }

    /** Time spent in the database ({@code dur} of the {@code db} metric) in milliseconds; empty when absent. */
    public static OptionalDouble dbMillis(String header) {
        double ms = dbMillisOrNaN(header);
        return Double.isNaN(ms) ? OptionalDouble.empty() : OptionalDouble.of(ms);
    }

    /** Like {@link #dbMillis} without allocating: NaN when absent or malformed. */
    public static double dbMillisOrNaN(String header) {
        int db = dbMetricStart(header);
        if (db < 0) {
            return Double.NaN;
        }
        int dur = param(header, db, "dur");
        if (dur < 0) {
            return Double.NaN;
        }
        int end = dur;
        while (end < header.length() && (Character.isDigit(header.charAt(end)) || header.charAt(end) == '.')) {
            end++;
        }
        if (end == dur) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(header.substring(dur, end));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Index just after the name of the {@code db} metric, or -1. Quoted descriptions may contain commas. */
    private static int dbMetricStart(String header) {
        if (header == null) {
            return -1;
        }
        int i = 0;
        int length = header.length();
        while (i < length) {
            while (i < length && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
                i++;
            }
            int nameEnd = i;
            while (nameEnd < length && header.charAt(nameEnd) != ';' && header.charAt(nameEnd) != ','
                    && header.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            if (nameEnd - i == 2 && header.startsWith("db", i)) {
                return nameEnd;
            }
            i = metricEnd(header, nameEnd);
        }
        return -1;
    }

    /** Index of the comma ending the metric that contains {@code from} (or the length). */
    private static int metricEnd(String header, int from) {
        boolean quoted = false;
        for (int i = from; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return header.length();
    }

    /** Index of the value of parameter {@code name} in the metric starting at {@code from}, or -1. */
    private static int param(String header, int from, String name) {
        int end = metricEnd(header, from);
        int i = from;
        while (i < end) {
            int semicolon = header.indexOf(';', i);
            if (semicolon < 0 || semicolon >= end) {
                return -1;
            }
            int p = semicolon + 1;
            while (p < end && header.charAt(p) == ' ') {
                p++;
            }
            if (header.startsWith(name, p)) {
                int eq = p + name.length();
                while (eq < end && header.charAt(eq) == ' ') {
                    eq++;
                }
                if (eq < end && header.charAt(eq) == '=') {
                    int v = eq + 1;
                    while (v < end && header.charAt(v) == ' ') {
                        v++;
                    }
                    return v;
                }
            }
            i = p;
        }
        return -1;
    }
}
