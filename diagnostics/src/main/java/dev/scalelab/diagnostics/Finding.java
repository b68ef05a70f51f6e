package dev.scalelab.diagnostics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One diagnosis inside one unit of work.
 *
 * @param kind        what was found
 * @param unit        the unit of work (route template, test name, job name)
 * @param fingerprint the normalized SQL (literals and bind markers as {@code ?}, lists collapsed)
 * @param count       executions that make up the finding
 * @param totalMicros time those executions spent in the database
 * @param callSite    first application frame, {@code Class.method(File.java:42)}, or
 *                    {@code "(call stacks off)"} when stacks are not captured
 * @param stack       application frames, innermost first (empty when stacks are off)
 * @param example     one execution's SQL; literal and parameter values are redacted unless the
 *                    recorder was built with {@code includeParameters(true)}
 * @param hint        the likely fix
 */
public record Finding(Kind kind, String unit, String fingerprint, int count, long totalMicros,
                      String callSite, List<String> stack, String example, String hint) {

    /** What kind of waste a finding describes. */
    public enum Kind {
        /** The same read, from the same application call stack, with differing parameters, again and again. */
        N_PLUS_ONE,
        /** The same read with identical parameters, more than once, from anywhere in the unit. */
        DUPLICATE
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(callSite, "callSite");
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(hint, "hint");
        if (count < 1) {
            throw new IllegalArgumentException("count: expected >= 1, found " + count);
        }
        if (totalMicros < 0) {
            throw new IllegalArgumentException("totalMicros: expected >= 0, found " + totalMicros);
        }
        stack = List.copyOf(stack);
    }

    /**
     * The finding as one line of diagnosis, for logs and test failures, e.g.
     * {@code GET /: N+1: 50 × select … from author a where a.id = ? at FeedView.render(FeedView.java:31)
     * (4.200 ms) — fetch the authors with the parent query: …}.
     */
    public String message() {
        String what = kind == Kind.N_PLUS_ONE ? "N+1" : "DUPLICATE";
        String detail = kind == Kind.DUPLICATE ? " with identical parameters" : "";
        return String.format(Locale.ROOT, "%s: %s: %d × %s%s at %s (%s ms) — %s",
                unit, what, count, abbreviate(fingerprint, 160), detail, callSite,
                millis(totalMicros), hint);
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
