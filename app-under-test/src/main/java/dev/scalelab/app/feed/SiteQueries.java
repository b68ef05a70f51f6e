package dev.scalelab.app.feed;

import dev.scalelab.app.FetchMode;
import dev.scalelab.app.feed.Views.ArticleDetail;
import dev.scalelab.app.feed.Views.ArticleSummary;
import dev.scalelab.app.feed.Views.PostedComment;
import dev.scalelab.app.feed.Views.UserDetail;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * How the pages load their data. Two implementations side by side, one per rung of the story:
 * {@link LazySiteQueries} navigates lazy associations in loops (the 1,292 queries), {@link EagerSiteQueries}
 * loads the same views with a small constant number of statements.
 */
public interface SiteQueries {

    /** Comments shown per article on the home page. */
    int LATEST_COMMENTS = 8;
    /** Articles listed on a profile page. */
    int PROFILE_ARTICLES = 20;

    List<ArticleSummary> feed(Session s, int size);

    Optional<ArticleDetail> article(Session s, long id);

    Optional<UserDetail> user(Session s, long id);

    /** Stores a comment; empty when the article does not exist. */
    Optional<PostedComment> addComment(Session s, long articleId, long authorId, String body, Instant now);

    static SiteQueries of(FetchMode mode) {
        return switch (mode) {
            case LAZY -> new LazySiteQueries();
            case EAGER -> new EagerSiteQueries();
        };
    }

    DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm").withZone(ZoneOffset.UTC);

    static String date(Instant i) {
        return DATE.format(i);
    }
}
