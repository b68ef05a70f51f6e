package dev.scalelab.app.web;

import dev.scalelab.app.CacheMode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * How a GET page is produced: the story's caching rungs, side by side. Every implementation that consults a cache
 * marks the response {@code X-Cache: HIT} or {@code MISS}. Where the pages live is the {@link PageStore}'s business:
 * in this process, or in a memcached shared by every app instance.
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

    final PageStore store;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile long hitsBaseline;
    private volatile long missesBaseline;

    PageCache(PageStore store) {
        this.store = store;
    }

    static PageCache of(CacheMode mode, PageStore store) {
        return switch (mode) {
            case NONE -> new None(store);
            case PAGE_BY_COOKIE -> new ByCookie(store);
            case PAGE_SHARED -> new Shared(store);
            case FRAGMENT -> new Fragment(store);
        };
    }

    abstract String serve(Context ctx, Body body, Layout layout);

    /** Drops what was cached for a path, e.g. after a comment changed the article page. */
    void invalidate(String path) {
        store.invalidate(path);
    }

    /** Starts counting lookups afresh (after a warm-up); the cached pages stay. */
    void resetStats() {
        hitsBaseline = hits.sum();
        missesBaseline = misses.sum();
    }

    /** Lookups, hits and misses of this app instance since start or the last reset, for the diagnostics endpoint. */
    Map<String, Object> stats() {
        long h = hits.sum() - hitsBaseline;
        long m = misses.sum() - missesBaseline;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", getClass().getSimpleName());
        out.put("lookups", h + m);
        out.put("hits", h);
        out.put("misses", m);
        out.putAll(store.stats());
        return out;
    }

    static String key(Context ctx) {
        String q = ctx.queryString();
        return q == null || q.isEmpty() ? ctx.path() : ctx.path() + "?" + q;
    }

    String lookup(Context ctx, String key, Supplier<String> render) {
        return lookup(ctx, key, render, true);
    }

    String lookup(Context ctx, String key, Supplier<String> render, boolean store) {
        String hit = this.store.get(ctx.path(), key);
        if (hit != null) {
            hits.increment();
            ctx.header(X_CACHE, "HIT");
            return hit;
        }
        misses.increment();
        ctx.header(X_CACHE, "MISS");
        String fresh = render.get();
        if (store) {
            this.store.put(ctx.path(), key, fresh);
        }
        return fresh;
    }

    /** No cache: every page is rendered for every request. */
    static final class None extends PageCache {
        None(PageStore store) {
            super(store);
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
        ByCookie(PageStore store) {
            super(store);
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
        Shared(PageStore store) {
            super(store);
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
        Fragment(PageStore store) {
            super(store);
        }

        @Override
        String serve(Context ctx, Body body, Layout layout) {
            return layout.wrap(lookup(ctx, key(ctx), body));
        }
    }
}
