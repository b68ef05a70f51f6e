package dev.scalelab.app.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pages in this process's memory (Caffeine): fast, but every app instance keeps, and misses, its own copy. */
final class LocalPageStore implements PageStore {
    private final Cache<String, Entry> cache;

    private record Entry(String path, String value) {
    }

    LocalPageStore(Duration ttl) {
        this.cache = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(ttl).build();
    }

    @Override
    public String get(String path, String key) {
        Entry e = cache.getIfPresent(key);
        return e == null ? null : e.value();
    }

    @Override
    public void put(String path, String key, String value) {
        cache.put(key, new Entry(path, value));
    }

    @Override
    public void invalidate(String path) {
        cache.asMap().values().removeIf(e -> e.path().equals(path));
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", "local");
        m.put("entries", cache.estimatedSize());
        return m;
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }
}
