package dev.scalelab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.app.data.Seeder;
import dev.scalelab.app.db.Database;
import dev.scalelab.app.tasks.FollowerMail;
import dev.scalelab.app.tasks.NotifyFollowers;
import dev.scalelab.app.tasks.NotifyFollowersHandler;
import dev.scalelab.app.tasks.SmtpClient;
import dev.scalelab.app.tasks.SmtpSink;
import dev.scalelab.app.tasks.TaskQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jobrunr.server.JobActivator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A retried notification job mails each follower once: the worker records every mail in {@code notification_sent}
 * and a retry skips the followers recorded. Mails are counted where they arrive, at the SMTP sink; the transient
 * failure is the sink's greylisting (the first attempt for an address is turned away, the retry passes).
 */
class FollowerMailOnceTest {

    static final List<String> FOLLOWERS = List.of("ada@scalelab.test", "bob@scalelab.test",
            "late@" + SmtpSink.GREYLISTING_DOMAIN, "cyd@scalelab.test");
    /** Comment ids of this run: far above the seeded ones and different on every run of the shared database. */
    static final AtomicLong COMMENT_IDS = new AtomicLong(System.currentTimeMillis() * 100);

    static Database database;
    SmtpSink sink;
    TaskQueue queue;
    NotifyFollowersHandler handler;

    @BeforeAll
    static void database() throws Exception {
        database = Database.open(TestDatabases.dedicated("scalelab_mail_once_it"), line -> { });
        database.migrate();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void worker() throws Exception {
        sink = SmtpSink.start();
        queue = TaskQueue.open(database, 4, UnaryOperator.identity());
        handler = new NotifyFollowersHandler(new FollowerMail(new SmtpClient(sink.address()), Duration.ZERO),
                queue.dataSource());
    }

    @AfterEach
    void stop() {
        queue.close();
        sink.close();
    }

    @Test
    void a_job_that_fails_midway_is_retried_and_mails_every_follower_exactly_once() throws Exception {
        long comment = COMMENT_IDS.incrementAndGet();
        Instant from = Instant.now();
        queue.startWorker("mail-once-worker", 1, 2, activator(handler), line -> { });
        queue.enqueue("greylisted notification", new NotifyFollowers(1, comment, "An article", FOLLOWERS));

        int attempts = await(() -> attemptsOfSuccess(from), Duration.ofSeconds(60));

        assertThat(attempts).as("the first attempt is turned away at the greylisted follower").isEqualTo(2);
        assertThat(sink.delivered()).as("mails received by the SMTP server").isEqualTo(FOLLOWERS.size());
        assertThat(recorded(comment)).containsExactlyInAnyOrderElementsOf(FOLLOWERS);
    }

    @Test
    void a_failed_run_records_the_followers_mailed_before_the_failure() throws Exception {
        long comment = COMMENT_IDS.incrementAndGet();
        NotifyFollowers job = new NotifyFollowers(1, comment, "An article", FOLLOWERS);

        assertThatThrownBy(() -> handler.run(job)).hasMessageContaining("451 greylisted");
        assertThat(recorded(comment)).containsExactly("ada@scalelab.test", "bob@scalelab.test");
        assertThat(sink.delivered()).isEqualTo(2);

        handler.run(job);
        assertThat(sink.delivered()).isEqualTo(FOLLOWERS.size());
    }

    @Test
    void a_job_run_again_after_it_succeeded_mails_nobody() throws Exception {
        long comment = COMMENT_IDS.incrementAndGet();
        NotifyFollowers job = new NotifyFollowers(1, comment, "An article",
                List.of("ada@scalelab.test", "bob@scalelab.test"));
        handler.run(job);
        handler.run(job);
        assertThat(sink.delivered()).isEqualTo(2);
    }

    @Test
    void the_same_follower_is_mailed_again_about_another_comment() throws Exception {
        List<String> one = List.of("ada@scalelab.test");
        handler.run(new NotifyFollowers(1, COMMENT_IDS.incrementAndGet(), "An article", one));
        handler.run(new NotifyFollowers(1, COMMENT_IDS.incrementAndGet(), "An article", one));
        assertThat(sink.delivered()).isEqualTo(2);
    }

    @Test
    void resetting_the_workload_data_forgets_the_mails_sent() throws Exception {
        long comment = COMMENT_IDS.incrementAndGet();
        handler.run(new NotifyFollowers(1, comment, "An article", List.of("ada@scalelab.test")));
        assertThat(recorded(comment)).hasSize(1);
        try (Connection c = database.connect()) {
            Seeder.removeWorkloadData(c);
        }
        assertThat(recorded(comment)).isEmpty();
    }

    private static List<String> recorded(long comment) throws Exception {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "select email from notification_sent where comment_id = ? order by sent_at, email")) {
            ps.setLong(1, comment);
            List<String> emails = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    emails.add(rs.getString(1));
                }
            }
            return emails;
        }
    }

    /** Attempts of the job enqueued since {@code from} that succeeded; null while none has. */
    private static Integer attemptsOfSuccess(Instant from) throws Exception {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "select attempts from task_outcome where enqueued_at >= ? and job_name = 'greylisted notification'")) {
            ps.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private static JobActivator activator(NotifyFollowersHandler handler) {
        return new JobActivator() {
            @Override
            public <T> T activateJob(Class<T> type) {
                return type.isInstance(handler) ? type.cast(handler) : null;
            }
        };
    }

    private static <T> T await(Callable<T> probe, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.call();
        while (last == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no successful job after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(250);
            last = probe.call();
        }
        return last;
    }
}
