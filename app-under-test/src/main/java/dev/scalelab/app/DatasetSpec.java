package dev.scalelab.app;

/**
 * Size and seed of the generated community. The same spec always produces the same rows, so steps of a
 * ladder and runs on different machines compare.
 *
 * @param seed                   random seed
 * @param users                  users, each with a profile
 * @param articles               articles, each with an author and 1-4 tags
 * @param tags                   distinct tags
 * @param maxCommentsPerArticle  comments per article are drawn from 4..max
 * @param maxFollowersPerArticle followers per article are drawn from 0..max
 */
public record DatasetSpec(long seed, int users, int articles, int tags, int maxCommentsPerArticle,
                          int maxFollowersPerArticle) {

    /** Large enough that the naive home page issues more than 1,000 statements, as in the story's 1,292. */
    public static final DatasetSpec DEFAULT = new DatasetSpec(1292L, 5_000, 2_000, 40, 24, 12);

    public DatasetSpec {
        if (users < 10 || articles < 10 || tags < 4 || maxCommentsPerArticle < 4 || maxFollowersPerArticle < 0) {
            throw new IllegalArgumentException("dataset too small: at least 10 users, 10 articles, 4 tags and 4 comments "
                    + "per article are needed (was " + this + ")");
        }
    }

    /** A stable text form, stored beside the data to tell whether it can be reused. */
    public String key() {
        return "v1:seed=" + seed + ",users=" + users + ",articles=" + articles + ",tags=" + tags
                + ",comments<=" + maxCommentsPerArticle + ",followers<=" + maxFollowersPerArticle;
    }
}
