package dev.scalelab.loadtests.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.scalelab.loadtests.workload.Feeder;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The choices of WorkloadSimulation's visits: seeded, per visitor, with popular records and weighted picks. */
class WorkloadDrawsTest {

    private static final Workload WORKLOAD = WorkloadFiles.parse("w.yaml", """
            feeders:
              articles: {range: [1, 1000], hot: {share: 0.9, count: 10}}
              profiles: {range: [1, 1000], hot: {share: 1, count: 5, from: first}}
              users:    {list: [a, b, c], order: per-visitor}
              pages:    {list: [x, y], order: circular}
            journeys:
              - {name: j, share: 1, requests: [{get: /}]}
            """, Path.of("."), Map.of());

    private static WorkloadSimulation.Draws draws(long seed) {
        return new WorkloadSimulation.Draws(WORKLOAD.feeders().values().toArray(Feeder[]::new), seed,
                WorkloadSimulation.bounds(new double[] {2, 1}, false), 0.3);
    }

    /** What a visit chooses: signed in or not, journey, 5 articles, a think time. */
    private static List<Object> choices(WorkloadSimulation.Draws draws, long visitor) {
        WorkloadSimulation.Visit v = new WorkloadSimulation.Visit(draws, visitor);
        List<Object> out = new ArrayList<>(List.of(v.signsIn, v.journey));
        for (int i = 0; i < 5; i++) {
            out.add(v.draw(0));
        }
        out.add(v.think(new Workload.Think(500, 2000)));
        return out;
    }

    @Test
    void the_same_seed_and_arrival_number_make_the_same_choices_whatever_the_order_of_visits() {
        WorkloadSimulation.Draws a = draws(42);
        WorkloadSimulation.Draws b = draws(42);
        List<List<Object>> forward = new ArrayList<>();
        for (long v = 0; v < 50; v++) {
            forward.add(choices(a, v));
        }
        for (long v = 49; v >= 0; v--) {
            assertThat(choices(b, v)).as("visitor " + v).isEqualTo(forward.get((int) v));
        }
        assertThat(choices(draws(43), 7)).isNotEqualTo(forward.get(7));
    }

    @Test
    void a_record_drawn_stays_for_the_visit_until_it_is_drawn_again() {
        WorkloadSimulation.Visit v = new WorkloadSimulation.Visit(draws(1), 5);
        String first = v.value(0, 0);
        assertThat(v.value(0, 0)).isEqualTo(first);
        assertThat(v.value(2, 0)).as("per-visitor: the 6th visitor takes the 3rd record of 3, wrapping").isEqualTo("c");
        assertThat(v.rows[1]).as("not used yet").isEqualTo(-1);
    }

    @Test
    void popular_records_take_their_share_of_random_draws_at_the_end_named() {
        WorkloadSimulation.Draws d = draws(7);
        int hotArticles = 0;
        for (long visitor = 0; visitor < 2000; visitor++) {
            WorkloadSimulation.Visit v = new WorkloadSimulation.Visit(d, visitor);
            int article = v.draw(0);
            hotArticles += article >= 990 ? 1 : 0;
            assertThat(v.draw(1)).as("the first 5 profiles").isBetween(0, 4);
        }
        // 90 % popular plus the popular ones' share of the uniform 10 %
        assertThat(hotArticles / 2000.0).isCloseTo(0.9 + 0.1 * 10 / 1000, offset(0.03));
    }

    @Test
    void circular_records_go_round_in_file_order_across_visits() {
        WorkloadSimulation.Draws d = draws(1);
        List<String> pages = new ArrayList<>();
        for (long visitor = 0; visitor < 4; visitor++) {
            pages.add(new WorkloadSimulation.Visit(d, visitor).value(3, 0));
        }
        assertThat(pages).containsExactly("x", "y", "x", "y");
    }

    @Test
    void journeys_are_picked_by_share_and_a_one_of_below_one_leaves_the_rest_to_none() {
        SplittableRandom random = new SplittableRandom(3);
        double[] journeys = WorkloadSimulation.bounds(new double[] {2, 1}, false);
        double[] comment = WorkloadSimulation.bounds(new double[] {0.2}, true);
        int first = 0;
        int comments = 0;
        int none = 0;
        for (int i = 0; i < 10_000; i++) {
            first += WorkloadSimulation.pick(journeys, random) == 0 ? 1 : 0;
            int c = WorkloadSimulation.pick(comment, random);
            comments += c == 0 ? 1 : 0;
            none += c == -1 ? 1 : 0;
            assertThat(WorkloadSimulation.pick(journeys, random)).isIn(0, 1);
        }
        assertThat(first / 10_000.0).isCloseTo(2 / 3.0, offset(0.02));
        assertThat(comments / 10_000.0).isCloseTo(0.2, offset(0.02));
        assertThat(comments + none).isEqualTo(10_000);
        assertThat(WorkloadSimulation.pick(WorkloadSimulation.bounds(new double[] {1}, true), random)).isZero();
    }
}
