package dev.scalelab.app.tasks;

import dev.scalelab.app.feed.Views.PostedComment;
import java.util.ArrayList;
import java.util.List;
import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * The queued job: tell an article's followers about a new comment. Stored as JSON in the queue table, so it holds
 * plain values only; {@link NotifyFollowersHandler} does the work in the worker process.
 */
public final class NotifyFollowers implements JobRequest {
    private long articleId;
    private long commentId;
    private String articleTitle;
    private ArrayList<String> followerEmails;

    /** For the job's JSON mapping. */
    private NotifyFollowers() {
    }

    public NotifyFollowers(long articleId, long commentId, String articleTitle, List<String> followerEmails) {
        this.articleId = articleId;
        this.commentId = commentId;
        this.articleTitle = articleTitle;
        this.followerEmails = new ArrayList<>(followerEmails);
    }

    static NotifyFollowers of(PostedComment c) {
        return new NotifyFollowers(c.articleId(), c.commentId(), c.articleTitle(), c.followerEmails());
    }

    public long articleId() {
        return articleId;
    }

    public long commentId() {
        return commentId;
    }

    public String articleTitle() {
        return articleTitle;
    }

    public List<String> followerEmails() {
        return List.copyOf(followerEmails);
    }

    @Override
    public Class<NotifyFollowersHandler> getJobRequestHandler() {
        return NotifyFollowersHandler.class;
    }
}
