package dev.scalelab.loadtests.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisitPlannerPopularityTest {

    static final List<SeededUser> USERS = List.of(new SeededUser(1, "user1@scalelab.test", "password", "Gina Caputo"));

    static long hotViews(VisitPlanner planner, int visitors, long hotArticleFrom, long hotUserTo, long[] total) {
        long hot = 0;
        for (int v = 0; v < visitors; v++) {
            for (VisitPlanner.Step s : planner.plan(v).steps()) {
                if (s.kind() == VisitPlanner.Kind.ARTICLE || s.kind() == VisitPlanner.Kind.PROFILE) {
                    total[0]++;
                    boolean isHot = s.kind() == VisitPlanner.Kind.ARTICLE ? s.id() >= hotArticleFrom : s.id() <= hotUserTo;
                    hot += isHot ? 1 : 0;
                }
            }
        }
        return hot;
    }

    @Test
    void most_views_go_to_the_newest_articles_and_first_users_when_asked() {
        long[] total = {0};
        long hot = hotViews(new VisitPlanner(7, USERS, 2000, 5000, 0, 0, 0, 0).popularity(0.95, 60), 2000, 1941, 60, total);
        assertThat((double) hot / total[0]).isBetween(0.93, 0.98);
    }

    @Test
    void the_popular_paths_are_exactly_the_pages_the_hot_views_go_to() {
        VisitPlanner planner = new VisitPlanner(7, USERS, 2000, 5000, 0, 0, 0, 0).popularity(1.0, 60);
        java.util.Set<String> viewed = new java.util.TreeSet<>();
        for (int v = 0; v < 3000; v++) {
            for (VisitPlanner.Step s : planner.plan(v).steps()) {
                if (s.kind() == VisitPlanner.Kind.ARTICLE) {
                    viewed.add("/articles/" + s.id());
                } else if (s.kind() == VisitPlanner.Kind.PROFILE) {
                    viewed.add("/users/" + s.id());
                }
            }
        }
        List<String> popular = VisitPlanner.popularPaths(2000, 5000, 60);
        assertThat(popular).hasSize(120).doesNotHaveDuplicates()
                .contains("/articles/2000", "/articles/1941", "/users/1", "/users/60")
                .doesNotContain("/articles/1940", "/users/61");
        assertThat(viewed).containsExactlyInAnyOrderElementsOf(popular);
        assertThat(VisitPlanner.popularPaths(10, 5, 60)).hasSize(15);
    }

    @Test
    void without_popularity_views_spread_evenly() {
        long[] total = {0};
        long hot = hotViews(new VisitPlanner(7, USERS, 2000, 5000, 0, 0, 0, 0), 2000, 1941, 60, total);
        assertThat((double) hot / total[0]).isLessThan(0.06);
    }

    @Test
    void the_parameters_are_checked() {
        var parsed = SimulationParameters.parse(SimulationKind.STORY_WORKLOAD, Map.of("baseUrl", "http://127.0.0.1:1",
                "rate", "1", "usersCsv", "/nonexistent.csv", "articleIdMax", "10", "userIdMax", "10", "hotShare", "1.5"));
        assertThat(parsed.message()).contains("hotShare");
        assertThatThrownBy(() -> new VisitPlanner(1, USERS, 10, 10, 0, 0, 0, 0).popularity(-1, 3))
                .hasMessageContaining("hotShare must be 0..1");
    }
}
