package dev.scalelab.app.tasks;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Works a {@link NotifyFollowers} job in the worker: the same mail and third-party call the inline rung makes. */
public final class NotifyFollowersHandler implements JobRequestHandler<NotifyFollowers> {
    private final FollowerMail mail;

    public NotifyFollowersHandler(FollowerMail mail) {
        this.mail = mail;
    }

    @Override
    public void run(NotifyFollowers job) {
        mail.deliver(job.articleId(), job.commentId(), job.articleTitle(), job.followerEmails());
    }
}
