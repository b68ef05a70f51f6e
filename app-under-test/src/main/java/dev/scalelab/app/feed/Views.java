package dev.scalelab.app.feed;

import java.util.List;

/** What the pages show, loaded by either {@link SiteQueries} implementation. Plain values: no lazy proxies leak out. */
public final class Views {
    private Views() {
    }

    public record Person(long id, String name, String avatarUrl) {
    }

    public record CommentView(long id, Person author, String body, String createdAt) {
    }

    public record ArticleSummary(long id, String title, Person author, List<String> tags, int commentCount,
                                 List<CommentView> latestComments, String publishedAt) {
    }

    public record ArticleDetail(long id, String title, String body, Person author, List<String> tags,
                                List<CommentView> comments, int followers, String publishedAt) {
    }

    public record UserDetail(Person user, String bio, List<ArticleSummary> articles) {
    }

    /** A stored comment and whom to tell about it. */
    public record PostedComment(long commentId, long articleId, String articleTitle, List<String> followerEmails) {
    }
}
