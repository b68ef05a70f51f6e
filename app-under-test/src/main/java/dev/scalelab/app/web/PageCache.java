package dev.scalelab.app.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.scalelab.app.CacheMode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How a GET page is produced: the story's caching rungs, side by side. Every implementation that consults a cache
 * marks the response {@code X-Cache: HIT} or {@code MISS}.
 */
abstract sealed class PageCache permits PageCache.None, PageCache.ByCookie, PageCache.Shared, PageCache.Fragment {

    static final String X_CACHE = "X-Cache";

    /** Renders the part of a page that is the same for everybody (the expensive, database-heavy part). */
    interface Body extends Supplier<String> {
    }

    /** Wraps a body in the layout: the personal header and the render time. */
    interface Layout {
        String wrap(String body);
    }

    final Cache<String, String> cache;
    private volatile com.github.benmanes.caffeine.cache.stats.CacheStats baseline =
            com.github.benmanes.caffeine.cache.stats.CacheStats.empty();

    PageCache(Duration ttl) {
        this.cache = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(ttl).recordStats().build();
    }

    static PageCache of(CacheMode mode, Duration ttl) {
        return switch (mode) {
            case NONE -> new None(ttl);
            case PAGE_BY_COOKIE -> new ByCookie(ttl);
            case PAGE_SHARED -> new Shared(ttl);
            case FRAGMENT -> new Fragment(ttl);
        };
    }

    abstract String serve(Context ctx, Body body, Layout layout);

    /** Drops what was cached for a path, e.g. after a comment changed the article page. */
    void invalidate(String path) {
        cache.asMap().keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "\n"));
    }

    /** Starts counting lookups afresh (after a warm-up); the cached pages stay. */
    void resetStats() {
        baseline = cache.stats();
    }

    /** Lookups, hits and misses since start or the last reset, for the diagnostics endpoint. */
    Map<String, Object> stats() {
        var s = cache.stats().minus(baseline);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", getClass().getSimpleName());
        m.put("lookups", s.requestCount());
        m.put("hits", s.hitCount());
        m.put("misses", s.missCount());
        m.put("entries", cache.estimatedSize());
        return m;
    }

    static String key(Context ctx) {
        String q = ctx.queryString();
        return q == null || q.isEmpty() ? ctx.path() : ctx.path() + "?" + q;
    }

    String lookup(Context ctx, String key, Supplier<String> render) {
        return lookup(ctx, key, render, true);
    }

    String lookup(Context ctx, String key, Supplier<String> render, boolean store) {
        String hit = cache.getIfPresent(key);
        if (hit != null) {
            ctx.header(X_CACHE, "HIT");
            return hit;
        }
        ctx.header(X_CACHE, "MISS");
        String fresh = render.get();
        if (store) {
            cache.put(key, fresh);
        }
        return fresh;
    }

    /** No cache: every page is rendered for every request. */
    static final class None extends PageCache {
        None(Duration ttl) {
            super(ttl);
        }

        @Override
        String serve(Context ctx, Body body, Layout layout) {
            return layout.wrap(body.get());
        }
    }

    /**
     * Rung "the cache never hits": whole pages keyed by path and Cookie header, the way a proxy cache honours
     * {@code Vary: Cookie}. Every response also sets a fresh tracking cookie, so the next request's Cookie header
     * (and key) is new again: the story's "the generation time always changes". Like Django's cache middleware, a
     * response that sets a cookie for a request that came without cookies is not stored, since it would hand that
     * cookie to the next cookie-less visitor.
     */
    static final class ByCookie extends PageCache {
        ByCookie(Duration ttl) {
            super(ttl);
        }

        @Override
        String serve(Context ctx, Body body, Layout layout) {
            String cookies = ctx.header("Cookie");
            boolean hasCookies = cookies != null && !cookies.isBlank();
            String html = lookup(ctx, key(ctx) + "\n" + (hasCookies ? cookies : ""),
                    () -> layout.wrap(body.get()), hasCookies);
            ctx.header("Vary", "Cookie");
            ctx.cookie("tracking", UUID.randomUUID().toString());
            return html;
        }
    }

    /**
     * Rung "every user is Gina Caputo": the cookies are ignored and whole pages are keyed by path only. It hits, and
     * the first visitor's personal header is served to everybody. A deliberate bug: the identity probe must see it.
     */
    static final class Shared extends PageCache {
        Shared(Duration ttl) {
            super(ttl);
        }

        @Override
        String serve(Context ctx, Body body, Layout layout) {
            return lookup(ctx, key(ctx), () -> layout.wrap(body.get()));
        }
    }

    /**
     * Rung "fixed properly": only the shared, expensive part is cached; the personal header is rendered for each
     * request around it. It hits and leaks nothing.
     */
    static final class Fragment extends PageCache {
        Fragment(Duration ttl) {
            super(ttl);
        }

        @Override
        String serve(Context ctx, Body body, Layout layout) {
            return layout.wrap(lookup(ctx, key(ctx), body));
        }
    }
}
