package dev.scalelab.reports.compare;

import dev.scalelab.reports.model.ConnectionErrorExample;
import dev.scalelab.reports.model.LeakExample;
import dev.scalelab.reports.model.StepStatus;

import java.util.ArrayList;
import java.util.List;

/** Reads a merged step like a diagnosis: what was seen, how much, where, the likely cause, the usual fix. */
final class Diagnosis {
    /** Error rates above this are reported. */
    static final double ERROR_RATE_LIMIT = 0.01;

    private Diagnosis() {
    }

    static List<Problem> of(StepRow row, String homeRoute) {
        List<Problem> problems = new ArrayList<>();
        String runs = row.runs().size() > 1 ? " (" + row.statusRuns() + " of " + row.runs().size() + " runs)" : "";
        switch (row.status()) {
            case FAILED -> problems.add(new Problem(Problem.Severity.BAD, row.expect() == StepStatus.FAILED
                    ? "FAILED (expected" + (runs.isEmpty() ? ")" : ", " + runs.substring(2)) : "FAILED" + runs,
                    row.statusReason() == null ? "a correctness probe fired" : row.statusReason()));
            case ERROR -> problems.add(new Problem(Problem.Severity.BAD, "ERROR" + runs,
                    row.statusReason() == null ? "the step did not complete (no reason recorded)" : row.statusReason()));
            case SKIPPED -> problems.add(new Problem(Problem.Severity.MISSING, "SKIPPED",
                    row.statusReason() == null ? "the step was not run (no reason recorded)" : row.statusReason()));
            case PASSED -> {
                if (row.expect() == StepStatus.FAILED) {
                    problems.add(new Problem(Problem.Severity.WARN, "PASSED (expected FAILED)", "the ladder expects "
                            + "this step to fail, but it stayed within its limits: the load may be too light to show "
                            + "the problem the step is about"));
                }
            }
        }
        if (!row.measured()) {
            return problems;
        }

        double leaks = max(row.cell(Metric.IDENTITY_LEAKS.key()));
        if (leaks > 0) {
            StringBuilder text = new StringBuilder();
            text.append(Format.number(leaks)).append(leaks == 1 ? " response" : " responses")
                    .append(" showed another user's page");
            if (row.runs().size() > 1) {
                text.append(" (most in one run)");
            }
            if (!row.leakExamples().isEmpty()) {
                LeakExample e = row.leakExamples().get(0);
                text.append(", e.g. ").append(e.expectedUser()).append(" was served the page of ").append(e.servedUser());
            }
            text.append(". ");
            if (row.cell(Metric.CACHE_HIT_RATE.key()).hasValue()) {
                text.append("Likely cause: a cache shared by all users stores personal pages. Fix: key cached "
                        + "pages by user, or cache only the parts every user sees (fragment cache).");
            } else {
                text.append("Likely cause: per-user state shared between requests.");
            }
            problems.add(new Problem(Problem.Severity.BAD, "Identity leaks", text.toString()));
        }

        double connectionErrors = median(row.cell(Metric.CONNECTION_ERRORS.key()));
        if (connectionErrors > 0) {
            StringBuilder text = new StringBuilder(Format.number(connectionErrors))
                    .append(connectionErrors == 1 ? " request was" : " requests were")
                    .append(" refused a database connection");
            ConnectionErrorExample top = row.connectionErrors().isEmpty() ? null : row.connectionErrors().get(0);
            if (top != null && top.sqlState() != null) {
                text.append(" (").append(top.sqlState());
                if (top.message() != null) {
                    text.append(" ").append(top.message());
                }
                text.append(")");
            }
            text.append(". ");
            if (top != null && "53300".equals(top.sqlState())) {
                text.append("Likely cause: one connection per request exceeds the database's max_connections "
                        + "under load. Fix: a connection pool (and a pooler such as PgBouncer for several app "
                        + "instances).");
            } else if (top != null && "pool-timeout".equals(top.sqlState())) {
                text.append("Likely cause: the pool had no free connection within its timeout; look for long "
                        + "transactions or a pool smaller than the concurrency.");
            }
            problems.add(new Problem(Problem.Severity.BAD, "Connection errors", text.toString().strip()));
        }

        double errorRate = median(row.cell(Metric.ERROR_RATE.key()));
        if (errorRate > ERROR_RATE_LIMIT) {
            problems.add(new Problem(Problem.Severity.BAD, "Failed requests",
                    Format.fractionAsPercent(errorRate) + " of requests failed (KO)."));
        }

        double nPlusOne = median(row.cell(Metric.N_PLUS_ONE.key()));
        List<FindingRow> nPlusOneRows = row.findings().stream().filter(f -> "N_PLUS_ONE".equals(f.kind())).toList();
        if (nPlusOne > 0 || !nPlusOneRows.isEmpty()) {
            StringBuilder text = new StringBuilder();
            int findings = nPlusOne > 0 ? (int) Math.round(nPlusOne) : nPlusOneRows.size();
            text.append(findings).append(findings == 1 ? " N+1 finding" : " N+1 findings");
            MetricCell home = row.cell("stmts");
            if (home != null && home.hasValue()) {
                text.append("; ").append(homeRoute).append(" runs ").append(home.text()).append(" statements per request");
            }
            FindingRow worst = nPlusOneRows.stream().max(java.util.Comparator.comparingInt(FindingRow::count))
                    .orElse(null);
            if (worst != null) {
                text.append(". Worst: the same statement ").append(worst.count()).append("\u00d7 per request");
                if (worst.route() != null) {
                    text.append(" on ").append(worst.route());
                }
                if (worst.callSite() != null) {
                    text.append(" at ").append(worst.callSite());
                }
                if (worst.hint() != null) {
                    text.append(". Fix: ").append(worst.hint());
                }
            }
            String s = text.toString();
            problems.add(new Problem(Problem.Severity.WARN, "N+1 queries", s.endsWith(".") ? s : s + "."));
        }

        MetricCell cache = row.cell(Metric.CACHE_HIT_RATE.key());
        if (cache.hasValue() && cache.median() < LadderComparison.LOW_HIT_RATE) {
            problems.add(new Problem(Problem.Severity.WARN, "Cache almost never hits",
                    "hit rate " + cache.text() + ": the cache is consulted but lookups miss. Likely cause: something "
                            + "that differs on every response (a tracking cookie, a timestamp) is part of the cache "
                            + "key."));
        }
        return problems;
    }

    private static double median(MetricCell cell) {
        return cell == null || !cell.hasValue() ? 0 : cell.median();
    }

    private static double max(MetricCell cell) {
        if (cell == null || !cell.hasValue()) {
            return 0;
        }
        double m = 0;
        for (double v : cell.values()) {
            m = Math.max(m, v);
        }
        return m;
    }
}
