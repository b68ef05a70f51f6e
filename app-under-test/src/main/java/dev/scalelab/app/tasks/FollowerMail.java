package dev.scalelab.app.tasks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The slow side work itself, wherever it runs: one e-mail per follower over SMTP (real network I/O), then a call to a
 * third-party service with a configurable latency. Throws when a delivery fails, so a queue can retry it.
 */
public final class FollowerMail {
    private final SmtpClient smtp;
    private final Duration thirdPartyLatency;
    private final AtomicLong sent = new AtomicLong();

    public FollowerMail(SmtpClient smtp, Duration thirdPartyLatency) {
        this.smtp = smtp;
        this.thirdPartyLatency = thirdPartyLatency;
    }

    /** Tells every follower about a new comment on an article. */
    public void deliver(long articleId, long commentId, String articleTitle, List<String> followerEmails) {
        deliver(articleId, commentId, articleTitle, followerEmails, to -> { });
    }

    /**
     * Tells every follower about a new comment on an article, in order, calling {@code sentTo} with each address
     * right after the mail server accepted its mail. A failed delivery throws before the following ones are tried.
     */
    public void deliver(long articleId, long commentId, String articleTitle, List<String> followerEmails,
                        Consumer<String> sentTo) {
        for (String to : followerEmails) {
            smtp.send("notifications@scalelab.test", to, "New comment on \"" + articleTitle + "\"",
                    "Someone commented on an article you follow: /articles/" + articleId + "#comment-" + commentId);
            sent.incrementAndGet();
            sentTo.accept(to);
        }
        sleep(thirdPartyLatency);
    }

    /** E-mails sent by this process. */
    public long sent() {
        return sent.get();
    }

    private static void sleep(Duration d) {
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
