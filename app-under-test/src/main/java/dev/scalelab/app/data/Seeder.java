package dev.scalelab.app.data;

import dev.scalelab.app.DatasetSpec;
import dev.scalelab.app.tasks.TaskQueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fills the community tables with a deterministic dataset: the same {@link DatasetSpec} always gives the same rows.
 * The dataset is generated once; later starts find its key in {@code dataset_info} and reuse it. Concurrent
 * starts (several app instances) serialize on an advisory lock.
 */
public final class Seeder {

    /** Timestamps are relative to this instant, not to "now", so every generation is identical. */
    static final Instant EPOCH = Instant.parse("2026-01-01T12:00:00Z");
    private static final long LOCK_KEY = 0x5ca1e1ab;
    private static final int BATCH = 1_000;

    private Seeder() {
    }

    /** Ensures the tables hold {@code spec}'s dataset; returns true when it had to generate it. */
    public static boolean ensure(Connection c, DatasetSpec spec, Consumer<String> log) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_xact_lock(" + LOCK_KEY + ")");
            try (ResultSet rs = st.executeQuery("select spec from dataset_info where id = 1")) {
                if (rs.next() && rs.getString(1).equals(spec.key())) {
                    c.commit();
                    return false;
                }
            }
            log.accept("generating the dataset (" + spec.users() + " users, " + spec.articles() + " articles)...");
            long t0 = System.nanoTime();
            st.execute("truncate notification_sent, article_follower, comment, article_tag, article, tag, app_user, "
                    + "profile, dataset_info");
            generate(c, spec);
            try (PreparedStatement ps = c.prepareStatement("insert into dataset_info (id, spec) values (1, ?)")) {
                ps.setString(1, spec.key());
                ps.executeUpdate();
            }
            c.commit();
            st.execute("analyze");
            log.accept("dataset ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void generate(Connection c, DatasetSpec spec) throws SQLException {
        Random r = new Random(spec.seed());
        try (PreparedStatement profile = c.prepareStatement("insert into profile (id, avatar_url, bio) values (?, ?, ?)");
             PreparedStatement user = c.prepareStatement(
                     "insert into app_user (id, email, name, password_hash, profile_id) values (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= spec.users(); id++) {
                profile.setLong(1, id);
                profile.setString(2, "/avatars/" + (1 + r.nextInt(64)) + ".png");
                profile.setString(3, Names.sentence(r, 6, 14));
                profile.addBatch();
                byte[] salt = new byte[12];
                r.nextBytes(salt);
                user.setLong(1, id);
                user.setString(2, email(id));
                user.setString(3, Names.person(id, r));
                user.setString(4, Passwords.hash(Passwords.SEEDED_PASSWORD, salt));
                user.setLong(5, id);
                user.addBatch();
                if (id % BATCH == 0) {
                    profile.executeBatch();
                    user.executeBatch();
                }
            }
            profile.executeBatch();
            user.executeBatch();
        }
        try (PreparedStatement tag = c.prepareStatement("insert into tag (id, name) values (?, ?)")) {
            for (int i = 0; i < spec.tags(); i++) {
                tag.setLong(1, i + 1);
                tag.setString(2, Names.tag(i));
                tag.addBatch();
            }
            tag.executeBatch();
        }
        try (PreparedStatement article = c.prepareStatement(
                     "insert into article (id, author_id, title, body, published_at) values (?, ?, ?, ?, ?)");
             PreparedStatement articleTag = c.prepareStatement("insert into article_tag (article_id, tag_id) values (?, ?)");
             PreparedStatement comment = c.prepareStatement(
                     "insert into comment (article_id, author_id, body, created_at) values (?, ?, ?, ?)");
             PreparedStatement follower = c.prepareStatement(
                     "insert into article_follower (article_id, user_id) values (?, ?)")) {
            int pending = 0;
            for (long id = 1; id <= spec.articles(); id++) {
                // Later ids are newer: the home page shows the highest ids.
                Instant published = EPOCH.minus((spec.articles() - id) * 37L, ChronoUnit.MINUTES);
                article.setLong(1, id);
                article.setLong(2, 1 + r.nextInt(spec.users()));
                article.setString(3, Names.sentence(r, 4, 9));
                article.setString(4, paragraph(r));
                article.setTimestamp(5, Timestamp.from(published));
                article.addBatch();
                for (long tagId : distinct(r, 1 + r.nextInt(4), spec.tags())) {
                    articleTag.setLong(1, id);
                    articleTag.setLong(2, tagId);
                    articleTag.addBatch();
                }
                int comments = 4 + r.nextInt(spec.maxCommentsPerArticle() - 3);
                for (int k = 0; k < comments; k++) {
                    comment.setLong(1, id);
                    comment.setLong(2, 1 + r.nextInt(spec.users()));
                    comment.setString(3, Names.sentence(r, 5, 20));
                    comment.setTimestamp(4, Timestamp.from(published.plus(5L + k * 11L + r.nextInt(10), ChronoUnit.MINUTES)));
                    comment.addBatch();
                }
                for (long userId : distinct(r, r.nextInt(spec.maxFollowersPerArticle() + 1), spec.users())) {
                    follower.setLong(1, id);
                    follower.setLong(2, userId);
                    follower.addBatch();
                }
                if (++pending == 200) {
                    flush(article, articleTag, comment, follower);
                    pending = 0;
                }
            }
            flush(article, articleTag, comment, follower);
        }
    }

    private static void flush(PreparedStatement... statements) throws SQLException {
        for (PreparedStatement ps : statements) {
            ps.executeBatch();
        }
    }

    /**
     * Removes what load tests added (comments posted by visitors, and the record of the follower e-mails sent about
     * them), so every run and every step of a ladder starts from the same rows. Generated comments are dated within
     * hours of {@link #EPOCH}; posted ones are dated now. Generated comments have no e-mails sent. The task queue is
     * emptied too (its jobs and their recorded outcomes): jobs left by an earlier step or an interrupted run would
     * otherwise be worked during the next step's measurement. Returns how many rows were removed.
     */
    public static int removeWorkloadData(Connection c) throws SQLException {
        int removed;
        try (Statement st = c.createStatement()) {
            removed = st.executeUpdate("delete from notification_sent") + st.executeUpdate("delete from task_outcome");
        }
        removed += TaskQueue.removeAllJobs(c);
        try (PreparedStatement ps = c.prepareStatement("delete from comment where created_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(EPOCH.plus(30, ChronoUnit.DAYS)));
            return removed + ps.executeUpdate();
        }
    }

    public static String email(long userId) {
        return "user" + userId + "@scalelab.test";
    }

    private static String paragraph(Random r) {
        List<String> sentences = new ArrayList<>();
        int n = 3 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sentences.add(Names.sentence(r, 6, 16));
        }
        return String.join(" ", sentences);
    }

    private static Set<Long> distinct(Random r, int count, int bound) {
        Set<Long> s = new LinkedHashSet<>();
        int n = Math.min(count, bound);
        while (s.size() < n) {
            s.add(1L + r.nextInt(bound));
        }
        return s;
    }
}
