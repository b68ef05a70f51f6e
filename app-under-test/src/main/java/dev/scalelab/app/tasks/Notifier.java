package dev.scalelab.app.tasks;

import dev.scalelab.app.feed.Views.PostedComment;

/**
 * The slow side work of posting a comment: telling the article's followers. The seam of the story's task-queue
 * rung: {@link InlineNotifier} does it in the request; a queued implementation hands it to a worker process.
 */
public interface Notifier extends AutoCloseable {

    void commentPosted(PostedComment comment);

    /** Notifications sent so far. */
    long sent();

    @Override
    void close();
}
