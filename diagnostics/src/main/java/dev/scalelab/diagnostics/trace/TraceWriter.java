package dev.scalelab.diagnostics.trace;

import dev.scalelab.diagnostics.detect.Execution;
import dev.scalelab.diagnostics.detect.Params;
import dev.scalelab.diagnostics.internal.Json;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes the trace format of DESIGN.md, one JSON object per line and per statement execution:
 * {@code {"unit":"GET /","unitId":7,"sql":"…","params":[…],"batchSize":0,"stack":[…],"thread":"…",
 * "durationMicros":85,"rows":1}}.
 *
 * <p>Two fields go beyond the minimum format, and readers that do not know them ignore them:
 * {@code unitId} tells apart two executions of the same route (detection works per unit, not per
 * route), and {@code paramsHash} replaces {@code params} when parameter values are redacted, so a
 * redacted trace still tells identical parameters (DUPLICATE) from differing ones (N+1).
 * {@code rows} is omitted when unknown.
 *
 * <p>Lines of one unit are written together when the unit closes (or when a long unit's buffer
 * fills), so they appear in execution order within the unit but units appear in the order they
 * closed. I/O errors never reach the application: the first one is reported on standard error
 * and tracing stops.
 */
public final class TraceWriter implements TraceSink {
    private final Writer out;
    private final boolean includeParameters;
    private final boolean closeWriter;
    private boolean failed;

    public TraceWriter(Writer out, boolean includeParameters, boolean closeWriter) {
        this.out = out;
        this.includeParameters = includeParameters;
        this.closeWriter = closeWriter;
    }

    @Override
    public synchronized void write(String unit, long unitId, List<Execution> executions) {
        if (failed || executions.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder(256 * executions.size());
        for (Execution e : executions) {
            line(line, unit, unitId, e, includeParameters);
            line.append('\n');
        }
        try {
            out.write(line.toString());
            out.flush();
        } catch (IOException ex) {
            failed = true;
            System.err.println("scalelab diagnostics: writing the trace failed (" + ex.getMessage()
                    + "); tracing is off from now on. Check the disk and the file's permissions.");
        }
    }

    /** Appends one trace line (without the newline). */
    public static StringBuilder line(StringBuilder b, String unit, long unitId, Execution e, boolean includeParameters) {
        b.append("{\"unit\":");
        Json.quote(b, unit);
        b.append(",\"unitId\":").append(unitId);
        b.append(",\"sql\":");
        Json.quote(b, e.sql());
        if (e.params() != null && !e.params().isEmpty()) {
            if (includeParameters) {
                b.append(",\"params\":");
                Json.value(b, e.params());
            } else {
                b.append(",\"paramsHash\":\"").append(Long.toHexString(Params.stableHash(e.params()))).append('"');
            }
        } else if (e.params() != null) {
            b.append(",\"params\":[]");
        }
        b.append(",\"batchSize\":").append(e.batchSize());
        List<String> stack = e.stack().traceFrames();
        if (!stack.isEmpty()) {
            b.append(",\"stack\":[");
            for (int i = 0; i < stack.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                Json.quote(b, stack.get(i));
            }
            b.append(']');
        }
        if (!e.thread().isEmpty()) {
            b.append(",\"thread\":");
            Json.quote(b, e.thread());
        }
        b.append(",\"durationMicros\":").append(e.durationMicros());
        if (e.rows() >= 0) {
            b.append(",\"rows\":").append(e.rows());
        }
        return b.append('}');
    }

    @Override
    public synchronized void close() {
        try {
            out.flush();
            if (closeWriter) {
                out.close();
            }
        } catch (IOException ex) {
            System.err.println("scalelab diagnostics: closing the trace failed (" + ex.getMessage() + ")");
        }
    }
}
