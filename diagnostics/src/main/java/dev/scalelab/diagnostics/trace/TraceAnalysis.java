package dev.scalelab.diagnostics.trace;

import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.internal.Json;

import java.util.List;
import java.util.Objects;

/**
 * The result of analysing a trace file.
 *
 * @param findings       distinct findings (per kind, unit name, fingerprint and call site, the one
 *                       with the largest count), largest first
 * @param units          units of work in the trace
 * @param statements     statement lines analysed
 * @param malformedLines one message per skipped line: {@code "line 7: expected ',' or '}' at column 40, found end of line"}
 */
public record TraceAnalysis(List<TraceFinding> findings, int units, long statements, List<String> malformedLines) {

    /**
     * A finding and in how many units it occurred.
     *
     * @param finding the occurrence with the largest count
     * @param units   units of the same name with this finding
     */
    public record TraceFinding(Finding finding, int units) {
        public TraceFinding {
            Objects.requireNonNull(finding, "finding");
        }
    }

    public TraceAnalysis {
        findings = List.copyOf(findings);
        malformedLines = List.copyOf(malformedLines);
    }

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    /**
     * {@code {"findings":[{"kind","unit","fingerprint","count","callSite","units","totalMicros",
     * "hint","example","stack"}],"units":n,"statements":n,"malformedLines":[…]}}.
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"findings\":[");
        for (int i = 0; i < findings.size(); i++) {
            TraceFinding tf = findings.get(i);
            Finding f = tf.finding();
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"kind\":\"").append(f.kind()).append('"');
            b.append(",\"unit\":");
            Json.quote(b, f.unit());
            b.append(",\"fingerprint\":");
            Json.quote(b, f.fingerprint());
            b.append(",\"count\":").append(f.count());
            b.append(",\"callSite\":");
            Json.quote(b, f.callSite());
            b.append(",\"units\":").append(tf.units());
            b.append(",\"totalMicros\":").append(f.totalMicros());
            b.append(",\"hint\":");
            Json.quote(b, f.hint());
            b.append(",\"example\":");
            Json.quote(b, f.example());
            b.append(",\"stack\":[");
            for (int j = 0; j < f.stack().size(); j++) {
                if (j > 0) {
                    b.append(',');
                }
                Json.quote(b, f.stack().get(j));
            }
            b.append("],\"sites\":[");
            for (int j = 0; j < f.sites().size(); j++) {
                b.append(j > 0 ? ",{\"callSite\":" : "{\"callSite\":");
                Json.quote(b, f.sites().get(j).callSite());
                b.append(",\"count\":").append(f.sites().get(j).count()).append('}');
            }
            b.append("]}");
        }
        b.append("],\"units\":").append(units);
        b.append(",\"statements\":").append(statements);
        b.append(",\"malformedLines\":[");
        for (int i = 0; i < malformedLines.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Json.quote(b, malformedLines.get(i));
        }
        return b.append("]}").toString();
    }

    /** A human-readable report: one line per finding, then skipped lines. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(statements).append(" statements in ").append(units).append(units == 1 ? " unit" : " units")
                .append("; ").append(findings.size()).append(findings.size() == 1 ? " finding" : " findings")
                .append('\n');
        for (TraceFinding tf : findings) {
            b.append(tf.finding().message());
            if (tf.units() > 1) {
                b.append(" [in ").append(tf.units()).append(" units]");
            }
            b.append('\n');
        }
        for (String m : malformedLines) {
            b.append("skipped ").append(m).append('\n');
        }
        return b.toString();
    }
}
