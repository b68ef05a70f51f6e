package dev.scalelab.app.feed;

import dev.scalelab.app.feed.Views.CommentView;
import dev.scalelab.app.feed.Views.Person;
import dev.scalelab.app.model.Article;
import dev.scalelab.app.model.Comment;
import dev.scalelab.app.model.Tag;
import dev.scalelab.app.model.User;
import java.util.List;

/**
 * Entities to views, shared by both loading strategies. On loaded entities it costs nothing; on lazy proxies each
 * call below initializes them, one statement each: which of the two happens is the whole point of the fetch switch.
 */
final class ViewMapping {
    private ViewMapping() {
    }

    static CommentView comment(Comment c) {
        return new CommentView(c.getId(), person(c.getAuthor()), c.getBody(), SiteQueries.date(c.getCreatedAt()));
    }

    static Person person(User u) {
        // on a lazy proxy, getName() loads the user (one statement) and getProfile() its profile (another)
        return new Person(u.getId(), u.getName(), u.getProfile().getAvatarUrl());
    }

    static List<String> tags(Article a) {
        return a.getTags().stream().map(Tag::getName).toList();
    }
}
