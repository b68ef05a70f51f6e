package example.blog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The corpus's plain-JDBC application code: small repository methods and the loops that call them. */
public final class JdbcBlog {
    private final Connection c;

    public JdbcBlog(Connection c) {
        this.c = c;
    }

    // ---------------------------------------------------------------- repository methods

    public String authorName(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from author where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public List<Long> articleAuthorIds() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select author_id from article order by id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    public int commentCount(long articleId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select body from comment where article_id = ?")) {
            ps.setLong(1, articleId);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    public List<String> authorNamesIn(List<Long> ids) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("select name from author where id in (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            return names(ps);
        }
    }

    public List<String> authorNamesAny(List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from author where id = any (?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
            return names(ps);
        }
    }

    private static List<String> names(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public String setting(String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select value from setting where key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public String authorNameInlined(long id) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM author WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public String authorNameCommented(long id, String traceparent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select name from author where id = ? /*traceparent='" + traceparent + "'*/")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public String authorNameViaCte(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "WITH a AS (SELECT id, name FROM author) SELECT name FROM a WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public void renameViaCte(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "WITH u AS (UPDATE author SET name = name WHERE id = ? RETURNING id, name) SELECT name FROM u")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    public String authorNameSingleIn(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from author where id in (?)")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public String authorNameViaExecute(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from author where id = ?")) {
            ps.setLong(1, id);
            ps.execute();
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public long eventPage(long afterId, List<Long> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from event where id > ? order by id limit 100")) {
            ps.setLong(1, afterId);
            long last = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    sink.add(last);
                }
            }
            return last;
        }
    }

    public int eventPageByOffset(int offset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from event order by id limit 150 offset ?")) {
            ps.setInt(1, offset);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    public int eventsOfKind(String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id, payload from event where kind = ?")) {
            ps.setString(1, kind);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    public void insertNote(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into note (id, text) values (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "note " + id);
            ps.executeUpdate();
        }
    }

    public void touchAuthor(long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update author set name = name where id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    public long nextNoteId() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select nextval('note_seq')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- the access patterns

    /** Classic N+1: one lookup per article's author. */
    public void authorsOneByOne() throws SQLException {
        for (long authorId = 1; authorId <= BlogSchema.AUTHORS; authorId++) {
            authorName(authorId);
        }
    }

    public void authorsOfArticlesOneByOne() throws SQLException {
        for (long authorId : articleAuthorIds()) {
            authorName(authorId);
        }
    }

    public void lookups(int n) throws SQLException {
        for (long id = 1; id <= n; id++) {
            authorName(id);
        }
    }

    public void authorsInOneInList() throws SQLException {
        authorNamesIn(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
    }

    public void authorsInOneAnyArray() throws SQLException {
        authorNamesAny(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L));
    }

    public void authorsInChunkedInLists() throws SQLException {
        List<Long> all = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        for (int i = 0; i < all.size(); i += 3) {
            authorNamesIn(all.subList(i, Math.min(all.size(), i + 3)));
        }
    }

    public void authorsInChunkedAnyArrays() throws SQLException {
        List<Long> all = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        for (int i = 0; i < all.size(); i += 4) {
            authorNamesAny(all.subList(i, Math.min(all.size(), i + 4)));
        }
    }

    public void authorsInSingleElementInLists() throws SQLException {
        for (long id = 1; id <= 5; id++) {
            authorNameSingleIn(id);
        }
    }

    public void batchInsert() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into note (id, text) values (?, ?)")) {
            for (long id = 1000; id < 1020; id++) {
                ps.setLong(1, id);
                ps.setString(2, "note " + id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void insertLoop() throws SQLException {
        for (long id = 2000; id < 2010; id++) {
            insertNote(id);
        }
    }

    public void updateLoop() throws SQLException {
        for (long id = 1; id <= BlogSchema.AUTHORS; id++) {
            touchAuthor(id);
        }
    }

    public void infrastructureLoop() throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                s.execute("SET LOCAL statement_timeout = " + (1000 + i));
                s.execute("SAVEPOINT sp" + i);
                s.execute("SHOW statement_timeout");
                nextNoteId();
                s.execute("RELEASE SAVEPOINT sp" + i);
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    public void keysetPagination() throws SQLException {
        List<Long> sink = new ArrayList<>();
        long after = 0;
        while ((after = eventPage(after, sink)) >= 0) {
            // next page
        }
    }

    public void offsetPagination() throws SQLException {
        for (int offset = 0; eventPageByOffset(offset) > 0; offset += 150) {
            // next page
        }
    }

    public void bulkLoopOverKinds() throws SQLException {
        for (String kind : List.of("click", "view", "buy")) {
            eventsOfKind(kind);
        }
    }

    public void settingReadThreeTimes() throws SQLException {
        header();
        footer();
        setting("site.title");
    }

    private void header() throws SQLException {
        setting("site.title");
    }

    private void footer() throws SQLException {
        setting("site.title");
    }

    public void settingReadTwice() throws SQLException {
        setting("feed.size");
        setting("feed.size");
    }

    public void twoLoopsOverOneRepositoryMethod() throws SQLException {
        for (long id = 1; id <= 4; id++) {
            authorName(id);
        }
        for (long id = 5; id <= 8; id++) {
            authorName(id);
        }
    }

    public void twoQueriesPerIteration() throws SQLException {
        for (long articleId = 1; articleId <= 6; articleId++) {
            authorName(articleId);
            commentCount(articleId);
        }
    }

    public void commentsPerArticle() throws SQLException {
        for (long articleId = 1; articleId <= BlogSchema.ARTICLES; articleId++) {
            commentCount(articleId);
        }
    }

    public void inlinedLiteralLoop() throws SQLException {
        for (long id = 1; id <= 5; id++) {
            authorNameInlined(id);
        }
    }

    public void inlinedLiteralRepeated() throws SQLException {
        for (int i = 0; i < 3; i++) {
            authorNameInlined(7);
        }
    }

    public void commentedLoop() throws SQLException {
        for (long id = 1; id <= 4; id++) {
            authorNameCommented(id, "00-" + Long.toHexString(System.nanoTime()) + "-0" + id);
        }
    }

    public void cteReadLoop() throws SQLException {
        for (long id = 1; id <= 4; id++) {
            authorNameViaCte(id);
        }
    }

    public void cteWriteLoop() throws SQLException {
        for (long id = 1; id <= 4; id++) {
            renameViaCte(id);
        }
    }

    public void executeThenGetResultSetLoop() throws SQLException {
        for (long id = 1; id <= 4; id++) {
            authorNameViaExecute(id);
        }
    }

    /** Lookups run as tasks on another thread; they count toward the submitting unit. */
    public static void lookupsOnExecutor(javax.sql.DataSource ds, Executor executor) {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            long authorId = id;
            futures.add(CompletableFuture.supplyAsync(() -> lookupInTask(ds, authorId), executor));
        }
        futures.forEach(CompletableFuture::join);
    }

    private static String lookupInTask(javax.sql.DataSource ds, long id) {
        try (Connection conn = ds.getConnection()) {
            return new JdbcBlog(conn).authorName(id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
