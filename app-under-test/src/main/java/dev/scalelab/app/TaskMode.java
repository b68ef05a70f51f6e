package dev.scalelab.app;

/** Where the slow side work of posting a comment (notifying followers) runs: the story's task-queue rung. */
public enum TaskMode implements Switch {
    /** In the request: the POST answers only after every follower was notified. */
    INLINE("inline");
    // The queued variant (a durable queue worked by a separate worker process) is the next rung;
    // Notifier is the seam it plugs into.

    private final String label;

    TaskMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
