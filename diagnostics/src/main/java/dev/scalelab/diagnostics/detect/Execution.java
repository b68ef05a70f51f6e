package dev.scalelab.diagnostics.detect;

import java.util.List;
import java.util.Objects;

/**
 * One statement execution (one round trip), as the detector sees it.
 *
 * @param sql            the SQL text as sent
 * @param params         bound parameter values in order; {@code null} when unknown (redacted trace)
 * @param paramsHash     a stable hash of the parameter values when the values themselves are
 *                       redacted; {@code null} when unknown
 * @param batchSize      0 for a single execution, n > 0 for one JDBC batch of n parameter sets
 * @param durationMicros time in the database
 * @param rows           rows the application read from the result, -1 when unknown
 * @param stack          where it came from, never null ({@link CallStack#NONE})
 * @param thread         thread name, may be empty
 */
public record Execution(String sql, List<Object> params, Long paramsHash, int batchSize, long durationMicros,
                        int rows, CallStack stack, String thread) {
    public Execution {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(thread, "thread");
        if (params != null) {
            params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
        }
    }
}
