package dev.scalelab.loadtests.probe;

/**
 * What a response says about the server's cache: {@code X-Cache: HIT|MISS} when a cache was
 * consulted, no header when none was.
 */
public enum CacheLookup {
    HIT, MISS, NOT_CONSULTED;

    public static final String X_CACHE = "X-Cache";

    public static CacheLookup of(String xCache) {
        if (xCache != null) {
            String v = xCache.strip();
            if (v.regionMatches(true, 0, "HIT", 0, 3)) {
                return HIT;
            }
            if (v.regionMatches(true, 0, "MISS", 0, 4)) {
                return MISS;
            }
        }
        return NOT_CONSULTED;
    }
}
