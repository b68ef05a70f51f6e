package dev.scalelab.cli.gate;

import dev.scalelab.cli.gate.GateResult.Outcome;
import dev.scalelab.cli.gate.GateResult.RouteVerdict;
import dev.scalelab.cli.gate.QueryProfile.Route;
import dev.scalelab.cli.gate.QueryProfile.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a fresh profile with the baseline. A regression is a route's statement count above its baseline
 * (beyond the tolerance and any allowance), a new fingerprint, or a new N+1 finding. It fails closed: a baseline
 * route that was not exercised or answered with errors fails, an empty profile never passes, and so does a
 * route the baseline does not know.
 */
public final class Gate {
    /** Grown statements named per route; the rest are counted. */
    static final int MAX_LISTED = 3;
    private final int tolerance;
    private final GateResult.Subject subject;

    /** @param tolerance statements per request a route may grow without failing */
    public Gate(int tolerance) {
        this(tolerance, GateResult.Subject.ROUTE);
    }

    /**
     * @param tolerance statements per request (or per test) a route (or test) may grow without failing
     * @param subject   what the profile's entries are: HTTP routes or tests
     */
    public Gate(int tolerance, GateResult.Subject subject) {
        if (tolerance < 0) {
            throw new IllegalArgumentException("--tolerance must be >= 0 (was " + tolerance + ")");
        }
        this.tolerance = tolerance;
        this.subject = java.util.Objects.requireNonNull(subject, "subject");
    }

    public GateResult compare(QueryProfile baseline, QueryProfile current) {
        List<RouteVerdict> verdicts = new ArrayList<>();
        List<String> allowances = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(baseline.routes().keySet());
        names.addAll(current.routes().keySet());
        if (current.routes().isEmpty()) {
            verdicts.add(new RouteVerdict("(all " + subject.plural() + ")", Outcome.NOT_EXERCISED, -1, -1,
                    "the profile is empty: no " + subject.noun() + " was " + subject.measured() + ", so nothing can pass"));
        }
        for (String name : names) {
            Route before = baseline.routes().get(name);
            Route after = current.routes().get(name);
            if (before != null && before.allowance() != null) {
                var a = before.allowance();
                allowances.add(name + ": up to " + a.max() + " statements (" + a.reason()
                        + (a.link() == null ? "" : ", " + a.link()) + ")");
            }
            verdicts.add(verdict(name, before, after));
        }
        return new GateResult(verdicts, allowances, subject);
    }

    private RouteVerdict verdict(String name, Route before, Route after) {
        if (after == null) {
            return new RouteVerdict(name, Outcome.NOT_EXERCISED, before.statementsPerRequest(), -1,
                    name + ": in the baseline but " + subject.missing() + "; a " + subject.noun()
                            + " that is not measured cannot pass");
        }
        if (after.errors() > 0) {
            return new RouteVerdict(name, Outcome.ERRORS, before == null ? -1 : before.statementsPerRequest(),
                    after.statementsPerRequest(), name + ": " + after.errors() + " of " + after.requests()
                    + " requests answered with errors; fix them before comparing statement counts");
        }
        if (before == null) {
            return new RouteVerdict(name, Outcome.NEW_ROUTE, -1, after.statementsPerRequest(), name + ": "
                    + after.statementsPerRequest() + " statements, not in the baseline; record it with --update");
        }
        int b = before.statementsPerRequest();
        int a = after.statementsPerRequest();
        int limit = before.allowance() != null ? Math.max(before.allowance().max(), b + tolerance) : b + tolerance;
        List<String> why = new ArrayList<>();
        List<Map.Entry<String, Statement>> grown = after.statements().entrySet().stream()
                .filter(e -> e.getValue().perRequest() > perRequest(before, e.getKey()))
                .sorted(Comparator.comparingInt((Map.Entry<String, Statement> e) ->
                        perRequest(before, e.getKey()) - e.getValue().perRequest()).thenComparing(Map.Entry::getKey))
                .toList();
        List<String> newFingerprints = after.statements().keySet().stream()
                .filter(f -> !before.statements().containsKey(f)).toList();
        List<String> newNPlusOne = after.nPlusOne().stream().filter(f -> !before.nPlusOne().contains(f)).toList();
        boolean countRegressed = a > limit;
        if (countRegressed || !newFingerprints.isEmpty() || !newNPlusOne.isEmpty()) {
            List<Map.Entry<String, Statement>> listed = grown.subList(0, Math.min(MAX_LISTED, grown.size()));
            for (Map.Entry<String, Statement> e : listed) {
                int delta = e.getValue().perRequest() - perRequest(before, e.getKey());
                String where = e.getValue().callSite() == null ? "" : " at " + e.getValue().callSite();
                String tag = newFingerprints.contains(e.getKey()) ? ", new statement" : "";
                String nPlusOne = newNPlusOne.stream().anyMatch(f -> fingerprintOf(f).equals(e.getKey())) ? ", new N+1" : "";
                why.add("+" + delta + " x " + shorten(e.getKey()) + where + tag + nPlusOne);
            }
            if (grown.size() > MAX_LISTED) {
                why.add("and " + (grown.size() - MAX_LISTED) + " more statements grew");
            }
            newNPlusOne.stream()
                    .filter(f -> grown.stream().noneMatch(e -> e.getKey().equals(fingerprintOf(f))))
                    .limit(MAX_LISTED)
                    .forEach(f -> why.add("new N+1: " + shorten(fingerprintOf(f))
                            + (f.lastIndexOf(" at ") < 0 ? "" : " at " + f.substring(f.lastIndexOf(" at ") + 4))));
            String allowance = before.allowance() != null ? "; allowance " + before.allowance().max() : "";
            return new RouteVerdict(name, Outcome.REGRESSION, b, a, name + ": " + b + " -> " + a + " statements"
                    + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")") + allowance);
        }
        if (a < b) {
            return new RouteVerdict(name, Outcome.IMPROVED, b, a, name + ": " + b + " -> " + a
                    + " statements, better than the baseline; record it with --update");
        }
        return new RouteVerdict(name, Outcome.PASS, b, a, name + ": " + a + (a == 1 ? " statement" : " statements")
                + (a > b ? " (" + b + " in the baseline, within the tolerance or allowance)" : ""));
    }

    private static String fingerprintOf(String nPlusOne) {
        int at = nPlusOne.lastIndexOf(" at ");
        return at < 0 ? nPlusOne : nPlusOne.substring(0, at);
    }

    private static int perRequest(Route r, String fingerprint) {
        Statement s = r.statements().get(fingerprint);
        return s == null ? 0 : s.perRequest();
    }

    /** Long SELECT lists become {@code select ... from}, so messages stay one readable line. */
    static String shorten(String sql) {
        String s = sql.replaceAll("(?i)^select (.{40,}?) from ", "select ... from ");
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
