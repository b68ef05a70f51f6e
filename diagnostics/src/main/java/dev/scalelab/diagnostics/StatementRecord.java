package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.detect.CallStack;
import dev.scalelab.diagnostics.detect.Execution;

import java.util.List;

/** One recorded statement execution; {@code rows} grows while the application reads the result. */
final class StatementRecord {
    final String sql;
    final List<Object> params;
    final int batchSize;
    final long nanos;
    final CallStack stack;
    final String thread;
    /** -1 until a result set is attached; written by the reading thread only. */
    int rows = -1;
    /** The innermost unit the record was added to: the one that writes it to the trace. */
    Unit owner;

    StatementRecord(String sql, List<Object> params, int batchSize, long nanos, CallStack stack, String thread) {
        this.sql = sql;
        this.params = params;
        this.batchSize = batchSize;
        this.nanos = nanos;
        this.stack = stack;
        this.thread = thread;
    }

    Execution toExecution() {
        return new Execution(sql, params, null, batchSize, nanos / 1000, rows, stack, thread);
    }
}
