package dev.scalelab.diagnostics.sql;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers normalized forms by SQL text. Applications run a few hundred distinct texts, so a
 * hit is the common case; the cache is cleared wholesale when it exceeds its bound (texts with
 * inlined literals can be unbounded).
 */
public final class FingerprintCache {
    private final ConcurrentHashMap<String, NormalizedSql> cache = new ConcurrentHashMap<>();
    private final int maxEntries;

    public FingerprintCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: expected >= 1, found " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    public NormalizedSql normalize(String sql) {
        NormalizedSql hit = cache.get(sql);
        if (hit != null) {
            return hit;
        }
        NormalizedSql computed = SqlNormalizer.normalize(sql);
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(sql, computed);
        return computed;
    }
}
