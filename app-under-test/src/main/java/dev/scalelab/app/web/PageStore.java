package dev.scalelab.app.web;

import java.util.Map;

/**
 * Where cached pages (or fragments) live. {@code path} is the request path the entry belongs to, {@code key} the full
 * cache key (path, query, maybe cookies); invalidating a path drops every entry of that path, in every app instance
 * that shares the store.
 */
interface PageStore extends AutoCloseable {

    /** The cached value, or null. A store that cannot answer counts as a miss. */
    String get(String path, String key);

    void put(String path, String key, String value);

    void invalidate(String path);

    /** Store-specific state for the diagnostics endpoint (entries, server statistics). */
    Map<String, Object> stats();

    @Override
    void close();
}
