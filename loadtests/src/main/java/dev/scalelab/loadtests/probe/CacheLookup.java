package dev.scalelab.loadtests.probe;

import java.util.Locale;

/**
 * What a response says about the server's cache: {@code X-Cache: HIT|MISS} when a cache was
 * consulted, nothing when none was. An RFC 9211 {@code Cache-Status} header is read as a
 * fallback ({@code ; hit} is a hit, {@code ; fwd=...} a miss).
 */
public enum CacheLookup {
    HIT, MISS, NOT_CONSULTED;

    public static final String X_CACHE = "X-Cache";
    public static final String CACHE_STATUS = "Cache-Status";

    public static CacheLookup of(String xCache, String cacheStatus) {
        if (xCache != null && !xCache.isBlank()) {
            String v = xCache.trim().toUpperCase(Locale.ROOT);
            if (v.startsWith("HIT")) {
                return HIT;
            }
            if (v.startsWith("MISS")) {
                return MISS;
            }
        }
        if (cacheStatus != null && !cacheStatus.isBlank()) {
            String v = cacheStatus.toLowerCase(Locale.ROOT);
            if (v.matches(".*;\\s*hit\\b.*")) {
                return HIT;
            }
            if (v.contains("fwd=")) {
                return MISS;
            }
        }
        return NOT_CONSULTED;
    }
}
