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
 * @param callSite    first application frame, {@code Class.method(File.java:42)} (of the site with the
 *                    most executions when there are several); {@code "(call stacks off)"} when stacks
 *                    are not captured; {@code "(no application frame in the call stack: …)"}, naming the
 *                    application-packages setting, when every frame is a framework's
 * @param stack       application frames, innermost first (empty when stacks are off)
 * @param example     one execution's SQL; literal and parameter values are redacted unless the
 *                    recorder was built with {@code includeParameters(true)}
 * @param hint        the likely fix
 * @param sites       every place the executions came from, with how many each, most first (their
 *                    counts add up to {@code count}); one entry for an N+1, one or more for a
 *                    duplicate read
 */
public record Finding(Kind kind, String unit, String fingerprint, int count, long totalMicros,
                      String callSite, List<String> stack, String example, String hint, List<Site> sites) {

    /** What kind of waste a finding describes. */
    public enum Kind {
        /** The same read, from the same application call stack, with differing parameters, again and again. */
        N_PLUS_ONE,
        /** The same read with identical parameters, more than once, from anywhere in the unit. */
        DUPLICATE
    }

    /**
     * One place a finding's executions came from.
     *
     * @param callSite the innermost application frame, {@code Class.method(File.java:42)}, followed
     *                 by its callers ({@code " ← Caller.method(File.java:7)"}) as far as needed to tell
     *                 it from the finding's other sites
     * @param count    executions from there
     */
    public record Site(String callSite, int count) {
        public Site {
            Objects.requireNonNull(callSite, "callSite");
            if (count < 1) {
                throw new IllegalArgumentException("count: expected >= 1, found " + count);
            }
        }
    }

    /** A finding whose executions all came from {@code callSite}. */
    public Finding(Kind kind, String unit, String fingerprint, int count, long totalMicros,
                   String callSite, List<String> stack, String example, String hint) {
        this(kind, unit, fingerprint, count, totalMicros, callSite, stack, example, hint,
                List.of(new Site(callSite, count)));
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
        sites = List.copyOf(sites);
        int fromSites = sites.stream().mapToInt(Site::count).sum();
        if (sites.isEmpty() || fromSites != count) {
            throw new IllegalArgumentException("sites: expected counts adding up to " + count + ", found " + fromSites
                    + " in " + sites.size() + " sites");
        }
    }

    /**
     * The finding as one line of diagnosis, for logs and test failures, e.g.
     * {@code GET /: N+1: 50 × select … from author a where a.id = ? at FeedView.render(FeedView.java:31)
     * (4.200 ms) — fetch the authors with the parent query: …}. A duplicate read from several places
     * lists each with its count: {@code at Settings.get(Settings.java:9) from 2 places: Header.render(Header.java:4)
     * (2 ×), Footer.render(Footer.java:8) (1 ×)}.
     */
    public String message() {
        String what = kind == Kind.N_PLUS_ONE ? "N+1" : "DUPLICATE";
        String detail = kind == Kind.DUPLICATE ? " with identical parameters" : "";
        return String.format(Locale.ROOT, "%s: %s: %d × %s%s at %s (%s ms) — %s",
                unit, what, count, abbreviate(fingerprint, 160), detail, where(),
                millis(totalMicros), hint);
    }

    /** The call site, or every site with its count when there are several. */
    private String where() {
        if (sites.size() == 1) {
            return callSite;
        }
        String innermost = null;
        for (Site s : sites) {
            int arrow = s.callSite().indexOf(ARROW);
            String head = arrow < 0 ? null : s.callSite().substring(0, arrow);
            if (head == null || (innermost != null && !innermost.equals(head))) {
                innermost = null;
                break;
            }
            innermost = head;
        }
        StringBuilder b = new StringBuilder();
        if (innermost != null) {
            b.append(innermost).append(" from ");
        }
        b.append(sites.size()).append(" places: ");
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            String label = innermost == null ? s.callSite() : s.callSite().substring(innermost.length() + ARROW.length());
            b.append(i == 0 ? "" : ", ").append(label).append(" (").append(s.count()).append(" ×)");
        }
        return b.toString();
    }

    /** Separates a site's frame from its caller in {@link Site#callSite()}. */
    public static final String ARROW = " ← ";

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
