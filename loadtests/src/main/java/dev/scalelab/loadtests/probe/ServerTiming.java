package dev.scalelab.loadtests.probe;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the database metric of a {@code Server-Timing} header, as the diagnostics filter writes
 * it: {@code Server-Timing: db;dur=12.5;desc="4 statements"}. Other metrics in the same header
 * (comma separated) are ignored; parameters may come in any order.
 */
public final class ServerTiming {

    public static final String HEADER = "Server-Timing";

    private static final Pattern STATEMENTS = Pattern.compile("(\\d+)\\s+statements?");
    private static final Pattern DESC = Pattern.compile("desc\\s*=\\s*(\"[^\"]*\"|[^;,\\s]+)");
    private static final Pattern DUR = Pattern.compile("dur\\s*=\\s*([0-9]+(?:\\.[0-9]+)?)");

    private ServerTiming() {
    }

    /** Number of statements of the {@code db} metric; empty when the header or the metric is absent or malformed. */
    public static OptionalInt statements(String header) {
        String db = dbMetric(header);
        if (db == null) {
            return OptionalInt.empty();
        }
        Matcher desc = DESC.matcher(db);
        if (!desc.find()) {
            return OptionalInt.empty();
        }
        Matcher n = STATEMENTS.matcher(desc.group(1));
        if (!n.find()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(n.group(1)));
        } catch (NumberFormatException tooLarge) {
            return OptionalInt.empty();
        }
    }

    /** Time spent in the database ({@code dur} of the {@code db} metric) in milliseconds; empty when absent. */
    public static OptionalDouble dbMillis(String header) {
        String db = dbMetric(header);
        if (db == null) {
            return OptionalDouble.empty();
        }
        Matcher dur = DUR.matcher(db);
        return dur.find() ? OptionalDouble.of(Double.parseDouble(dur.group(1))) : OptionalDouble.empty();
    }

    /** The {@code db;...} entry of the header, or null. Quoted descriptions may contain commas. */
    private static String dbMetric(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                String metric = header.substring(start, i).trim();
                int semicolon = metric.indexOf(';');
                String name = (semicolon < 0 ? metric : metric.substring(0, semicolon)).trim();
                if (name.equals("db")) {
                    return metric;
                }
                start = i + 1;
            }
        }
        return null;
    }
}
