package dev.scalelab.cli.gate;

import dev.scalelab.cli.gate.GateResult.RouteVerdict;
import java.util.List;
import java.util.Locale;

/** The gate's verdict as text for people, JUnit XML for CI systems, Markdown for pull requests, GitHub annotations. */
public final class GateFormats {
    public static final List<String> NAMES = List.of("text", "junit", "markdown", "github");

    private GateFormats() {
    }

    public static String render(String format, GateResult r, String baseline) {
        return switch (format) {
            case "text" -> text(r, baseline);
            case "junit" -> junit(r, baseline);
            case "markdown" -> markdown(r, baseline);
            case "github" -> github(r, baseline);
            default -> throw new IllegalArgumentException("invalid value for --format: '" + format
                    + "' (valid values: " + String.join(", ", NAMES) + ")");
        };
    }

    static String text(GateResult r, String baseline) {
        StringBuilder sb = new StringBuilder();
        for (RouteVerdict v : r.routes()) {
            sb.append(v.failed() ? "FAIL  " : v.outcome() == GateResult.Outcome.IMPROVED ? "BETTER " : "ok    ")
                    .append(v.message()).append('\n');
        }
        for (String a : r.allowances()) {
            sb.append("allowance in force: ").append(a).append('\n');
        }
        sb.append(summary(r, baseline)).append('\n');
        return sb.toString();
    }

    static String summary(GateResult r, String baseline) {
        long failed = r.routes().stream().filter(RouteVerdict::failed).count();
        if (!r.passed()) {
            return "query gate FAILED: " + failed + " of " + r.routes().size() + " " + r.subject().plural() + " against " + baseline
                    + "; if the change is intended, record it with --update and commit the baseline";
        }
        return "query gate passed: " + r.routes().size() + " " + r.subject().plural() + " within " + baseline
                + (r.improved() ? "; some " + r.subject().plural() + " improved: record them with --update" : "");
    }

    static String junit(GateResult r, String baseline) {
        long failures = r.routes().stream().filter(RouteVerdict::failed).count();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<testsuite name=\"scalelab query gate\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\">%n",
                r.routes().size(), failures));
        sb.append("  <properties><property name=\"baseline\" value=\"").append(xml(baseline)).append("\"/></properties>\n");
        for (RouteVerdict v : r.routes()) {
            sb.append("  <testcase classname=\"scalelab.gate\" name=\"").append(xml(v.route())).append('"');
            if (v.failed()) {
                sb.append(">\n    <failure type=\"").append(v.outcome()).append("\" message=\"").append(xml(v.message()))
                        .append("\">").append(xml(v.message())).append("</failure>\n  </testcase>\n");
            } else {
                sb.append("/>\n");
            }
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    static String markdown(GateResult r, String baseline) {
        StringBuilder sb = new StringBuilder("### scalelab query gate: ").append(r.passed() ? "passed" : "FAILED").append("\n\n");
        sb.append("| ").append(r.subject().noun()).append(" | baseline | now | verdict |\n| --- | ---: | ---: | --- |\n");
        for (RouteVerdict v : r.routes()) {
            sb.append("| `").append(md(v.route())).append("` | ").append(v.before() < 0 ? "-" : v.before()).append(" | ")
                    .append(v.after() < 0 ? "-" : v.after()).append(" | ")
                    .append(v.failed() ? "**" + v.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "**"
                            : v.outcome().name().toLowerCase(Locale.ROOT)).append(" |\n");
        }
        List<RouteVerdict> failed = r.routes().stream().filter(RouteVerdict::failed).toList();
        if (!failed.isEmpty()) {
            sb.append("\n");
            failed.forEach(v -> sb.append("- ").append(md(v.message())).append('\n'));
        }
        if (!r.allowances().isEmpty()) {
            sb.append("\nAllowances in force:\n");
            r.allowances().forEach(a -> sb.append("- ").append(md(a)).append('\n'));
        }
        sb.append("\n").append(md(summary(r, baseline))).append('\n');
        return sb.toString();
    }

    static String github(GateResult r, String baseline) {
        StringBuilder sb = new StringBuilder();
        for (RouteVerdict v : r.routes()) {
            if (v.failed()) {
                sb.append("::error file=").append(gh(baseline)).append(",title=").append(gh("query gate: " + v.route()))
                        .append("::").append(ghData(v.message())).append('\n');
            } else if (v.outcome() == GateResult.Outcome.IMPROVED) {
                sb.append("::notice file=").append(gh(baseline)).append(",title=").append(gh("query gate: " + v.route()))
                        .append("::").append(ghData(v.message())).append('\n');
            }
        }
        sb.append(summary(r, baseline)).append('\n');
        return sb.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;");
    }

    /** GitHub workflow command data: %, CR and LF escaped. */
    private static String ghData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** GitHub workflow command properties: also : and , escaped. */
    private static String gh(String s) {
        return ghData(s).replace(":", "%3A").replace(",", "%2C");
    }
}
