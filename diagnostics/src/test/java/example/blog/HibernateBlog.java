package example.blog;

import jakarta.persistence.EntityGraph;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

import javax.sql.DataSource;
import java.util.List;

/** The corpus's Hibernate application code. */
public final class HibernateBlog {
    private final Session session;

    public HibernateBlog(Session session) {
        this.session = session;
    }

    /** A session factory over {@code ds}; {@code batchFetchSize > 0} turns on batch fetching. */
    public static SessionFactory sessionFactory(DataSource ds, int batchFetchSize, int jdbcBatchSize) {
        Configuration cfg = new Configuration()
                .addAnnotatedClass(Author.class)
                .addAnnotatedClass(Article.class)
                .addAnnotatedClass(Comment.class)
                .addAnnotatedClass(Tag.class)
                .addAnnotatedClass(Note.class);
        cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds);
        cfg.setProperty(AvailableSettings.DEFAULT_SCHEMA, BlogSchema.SCHEMA);
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
        cfg.setProperty("hibernate.temp.use_jdbc_metadata_defaults", "true");
        if (batchFetchSize > 0) {
            cfg.setProperty(AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, Integer.toString(batchFetchSize));
        }
        if (jdbcBatchSize > 0) {
            cfg.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, Integer.toString(jdbcBatchSize));
        }
        return cfg.buildSessionFactory();
    }

    // ---------------------------------------------------------------- queries

    public List<Article> articles() {
        return session.createSelectionQuery("from Article a order by a.id", Article.class).getResultList();
    }

    public List<Article> articlesWithAuthors() {
        return session.createSelectionQuery("from Article a join fetch a.author order by a.id", Article.class)
                .getResultList();
    }

    public List<Article> articlesWithAuthorGraph() {
        EntityGraph<Article> graph = session.createEntityGraph(Article.class);
        graph.addAttributeNodes("author");
        return session.createSelectionQuery("from Article a order by a.id", Article.class)
                .setEntityGraph(graph, org.hibernate.graph.GraphSemantic.FETCH).getResultList();
    }

    public List<Article> articlesWithComments() {
        return session.createSelectionQuery("select distinct a from Article a left join fetch a.comments order by a.id",
                Article.class).getResultList();
    }

    public List<Article> firstArticles(int n) {
        return session.createSelectionQuery("from Article a order by a.id", Article.class).setMaxResults(n)
                .getResultList();
    }

    public long articleCountBy(long authorId) {
        return session.createSelectionQuery("select count(a) from Article a where a.author.id = :id", Long.class)
                .setParameter("id", authorId).getSingleResult();
    }

    public List<Article> articlePageAfter(long afterId) {
        return session.createSelectionQuery("from Article a where a.id > :after order by a.id", Article.class)
                .setParameter("after", afterId).setMaxResults(10).getResultList();
    }

    // ---------------------------------------------------------------- the access patterns

    /** Lazy many-to-one read in a loop: one author query per distinct author. */
    public int renderFeedLazily() {
        int n = 0;
        for (Article a : articles()) {
            n += a.getAuthor().getName().length();
        }
        return n;
    }

    public int renderFeedLazily(int articles) {
        int n = 0;
        for (Article a : firstArticles(articles)) {
            n += a.getAuthor().getName().length();
        }
        return n;
    }

    public int renderFeedWithJoinFetch() {
        int n = 0;
        for (Article a : articlesWithAuthors()) {
            n += a.getAuthor().getName().length();
        }
        return n;
    }

    public int renderFeedWithEntityGraph() {
        int n = 0;
        for (Article a : articlesWithAuthorGraph()) {
            n += a.getAuthor().getName().length();
        }
        return n;
    }

    public int countCommentsLazily() {
        int n = 0;
        for (Article a : articles()) {
            n += a.getComments().size();
        }
        return n;
    }

    public int countCommentsWithJoinFetch() {
        int n = 0;
        for (Article a : articlesWithComments()) {
            n += a.getComments().size();
        }
        return n;
    }

    public int countTagsLazily() {
        int n = 0;
        for (Article a : articles()) {
            n += a.getTags().size();
        }
        return n;
    }

    public int renderFeedWithAuthorsAndComments() {
        int n = 0;
        for (Article a : articles()) {
            n += a.getAuthor().getName().length();
            n += a.getComments().size();
        }
        return n;
    }

    public int findArticlesOneByOne() {
        int n = 0;
        for (long id = 1; id <= 8; id++) {
            n += session.find(Article.class, id).getTitle().length();
        }
        return n;
    }

    public int findSameArticleTwice() {
        return session.find(Article.class, 3L).getTitle().length() + session.find(Article.class, 3L).getTitle().length();
    }

    public int findAuthorsAtOnce() {
        return session.findMultiple(Author.class, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)).size();
    }

    public long countArticlesOfAuthorTwice() {
        return sidebar() + articleCountBy(2);
    }

    private long sidebar() {
        return articleCountBy(2);
    }

    public void persistNotes(int n) {
        session.getTransaction().begin();
        for (int i = 0; i < n; i++) {
            session.persist(new Note("note " + i));
        }
        session.getTransaction().commit();
    }

    public int pageThroughArticles() {
        int n = 0;
        long after = 0;
        List<Article> page;
        while (!(page = articlePageAfter(after)).isEmpty()) {
            n += page.size();
            after = page.get(page.size() - 1).getId();
        }
        return n;
    }

    public int articleById(long id) {
        return session.find(Article.class, id).getTitle().length();
    }
}
