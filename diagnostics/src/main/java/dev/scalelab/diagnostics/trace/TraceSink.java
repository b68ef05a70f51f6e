package dev.scalelab.diagnostics.trace;

import dev.scalelab.diagnostics.detect.Execution;

import java.util.List;

/** Where recorded statements go when tracing is on. Not a supported API of its own. */
public interface TraceSink extends AutoCloseable {

    /** Tracing off. */
    TraceSink NONE = new TraceSink() {
        @Override
        public void write(String unit, long unitId, List<Execution> executions) {
        }

        @Override
        public void close() {
        }
    };

    /** Writes the statements of one unit (or a part of a long one), in execution order. */
    void write(String unit, long unitId, List<Execution> executions);

    @Override
    void close();
}
