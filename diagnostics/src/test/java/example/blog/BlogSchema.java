package example.blog;

import example.support.TestDatabase;

import javax.sql.DataSource;

/**
 * The corpus database: 10 authors, 30 articles (3 each), 0–4 comments per article, 5 tags,
 * 600 events in 3 kinds (200 each).
 */
public final class BlogSchema {
    public static final String SCHEMA = "diag_corpus";
    public static final int AUTHORS = 10;
    public static final int ARTICLES = 30;

    private BlogSchema() {
    }

    public static DataSource create() {
        DataSource ds = TestDatabase.freshSchema(SCHEMA);
        TestDatabase.execute(ds,
                "CREATE TABLE author (id bigint PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE article (id bigint PRIMARY KEY, title text NOT NULL, author_id bigint NOT NULL REFERENCES author)",
                "CREATE TABLE comment (id bigint PRIMARY KEY, body text NOT NULL, article_id bigint NOT NULL REFERENCES article)",
                "CREATE TABLE tag (id bigint PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE article_tag (article_id bigint NOT NULL REFERENCES article, tag_id bigint NOT NULL REFERENCES tag,"
                        + " PRIMARY KEY (article_id, tag_id))",
                "CREATE TABLE event (id bigint PRIMARY KEY, kind text NOT NULL, payload text NOT NULL)",
                "CREATE TABLE note (id bigint PRIMARY KEY, text text NOT NULL)",
                "CREATE TABLE setting (key text PRIMARY KEY, value text NOT NULL)",
                "CREATE SEQUENCE note_seq",
                "INSERT INTO author SELECT g, 'author ' || g FROM generate_series(1, 10) g",
                "INSERT INTO article SELECT g, 'article ' || g, (g - 1) / 3 + 1 FROM generate_series(1, 30) g",
                "INSERT INTO comment SELECT row_number() OVER (), 'comment', a FROM generate_series(1, 30) a,"
                        + " generate_series(1, 4) c WHERE c <= a % 5",
                "INSERT INTO tag SELECT g, 'tag ' || g FROM generate_series(1, 5) g",
                "INSERT INTO article_tag SELECT a, t FROM generate_series(1, 30) a, generate_series(1, 5) t WHERE (a + t) % 3 = 0",
                "INSERT INTO event SELECT g, (ARRAY['click','view','buy'])[g % 3 + 1], 'p' FROM generate_series(1, 600) g",
                "INSERT INTO setting VALUES ('site.title', 'scalelab blog'), ('feed.size', '30')");
        return ds;
    }
}
