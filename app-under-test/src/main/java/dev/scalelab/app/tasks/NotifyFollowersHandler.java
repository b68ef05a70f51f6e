package dev.scalelab.app.tasks;

import javax.sql.DataSource;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * Works a {@link NotifyFollowers} job in the worker: the same mail and third-party call the inline rung makes, but
 * safe to retry. JobRunr runs a failed job again from the start; a job that failed at the fifth follower would mail
 * the first four again. So each follower is recorded in {@code notification_sent} right after the mail server
 * accepted their mail, and a run skips the followers already recorded for the comment: a retry mails only those
 * not reached before.
 *
 * <p>Delivery is at least once, not exactly once: the mail and the record are not one transaction (an SMTP server
 * takes no part in ours). When the worker dies, or the database fails, between a follower's mail and its record,
 * the retry mails that follower again: at most one duplicate per follower and interruption. Recording before
 * sending would turn this into at most once, losing the mail instead. The third-party call at the end is made by
 * every run that gets that far.
 */
public final class NotifyFollowersHandler implements JobRequestHandler<NotifyFollowers> {
    private final FollowerMail mail;
    private final SentNotifications sent;

    /** {@code ds}: the app's database, holding {@code notification_sent}. */
    public NotifyFollowersHandler(FollowerMail mail, DataSource ds) {
        this.mail = mail;
        this.sent = new SentNotifications(ds);
    }

    @Override
    public void run(NotifyFollowers job) {
        long commentId = job.commentId();
        mail.deliver(job.articleId(), commentId, job.articleTitle(), sent.notYetSent(commentId, job.followerEmails()),
                to -> sent.record(commentId, to));
    }
}
