package dev.scalelab.loadtests.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Plans the story's visits. A visit is a pure function of the seed and the visitor's arrival
 * number, so the same seed gives the same visits in the same order on every run and every step
 * of a ladder, whatever the threads do.
 *
 * <p>An anonymous visitor reads 2-5 pages; a signed-in visitor opens the sign-in form, signs in
 * as its own user, reads 2-5 pages, sometimes comments on an article it read (and sees the
 * article again, as a browser following the redirect would), then signs out. Pages are the
 * feed (40 %), an article (40 %) or a profile (20 %), ids uniform in 1..max. Each step but the
 * first is preceded by a think time drawn uniformly from [thinkMinMs, thinkMaxMs].
 */
public final class VisitPlanner {

    /** What a step does; each maps to one route. */
    public enum Kind { LOGIN_PAGE, LOGIN, FEED, ARTICLE, PROFILE, COMMENT, LOGOUT }

    /** One request of a visit; {@code id} is the article or user id where the route has one. */
    public record Step(Kind kind, long id, long thinkMs, String text) {
    }

    /** A planned visit; {@code user} is null for an anonymous visitor. */
    public record Visit(long visitor, SeededUser user, List<Step> steps) {
        public Visit {
            steps = List.copyOf(steps);
        }

        public boolean signedIn() {
            return user != null;
        }
    }

    private final long seed;
    private final List<SeededUser> users;
    private final int articleIdMax;
    private final int userIdMax;
    private final double signedInShare;
    private final double commentShare;
    private final int thinkMinMs;
    private final int thinkMaxMs;
    private double hotShare;
    private int hotPages;

    public VisitPlanner(long seed, List<SeededUser> users, int articleIdMax, int userIdMax, double signedInShare,
                        double commentShare, int thinkMinMs, int thinkMaxMs) {
        if (signedInShare > 0 && users.isEmpty()) {
            throw new IllegalArgumentException("signed-in visitors need users; the users CSV is empty");
        }
        List<SeededUser> shuffled = new ArrayList<>(users);
        Collections.shuffle(shuffled, new Random(seed));
        this.seed = seed;
        this.users = List.copyOf(shuffled);
        this.articleIdMax = articleIdMax;
        this.userIdMax = userIdMax;
        this.signedInShare = signedInShare;
        this.commentShare = commentShare;
        this.thinkMinMs = thinkMinMs;
        this.thinkMaxMs = thinkMaxMs;
    }

    /**
     * Makes a share of article and profile views go to a few popular pages, as real traffic does: the newest
     * {@code hotPages} articles (the ones on the home page) and the first {@code hotPages} users. Returns this.
     */
    public VisitPlanner popularity(double hotShare, int hotPages) {
        if (hotShare < 0 || hotShare > 1 || hotPages < 0) {
            throw new IllegalArgumentException("hotShare must be 0..1 and hotPages >= 0 (got " + hotShare + ", " + hotPages + ")");
        }
        this.hotShare = hotShare;
        this.hotPages = hotPages;
        return this;
    }

    /**
     * The popular pages of {@link #popularity}: the newest {@code hotPages} articles and the first {@code hotPages}
     * users, as paths.
     */
    public static List<String> popularPaths(int articleIdMax, int userIdMax, int hotPages) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < Math.min(hotPages, articleIdMax); i++) {
            paths.add("/articles/" + (articleIdMax - i));
        }
        for (int i = 1; i <= Math.min(hotPages, userIdMax); i++) {
            paths.add("/users/" + i);
        }
        return paths;
    }

    /**
     * The visit of the {@code visitor}-th arrival (from 0). Signed-in visitors take the users in a
     * seeded order, so concurrent visitors are distinct users unless more visitors arrive than
     * there are users between two of them.
     */
    public Visit plan(long visitor) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + visitor);
        boolean signedIn = random.nextDouble() < signedInShare;
        SeededUser user = signedIn ? users.get((int) Math.floorMod(visitor, (long) users.size())) : null;
        List<Step> steps = new ArrayList<>();
        if (signedIn) {
            steps.add(new Step(Kind.LOGIN_PAGE, 0, 0, null));
            steps.add(new Step(Kind.LOGIN, 0, think(random), null));
        }
        int pages = 2 + random.nextInt(4);
        long lastArticle = 0;
        for (int i = 0; i < pages; i++) {
            Step page = page(random, steps.isEmpty() ? 0 : think(random));
            if (page.kind() == Kind.ARTICLE) {
                lastArticle = page.id();
            }
            steps.add(page);
        }
        if (signedIn && random.nextDouble() < commentShare) {
            if (lastArticle == 0) {
                lastArticle = 1 + random.nextInt(articleIdMax);
                steps.add(new Step(Kind.ARTICLE, lastArticle, think(random), null));
            }
            steps.add(new Step(Kind.COMMENT, lastArticle, think(random), "Comment of visitor " + visitor + " on article "
                    + lastArticle + "."));
            steps.add(new Step(Kind.ARTICLE, lastArticle, 0, null));
        }
        if (signedIn) {
            steps.add(new Step(Kind.LOGOUT, 0, think(random), null));
        }
        return new Visit(visitor, user, steps);
    }

    /** Requests of an average visit, for converting a visitor rate into a request rate. */
    public double meanRequestsPerVisit(int sample) {
        long total = 0;
        for (int v = 0; v < sample; v++) {
            total += plan(v).steps().size();
        }
        return (double) total / sample;
    }

    private Step page(SplittableRandom random, long thinkMs) {
        double r = random.nextDouble();
        if (r < 0.4) {
            return new Step(Kind.FEED, 0, thinkMs, null);
        }
        boolean hot = hotPages > 0 && random.nextDouble() < hotShare;
        if (r < 0.8) {
            long id = hot ? articleIdMax - random.nextInt(Math.min(hotPages, articleIdMax))
                    : 1 + random.nextInt(articleIdMax);
            return new Step(Kind.ARTICLE, id, thinkMs, null);
        }
        long id = hot ? 1 + random.nextInt(Math.min(hotPages, userIdMax)) : 1 + random.nextInt(userIdMax);
        return new Step(Kind.PROFILE, id, thinkMs, null);
    }

    private long think(SplittableRandom random) {
        return thinkMaxMs == thinkMinMs ? thinkMinMs : thinkMinMs + random.nextInt(thinkMaxMs - thinkMinMs + 1);
    }
}
