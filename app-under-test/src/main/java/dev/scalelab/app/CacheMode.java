package dev.scalelab.app;

/** Which page cache the app uses: the story's caching rungs. */
public enum CacheMode implements Switch {
    /** Every page is rendered for every request. */
    NONE("none"),
    /** Whole pages keyed by path and Cookie header, while every response sets a fresh tracking cookie: never hits. */
    PAGE_BY_COOKIE("page-by-cookie"),
    /** Whole pages keyed by path only: hits, and serves one user's personal header to everybody (a deliberate bug). */
    PAGE_SHARED("page-shared"),
    /** The shared, expensive part of a page is cached; the personal header is rendered per request: hits, no leak. */
    FRAGMENT("fragment");

    private final String label;

    CacheMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
