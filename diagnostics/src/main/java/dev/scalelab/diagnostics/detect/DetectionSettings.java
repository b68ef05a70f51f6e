package dev.scalelab.diagnostics.detect;

/**
 * @param threshold          N+1: minimum executions of one read from one call stack (>= 2)
 * @param manyRows           a loop whose every execution read at least this many rows is bulk
 *                           processing, not N+1 (>= 2)
 * @param includeParameters  whether finding examples show parameter and literal values
 * @param maxDistinctParams  parameter sets remembered per unit for duplicate detection; past it,
 *                           duplicates of new parameter sets go unnoticed (memory stays bounded)
 * @param maxGroups          (fingerprint, call stack) groups kept per unit; past it, statements are
 *                           counted but not analysed
 */
public record DetectionSettings(int threshold, int manyRows, boolean includeParameters, int maxDistinctParams,
                                int maxGroups) {
    public static final int DEFAULT_THRESHOLD = 3;
    public static final int DEFAULT_MANY_ROWS = 20;

    public DetectionSettings {
        if (threshold < 2) {
            throw new IllegalArgumentException("threshold: expected >= 2 (one execution is never a loop), found "
                    + threshold);
        }
        if (manyRows < 2) {
            throw new IllegalArgumentException("manyRows: expected >= 2, found " + manyRows);
        }
        if (maxDistinctParams < 1 || maxGroups < 1) {
            throw new IllegalArgumentException("maxDistinctParams and maxGroups: expected >= 1, found "
                    + maxDistinctParams + " and " + maxGroups);
        }
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(DEFAULT_THRESHOLD, DEFAULT_MANY_ROWS, false, 4096, 10_000);
    }

    public DetectionSettings withThreshold(int n) {
        return new DetectionSettings(n, manyRows, includeParameters, maxDistinctParams, maxGroups);
    }

    public DetectionSettings withIncludeParameters(boolean include) {
        return new DetectionSettings(threshold, manyRows, include, maxDistinctParams, maxGroups);
    }
}
