package dev.scalelab.app.tasks;

import dev.scalelab.app.feed.Views.PostedComment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rung "slow side work in the request": one e-mail per follower over SMTP (real network I/O), then a call to a
 * third-party service with a configurable latency, all before the POST answers.
 */
public final class InlineNotifier implements Notifier {
    private final SmtpClient smtp;
    private final Duration thirdPartyLatency;
    private final AtomicLong sent = new AtomicLong();

    public InlineNotifier(SmtpClient smtp, Duration thirdPartyLatency) {
        this.smtp = smtp;
        this.thirdPartyLatency = thirdPartyLatency;
    }

    @Override
    public void commentPosted(PostedComment c) {
        for (String to : c.followerEmails()) {
            smtp.send("notifications@scalelab.test", to, "New comment on \"" + c.articleTitle() + "\"",
                    "Someone commented on an article you follow: /articles/" + c.articleId() + "#comment-" + c.commentId());
            sent.incrementAndGet();
        }
        sleep(thirdPartyLatency);
    }

    @Override
    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        // nothing held between requests
    }

    static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
