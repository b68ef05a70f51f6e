package dev.scalelab.reports.markdown;

import dev.scalelab.reports.compare.CpuBreakdown;
import dev.scalelab.reports.compare.FindingRow;
import dev.scalelab.reports.compare.LadderComparison;
import dev.scalelab.reports.compare.Metric;
import dev.scalelab.reports.compare.MetricCell;
import dev.scalelab.reports.compare.MetricChange;
import dev.scalelab.reports.compare.Problem;
import dev.scalelab.reports.compare.StepCapacity;
import dev.scalelab.reports.compare.StepRow;
import dev.scalelab.reports.compare.Format;
import dev.scalelab.reports.model.UslFit;
import dev.scalelab.reports.model.UslPoint;
import dev.scalelab.reports.stats.Usl;
import dev.scalelab.reports.model.AsyncJobs;
import dev.scalelab.reports.model.LeakExample;
import dev.scalelab.reports.model.QueueSample;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Markdown summary ({@code report.md}): headline table, verdicts, problems and findings, sized for a
 * pull-request comment or a CI job summary. Every value from the run is escaped, so names cannot break the table
 * or inject markup.
 */
public final class MarkdownReport {
    /** Findings listed at most; the HTML report has all of them. */
    static final int MAX_FINDINGS = 15;
    /** Leak examples listed per failed step at most. */
    static final int MAX_LEAKS = 3;

    private MarkdownReport() {
    }

    public static String render(LadderComparison ladder) {
        StringBuilder md = new StringBuilder();
        RunSummary s = ladder.summary();
        md.append("## scalelab ladder report");
        if (s.runId() != null) {
            md.append(" \u2014 ").append(text(s.runId()));
        }
        md.append("\n\n");
        int runs = ladder.maxRuns();
        List<String> meta = new ArrayList<>();
        meta.add(ladder.rows().size() + (ladder.rows().size() == 1 ? " step" : " steps") + ", "
                + (runs == 1 ? "1 run each" : runs + " runs each"));
        for (StepStatus st : StepStatus.values()) {
            long n = ladder.rows().stream().filter(r -> r.status() == st).count();
            if (n > 0) {
                meta.add(n + " " + st.name().toLowerCase(Locale.ROOT));
            }
        }
        meta.add(ladder.expectationText());
        if (s.workload() != null) {
            meta.add(text(s.workload()));
        }
        md.append(String.join(" \u00b7 ", meta)).append("\n\n");

        headline(md, ladder);
        capacity(md, ladder);
        verdicts(md, ladder);
        findings(md, ladder);
        cpu(md, ladder);
        queues(md, ladder);
        dataMissing(md, ladder);

        md.append("<sub>").append(text(ladder.methodText())).append(" Full report with charts: `report.html`.</sub>\n");
        return md.toString();
    }

    private static void headline(StringBuilder md, LadderComparison ladder) {
        List<Metric> metrics = Metric.headline(ladder.homeRoute());
        md.append("| Step | Status |");
        metrics.forEach(m -> md.append(' ').append(text(m.labelWithUnit())).append(" |"));
        md.append("\n|---|---|");
        metrics.forEach(m -> md.append("---:|"));
        md.append('\n');
        for (StepRow row : ladder.rows()) {
            md.append("| ").append(text(row.name())).append(" | ");
            md.append(row.status() == StepStatus.PASSED ? "" : "**").append(text(row.statusText()))
                    .append(row.status() == StepStatus.PASSED ? "" : "**").append(" |");
            for (MetricCell c : row.cells()) {
                md.append(' ').append(text(c.text()));
                MetricChange ch = c.change();
                if (ch != null && ch.verdict() != MetricChange.Verdict.NO_CHANGE) {
                    md.append(" (").append(text(ch.changeText())).append(switch (ch.verdict()) {
                        case SIGNIFICANT -> " \u2713";
                        case NOT_SIGNIFICANT -> " ~";
                        default -> "";
                    }).append(')');
                }
                md.append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        md.append(ladder.maxRuns() > 1
                ? "Medians over the runs of each step; in brackets the change against the previous step: "
                + "\u2713 significant, ~ no significant change.\n\n"
                : "One run per step; in brackets the change against the previous step, not tested (1 run).\n\n");
    }

    /** Capacity per step with its bound and bottleneck, and the scalability fit; nothing for a fixed-rate run. */
    private static void capacity(StringBuilder md, LadderComparison ladder) {
        List<StepCapacity> steps = StepCapacity.of(ladder);
        UslFit fit = ladder.summary().usl();
        if (steps.isEmpty() && fit == null) {
            return;
        }
        md.append("### Capacity\n\n");
        if (!steps.isEmpty()) {
            md.append(text("SLO: " + StepCapacity.sloText(steps) + ". Capacity is the highest arrival rate that"
                    + " held it and held again when confirmed (a quick look does not confirm); \u2265 marks a lower"
                    + " bound (the injector was the limit, or the highest rate tried held),"
                    + " < an upper bound (no level held).")).append("\n\n");
            md.append("| Step | Capacity (visitors/s) | Requests/s | What broke first |\n|---|---:|---:|---|\n");
            for (StepCapacity c : steps) {
                md.append("| ").append(text(c.step())).append(" | ").append(text(c.visitorsText())).append(" | ")
                        .append(text(c.requestsText())).append(" | ")
                        .append(text(c.bottleneck() == null ? "no level broke the SLO" : c.bottleneck().sentence()))
                        .append(c.runsNote().isEmpty() ? "" : " (" + text(c.runsNote()) + ")").append(" |\n");
            }
            md.append('\n');
            String rise = StepCapacity.rise(steps);
            if (!rise.isEmpty()) {
                md.append(text(rise)).append("\n\n");
            }
        }
        if (fit != null) {
            md.append("**Scale-out of ").append(text(fit.step())).append(" (Universal Scalability Law):** ")
                    .append(text(Usl.parameters(fit))).append(", one instance alone \u03bb = ")
                    .append(text(Format.number(fit.lambda()))).append(" req/s; ");
            md.append(fit.peakInstances() == null
                    ? (fit.sigma() >= 1 ? "no peak: with \u03c3 \u2265 1 one instance carries the most; each added instance"
                    + " lowers capacity." : "no peak: capacity keeps rising with more instances, ever more slowly.")
                    : "predicted peak " + text(Format.number(fit.peakInstances())) + " instances at "
                    + text(Format.number(fit.peakRequestsPerSec())) + " req/s.");
            if (fit.note() != null) {
                md.append(' ').append(text(fit.note()));
            }
            md.append("\n\n");
            if (!fit.points().isEmpty()) {
                md.append("| Instances | Measured (req/s) | Fitted (req/s) |\n|---:|---:|---:|\n");
            }
            for (UslPoint p : fit.points()) {
                md.append("| ").append(p.instances()).append(" | ").append(p.injectorBound() ? "\u2265 " : "")
                        .append(text(Format.number(p.requestsPerSec()))).append(" | ")
                        .append(text(Format.number(fit.predict(p.instances())))).append(" |\n");
            }
            md.append('\n');
        }
    }

    private static void verdicts(StringBuilder md, LadderComparison ladder) {
        java.util.Map<String, StepCapacity> capacities = new java.util.HashMap<>();
        StepCapacity.of(ladder).forEach(c -> capacities.put(c.step(), c));
        md.append("### What each step changed\n\n");
        for (StepRow row : ladder.rows()) {
            md.append("- **").append(text(row.name())).append("**");
            if (row.status() != StepStatus.PASSED) {
                md.append(" (").append(text(row.statusText())).append(')');
            }
            if (row.baseline() == null) {
                md.append(": baseline");
            } else {
                md.append(" vs ").append(text(row.baseline())).append(": ");
                List<String> parts = new ArrayList<>();
                StepCapacity now = capacities.get(row.name());
                StepCapacity before = capacities.get(row.baseline());
                if (now != null && before != null) {
                    parts.add(text(now.changeFrom(before)));
                }
                row.notableChanges().forEach(c -> parts.add(text(c.sentence())));
                if (!parts.isEmpty()) {
                    md.append(String.join("; ", parts));
                } else if (row.measured()) {
                    md.append("no notable change");
                } else {
                    md.append("no measurements");
                }
                List<String> unchanged = row.insignificantChanges().stream().map(c -> c.metric().label()).distinct()
                        .toList();
                if (!unchanged.isEmpty() && !parts.isEmpty()) {
                    md.append("; ~ no significant change: ").append(text(String.join(", ", unchanged)));
                }
            }
            md.append('\n');
            for (Problem p : row.problems()) {
                md.append("  - ").append(p.severity() == Problem.Severity.BAD ? "\u274c " : "\u26a0\ufe0f ")
                        .append("**").append(text(p.title())).append(":** ").append(text(p.text())).append('\n');
            }
            if (row.status() == StepStatus.FAILED && !row.leakExamples().isEmpty()) {
                for (LeakExample e : row.leakExamples().stream().limit(MAX_LEAKS).toList()) {
                    md.append("  - leak: ").append(text(e.expectedUser())).append(" requested ")
                            .append(code(e.route() == null ? "?" : e.route())).append(" and got the page of **")
                            .append(text(e.servedUser())).append("**\n");
                }
            }
        }
        md.append('\n');
    }

    private static void findings(StringBuilder md, LadderComparison ladder) {
        record Item(String step, FindingRow f) {
        }
        List<Item> items = new ArrayList<>();
        for (StepRow row : ladder.rows()) {
            row.findings().forEach(f -> items.add(new Item(row.name(), f)));
        }
        if (items.isEmpty()) {
            return;
        }
        md.append("### Query findings\n\n");
        md.append("| Step | Route | Kind | Statement | Per request | Call site | Fix |\n|---|---|---|---|---:|---|---|\n");
        for (Item i : items.stream().limit(MAX_FINDINGS).toList()) {
            FindingRow f = i.f();
            md.append("| ").append(text(i.step())).append(" | ").append(f.route() == null ? "" : code(f.route()))
                    .append(" | ").append(text(f.kindLabel())).append(" | ").append(code(f.fingerprint()))
                    .append(" | ").append(f.count()).append("\u00d7 | ")
                    .append(f.callSite() == null ? "" : code(f.callSite())).append(" | ")
                    .append(f.hint() == null ? "" : text(f.hint())).append(" |\n");
        }
        if (items.size() > MAX_FINDINGS) {
            md.append("\n").append(items.size() - MAX_FINDINGS).append(" more in report.html.\n");
        }
        md.append('\n');
    }

    /** One line per step that ran more than app, database and injector (or split the machine). */
    private static void cpu(StringBuilder md, LadderComparison ladder) {
        List<String> lines = new ArrayList<>();
        for (StepRow row : ladder.rows()) {
            CpuBreakdown cpu = CpuBreakdown.of(row);
            if (cpu == null) {
                continue;
            }
            lines.add("| " + text(row.name()) + " | " + text(cpu.machineText()) + " | " + text(cpu.processText()) + " |");
        }
        if (lines.isEmpty()) {
            return;
        }
        md.append("### Where the CPU went\n\n| Step | Machine | CPU by process (% of one core, busiest first) |\n"
                + "|---|---|---|\n").append(String.join("\n", lines)).append("\n\n");
    }

    /** Peak and end of the queue depth of steps with a task queue (the first run that sampled it). */
    private static void queues(StringBuilder md, LadderComparison ladder) {
        List<String> lines = new ArrayList<>();
        for (StepRow row : ladder.rows()) {
            AsyncJobs jobs = row.runs().stream().map(r -> r.asyncJobs())
                    .filter(j -> j != null && !j.queueDepth().isEmpty()).findFirst().orElse(null);
            if (jobs == null) {
                continue;
            }
            QueueSample peak = jobs.queueDepth().stream().filter(q -> q.pending() == jobs.maxPending()).findFirst()
                    .orElseThrow();
            QueueSample last = jobs.queueDepth().get(jobs.queueDepth().size() - 1);
            QueueSample drained = jobs.queueDepth().stream()
                    .filter(q -> q.second() > peak.second() && q.pending() == 0).findFirst().orElse(null);
            lines.add("| " + text(row.name()) + " | " + peak.pending() + " at " + peak.second() + " s | "
                    + (drained != null ? "empty at " + drained.second() + " s" : last.pending()
                    + " still pending at " + last.second() + " s") + " | " + last.failed() + " |");
        }
        if (lines.isEmpty()) {
            return;
        }
        md.append("### Task queue depth\n\n| Step | Most jobs pending | End | Failed jobs |\n|---|---:|---|---:|\n")
                .append(String.join("\n", lines)).append("\n\n");
    }

    private static void dataMissing(StringBuilder md, LadderComparison ladder) {
        List<String> lines = ladder.rows().stream()
                .flatMap(r -> r.dataMissing().stream().map(d -> "- **" + text(r.name()) + "**: " + text(d)))
                .collect(Collectors.toList());
        if (lines.isEmpty()) {
            return;
        }
        md.append("### Data missing\n\n").append(String.join("\n", lines)).append("\n\n");
    }

    /** Plain text safe inside Markdown (also inside a table cell): markup characters escaped, one line. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.replaceAll("[\\r\\n\\t]+", " ").toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '|' -> out.append("&#124;");
                // with [ and ] escaped no link can form, so ( ) ! need no escape; $ would start math on GitHub
                case '\\', '`', '*', '_', '[', ']', '#', '~', '$' ->
                        out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Code-formatted text, safe inside Markdown and table cells. */
    static String code(String s) {
        String escaped = s.replaceAll("[\\r\\n\\t]+", " ").replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;").replace("|", "&#124;").replace("`", "&#96;").replace("*", "&#42;")
                .replace("_", "&#95;").replace("[", "&#91;").replace("]", "&#93;").replace("\\", "&#92;");
        return "<code>" + escaped + "</code>";
    }
}
