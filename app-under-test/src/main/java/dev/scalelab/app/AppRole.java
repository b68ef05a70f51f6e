package dev.scalelab.app;

/** What one process of the reference app does: serve the site, or work the task queue. */
public enum AppRole implements Switch {
    /** The web site (with {@code --tasks queue} it only enqueues the side work). */
    WEB("web"),
    /** The task-queue worker: no HTTP site, only the job server working the queue in the app's database. */
    WORKER("worker");

    private final String label;

    AppRole(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
