package dev.scalelab.app.feed;

import dev.scalelab.app.feed.Views.ArticleDetail;
import dev.scalelab.app.feed.Views.ArticleSummary;
import dev.scalelab.app.feed.Views.CommentView;
import dev.scalelab.app.feed.Views.PostedComment;
import dev.scalelab.app.feed.Views.UserDetail;
import dev.scalelab.app.model.Article;
import dev.scalelab.app.model.Comment;
import dev.scalelab.app.model.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Rung 1 of the story, "the debug toolbar shows 1,292 queries": the natural JPA code. Each article's author,
 * the author's profile, its tags and its comments are lazy associations, so touching them in the loop issues one
 * statement each (N+1), and every comment's author and avatar one more.
 */
final class LazySiteQueries implements SiteQueries {

    @Override
    public List<ArticleSummary> feed(Session s, int size) {
        List<Article> articles = s.createSelectionQuery(
                        "from Article a order by a.publishedAt desc, a.id desc", Article.class)
                .setMaxResults(size)
                .getResultList();
        return articles.stream().map(a -> summary(a, true)).toList();
    }

    @Override
    public Optional<ArticleDetail> article(Session s, long id) {
        Article a = s.find(Article.class, id);
        if (a == null) {
            return Optional.empty();
        }
        List<CommentView> comments = a.getComments().stream().map(ViewMapping::comment).toList();
        return Optional.of(new ArticleDetail(a.getId(), a.getTitle(), a.getBody(), ViewMapping.person(a.getAuthor()), ViewMapping.tags(a),
                comments, a.getFollowers().size(), SiteQueries.date(a.getPublishedAt())));
    }

    @Override
    public Optional<UserDetail> user(Session s, long id) {
        User u = s.find(User.class, id);
        if (u == null) {
            return Optional.empty();
        }
        List<Article> articles = s.createSelectionQuery(
                        "from Article a where a.author = :u order by a.publishedAt desc, a.id desc", Article.class)
                .setParameter("u", u)
                .setMaxResults(PROFILE_ARTICLES)
                .getResultList();
        return Optional.of(new UserDetail(ViewMapping.person(u), u.getProfile().getBio(),
                articles.stream().map(a -> summary(a, false)).toList()));
    }

    @Override
    public Optional<PostedComment> addComment(Session s, long articleId, long authorId, String body, Instant now) {
        Article a = s.find(Article.class, articleId);
        if (a == null) {
            return Optional.empty();
        }
        Comment c = new Comment(a, s.getReference(User.class, authorId), body, now);
        s.persist(c);
        List<String> emails = a.getFollowers().stream().map(User::getEmail).toList();
        return Optional.of(new PostedComment(c.getId(), a.getId(), a.getTitle(), emails));
    }

    private static ArticleSummary summary(Article a, boolean withComments) {
        List<Comment> all = a.getComments();                       // loads every comment of the article
        List<CommentView> latest = withComments
                ? all.stream().limit(LATEST_COMMENTS).map(ViewMapping::comment).toList()
                : List.of();
        return new ArticleSummary(a.getId(), a.getTitle(), ViewMapping.person(a.getAuthor()), ViewMapping.tags(a), all.size(), latest,
                SiteQueries.date(a.getPublishedAt()));
    }
}
