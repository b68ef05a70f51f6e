package dev.scalelab.app.tasks;

import dev.scalelab.app.feed.Views.PostedComment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rung "slow side work in the request": every follower's e-mail and the third-party call happen before the POST
 * answers, so the POST is as slow as the slowest mail server. Nothing retries here (a failed mail fails the POST,
 * after the comment committed), so unlike the worker's {@link NotifyFollowersHandler} it records no mails in
 * {@code notification_sent}: it would only add one insert per follower to the request being measured.
 */
public final class InlineNotifier implements Notifier {
    private final FollowerMail mail;

    public InlineNotifier(FollowerMail mail) {
        this.mail = mail;
    }

    @Override
    public void afterCommit(PostedComment c) {
        mail.deliver(c.articleId(), c.commentId(), c.articleTitle(), c.followerEmails());
    }

    @Override
    public long sent() {
        return mail.sent();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", "inline");
        m.put("notificationsSent", mail.sent());
        return m;
    }

    @Override
    public void close() {
        // nothing held between requests
    }
}
