package dev.scalelab.cli.capacity;

import dev.scalelab.reports.model.Slo;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an SLO as given on the command line: {@code p95=500ms,errors=1%} (and {@code throughput=95%}); what is left
 * out keeps {@link Slo#DEFAULT}'s value.
 */
public final class SloSpec {

    private static final String EXAMPLE = "e.g. --slo p95=500ms,errors=1%";
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");

    private SloSpec() {
    }

    /** @throws IllegalArgumentException with one line saying what was wrong and what to write */
    public static Slo parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--slo is empty; give p95 and/or errors, " + EXAMPLE);
        }
        double p95 = Slo.DEFAULT.p95Ms();
        double errors = Slo.DEFAULT.maxErrorRate();
        double throughput = Slo.DEFAULT.minThroughputFraction();
        Set<String> seen = new HashSet<>();
        for (String part : spec.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--slo: '" + part.strip() + "' is not key=value; " + EXAMPLE);
            }
            String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("--slo: " + key + " is given twice; give each key once, " + EXAMPLE);
            }
            switch (key) {
                case "p95" -> {
                    Matcher m = DURATION.matcher(value);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("--slo: p95 must be a duration like 500ms or 1.5s, found '"
                                + value + "'");
                    }
                    p95 = Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
                    if (p95 <= 0 || p95 > 3_600_000) {
                        throw new IllegalArgumentException("--slo: p95 must be above 0 and at most an hour, found '"
                                + value + "'");
                    }
                }
                case "errors" -> errors = percent("errors", value, 0, 100);
                case "throughput" -> throughput = percent("throughput", value, 1, 100);
                default -> throw new IllegalArgumentException("--slo: unknown key '" + key
                        + "'; expected p95, errors or throughput, " + EXAMPLE);
            }
        }
        return new Slo(p95, errors, throughput);
    }

    private static double percent(String key, String value, double min, double max) {
        Matcher m = PERCENT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("--slo: " + key + " must be a percentage like 1%, found '" + value + "'");
        }
        double p = Double.parseDouble(m.group(1));
        if (p < min || p > max) {
            throw new IllegalArgumentException("--slo: " + key + " must be between " + CapacitySearch.format(min)
                    + "% and " + CapacitySearch.format(max) + "%, found '" + value + "'");
        }
        return p / 100;
    }
}
