package dev.scalelab.app.tasks;

import dev.scalelab.app.feed.Views.PostedComment;
import java.sql.Connection;
import java.util.Map;

/**
 * The slow side work of posting a comment: telling the article's followers. The seam of the story's task-queue
 * rung: {@link InlineNotifier} does it in the request; {@link QueuedNotifier} hands it to a worker process.
 */
public interface Notifier extends AutoCloseable {

    /** Inside the comment's database transaction, on its connection: what must commit or roll back with it. */
    default void withinTransaction(PostedComment comment, Connection transaction) {
    }

    /** After the comment committed, still in the request. */
    default void afterCommit(PostedComment comment) {
    }

    /** Notifications sent by this process so far (a queued notifier sends none itself). */
    long sent();

    /** State for the diagnostics endpoint. */
    Map<String, Object> stats();

    @Override
    void close();
}
