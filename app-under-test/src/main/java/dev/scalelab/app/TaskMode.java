package dev.scalelab.app;

/** Where the slow side work of posting a comment (notifying followers) runs: the story's task-queue rung. */
public enum TaskMode implements Switch {
    /** In the request: the POST answers only after every follower was notified. */
    INLINE("inline"),
    /**
     * On a durable queue in the database (JobRunr): the POST enqueues one job and answers at once; a worker process
     * ({@code --role worker}) does the work, with retries and a visible failed state.
     */
    QUEUE("queue");

    private final String label;

    TaskMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
