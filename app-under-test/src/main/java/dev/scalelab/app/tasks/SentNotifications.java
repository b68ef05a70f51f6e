package dev.scalelab.app.tasks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code notification_sent} table: which followers have had their e-mail about a comment. Each recording is a
 * statement of its own (autocommit), so what was recorded survives a job that fails later.
 */
final class SentNotifications {
    private final DataSource ds;

    SentNotifications(DataSource ds) {
        this.ds = ds;
    }

    /** {@code followers} without those already recorded for {@code commentId}, in their order. */
    List<String> notYetSent(long commentId, List<String> followers) {
        Set<String> sent = new HashSet<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select email from notification_sent where comment_id = ?")) {
            ps.setLong(1, commentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sent.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading which followers of comment " + commentId
                    + " were already notified failed: " + e.getMessage() + "; no mail was sent, the job will be retried",
                    e);
        }
        return followers.stream().filter(f -> !sent.contains(f)).toList();
    }

    /** Records that {@code email} got its mail about {@code commentId}; recording it twice is harmless. */
    void record(long commentId, String email) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into notification_sent (comment_id, email) values (?, ?) on conflict do nothing")) {
            ps.setLong(1, commentId);
            ps.setString(2, email);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the mail to " + email + " about comment " + commentId
                    + " was sent but recording it failed: " + e.getMessage()
                    + "; the job will be retried and that follower mailed again", e);
        }
    }
}
