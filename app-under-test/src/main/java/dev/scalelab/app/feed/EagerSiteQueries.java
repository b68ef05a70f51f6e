package dev.scalelab.app.feed;

import dev.scalelab.app.feed.Views.ArticleDetail;
import dev.scalelab.app.feed.Views.ArticleSummary;
import dev.scalelab.app.feed.Views.CommentView;
import dev.scalelab.app.feed.Views.Person;
import dev.scalelab.app.feed.Views.PostedComment;
import dev.scalelab.app.feed.Views.UserDetail;
import dev.scalelab.app.model.Article;
import dev.scalelab.app.model.Comment;
import dev.scalelab.app.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Rung 2 of the story, "eager loading": the same views loaded set-wise. Authors and profiles come with the
 * articles (JOIN FETCH), tags for all articles in one statement, the latest comments and counts of all articles
 * in one windowed statement, and their authors in one more. The number of statements does not depend on the page
 * size: four for the home page.
 */
final class EagerSiteQueries implements SiteQueries {

    @Override
    public List<ArticleSummary> feed(Session s, int size) {
        List<Article> articles = s.createSelectionQuery("""
                        from Article a join fetch a.author u join fetch u.profile
                        order by a.publishedAt desc, a.id desc""", Article.class)
                .setMaxResults(size)
                .getResultList();
        if (articles.isEmpty()) {
            return List.of();
        }
        List<Long> ids = articles.stream().map(Article::getId).toList();
        fetchTags(s, ids);
        LatestComments latest = latestComments(s, ids, LATEST_COMMENTS);
        return articles.stream().map(a -> new ArticleSummary(a.getId(), a.getTitle(), ViewMapping.person(a.getAuthor()), ViewMapping.tags(a),
                latest.counts.getOrDefault(a.getId(), 0), latest.byArticle.getOrDefault(a.getId(), List.of()),
                SiteQueries.date(a.getPublishedAt()))).toList();
    }

    @Override
    public Optional<ArticleDetail> article(Session s, long id) {
        List<Article> found = s.createSelectionQuery("""
                        from Article a join fetch a.author u join fetch u.profile left join fetch a.tags
                        where a.id = :id""", Article.class)
                .setParameter("id", id)
                .getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Article a = found.get(0);
        List<CommentView> comments = s.createSelectionQuery("""
                        from Comment c join fetch c.author u join fetch u.profile
                        where c.article.id = :id order by c.createdAt desc, c.id desc""", Comment.class)
                .setParameter("id", id)
                .getResultList().stream().map(ViewMapping::comment).toList();
        long followers = s.createSelectionQuery(
                        "select count(f) from Article a join a.followers f where a.id = :id", Long.class)
                .setParameter("id", id)
                .getSingleResult();
        return Optional.of(new ArticleDetail(a.getId(), a.getTitle(), a.getBody(), ViewMapping.person(a.getAuthor()), ViewMapping.tags(a),
                comments, (int) followers, SiteQueries.date(a.getPublishedAt())));
    }

    @Override
    public Optional<UserDetail> user(Session s, long id) {
        List<User> found = s.createSelectionQuery("from User u join fetch u.profile where u.id = :id", User.class)
                .setParameter("id", id)
                .getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        User u = found.get(0);
        List<Article> articles = s.createSelectionQuery(
                        "from Article a where a.author.id = :id order by a.publishedAt desc, a.id desc", Article.class)
                .setParameter("id", id)
                .setMaxResults(PROFILE_ARTICLES)
                .getResultList();
        List<ArticleSummary> summaries = List.of();
        if (!articles.isEmpty()) {
            List<Long> ids = articles.stream().map(Article::getId).toList();
            fetchTags(s, ids);
            Map<Long, Integer> counts = new HashMap<>();
            s.createSelectionQuery(
                            "select c.article.id, count(c) from Comment c where c.article.id in :ids group by c.article.id",
                            Object[].class)
                    .setParameter("ids", ids)
                    .getResultList()
                    .forEach(row -> counts.put((Long) row[0], ((Long) row[1]).intValue()));
            Person author = ViewMapping.person(u);
            summaries = articles.stream().map(a -> new ArticleSummary(a.getId(), a.getTitle(), author, ViewMapping.tags(a),
                    counts.getOrDefault(a.getId(), 0), List.of(), SiteQueries.date(a.getPublishedAt()))).toList();
        }
        return Optional.of(new UserDetail(ViewMapping.person(u), u.getProfile().getBio(), summaries));
    }

    @Override
    public Optional<PostedComment> addComment(Session s, long articleId, long authorId, String body, Instant now) {
        List<Article> found = s.createSelectionQuery(
                        "from Article a left join fetch a.followers where a.id = :id", Article.class)
                .setParameter("id", articleId)
                .getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Article a = found.get(0);
        Comment c = new Comment(a, s.getReference(User.class, authorId), body, now);
        s.persist(c);
        List<String> emails = a.getFollowers().stream().map(User::getEmail).toList();
        return Optional.of(new PostedComment(c.getId(), a.getId(), a.getTitle(), emails));
    }

    /** Initializes the tag collections of the already-loaded articles with one statement. */
    private static void fetchTags(Session s, Collection<Long> articleIds) {
        s.createSelectionQuery("from Article a left join fetch a.tags where a.id in :ids", Article.class)
                .setParameter("ids", articleIds)
                .getResultList();
    }

    private record LatestComments(Map<Long, List<CommentView>> byArticle, Map<Long, Integer> counts) {
    }

    /** The newest {@code perArticle} comments of every article, and every article's comment count: two statements. */
    @SuppressWarnings("unchecked")
    private static LatestComments latestComments(Session s, List<Long> articleIds, int perArticle) {
        List<Object[]> rows = s.createNativeQuery("""
                        select id, article_id, total from (
                          select c.id, c.article_id, count(*) over (partition by c.article_id) as total,
                                 row_number() over (partition by c.article_id order by c.created_at desc, c.id desc) as rn
                          from comment c where c.article_id in (:ids)) ranked
                        where rn <= :n""", Object[].class)
                .setParameter("ids", articleIds)
                .setParameter("n", perArticle)
                .getResultList();
        Map<Long, Integer> counts = new HashMap<>();
        List<Long> commentIds = new ArrayList<>();
        for (Object[] row : rows) {
            commentIds.add(((Number) row[0]).longValue());
            counts.put(((Number) row[1]).longValue(), ((Number) row[2]).intValue());
        }
        Map<Long, List<CommentView>> byArticle = new HashMap<>();
        if (!commentIds.isEmpty()) {
            s.createSelectionQuery("""
                            from Comment c join fetch c.author u join fetch u.profile
                            where c.id in :ids order by c.createdAt desc, c.id desc""", Comment.class)
                    .setParameter("ids", commentIds)
                    .getResultList()
                    .forEach(c -> byArticle.computeIfAbsent(c.getArticle().getId(), k -> new ArrayList<>()).add(ViewMapping.comment(c)));
        }
        return new LatestComments(byArticle, counts);
    }
}
