package dev.scalelab.app;

/** How the pages load associations: the story's first rung. */
public enum FetchMode implements Switch {
    /** Lazy associations touched in a loop: one statement per article, author, tag list and comment (N+1). */
    LAZY("lazy"),
    /** JOIN FETCH and set-based loads: a small constant number of statements per page. */
    EAGER("eager");

    private final String label;

    FetchMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
