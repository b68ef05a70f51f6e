package dev.scalelab.app.tasks;

import dev.scalelab.app.feed.Views.PostedComment;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rung "move slow side work to a task queue": the POST stores one durable job with the comment and answers at once;
 * a worker process sends the e-mails, retrying failures. The POST is fast, the work is not: enqueue-to-done
 * latency is measured separately ({@link TaskStats}).
 */
public final class QueuedNotifier implements Notifier {
    private final TaskQueue queue;
    private final AtomicLong enqueued = new AtomicLong();

    public QueuedNotifier(TaskQueue queue) {
        this.queue = queue;
    }

    /** The job is written in the comment's own transaction (a transactional outbox): both or neither are stored. */
    @Override
    public void withinTransaction(PostedComment c, Connection transaction) {
        queue.enqueue("Notify the followers of article " + c.articleId() + " (comment " + c.commentId() + ")",
                NotifyFollowers.of(c), transaction);
    }

    /** Counted once the job is stored: a rolled-back comment's job never was. */
    @Override
    public void afterCommit(PostedComment c) {
        enqueued.incrementAndGet();
    }

    @Override
    public long sent() {
        return 0;
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "queue");
        m.put("jobsEnqueued", enqueued.get());
        return m;
    }

    @Override
    public void close() {
        // the queue is closed by its owner
    }
}
