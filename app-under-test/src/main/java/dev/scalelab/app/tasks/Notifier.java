package dev.scalelab.app.tasks;

import dev.scalelab.app.feed.Views.PostedComment;
import java.util.Map;

/**
 * The slow side work of posting a comment: telling the article's followers. The seam of the story's task-queue
 * rung: {@link InlineNotifier} does it in the request; {@link QueuedNotifier} hands it to a worker process.
 */
public interface Notifier extends AutoCloseable {

    void commentPosted(PostedComment comment);

    /** Notifications sent by this process so far (a queued notifier sends none itself). */
    long sent();

    /** State for the diagnostics endpoint. */
    Map<String, Object> stats();

    @Override
    void close();
}
