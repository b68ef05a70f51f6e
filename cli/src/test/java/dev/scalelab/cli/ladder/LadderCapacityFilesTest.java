package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.cli.capacity.SearchSettings;
import dev.scalelab.reports.model.Slo;
import org.junit.jupiter.api.Test;

/** The ladder file's {@code slo:} and {@code capacity:} keys of {@code --capacity}. */
class LadderCapacityFilesTest {

    @Test
    void a_ladder_without_them_has_the_default_slo_and_search() {
        Ladder l = LadderFiles.parse("l.yaml", "steps: [{name: a, app: {fetch: eager}}]");
        assertThat(l.slo()).isEqualTo(Slo.DEFAULT);
        assertThat(l.capacity()).isEqualTo(SearchSettings.DEFAULT);
        assertThat(l.capacityQuick()).isEqualTo(SearchSettings.QUICK);
    }

    @Test
    void slo_and_capacity_are_read_and_a_quick_ladder_keeps_the_rates_with_its_short_levels() {
        Ladder l = LadderFiles.parse("l.yaml", """
                slo: {p95Ms: 300, maxErrorRate: 0.02}
                capacity: {startRate: 5, increment: 5, maxRate: 50, levelSec: 10, warmupSec: 3}
                steps: [{name: a, app: {fetch: eager}}]
                """);
        assertThat(l.slo()).isEqualTo(new Slo(300, 0.02, 0.95));
        assertThat(l.capacity()).isEqualTo(new SearchSettings(5, 5, 0, 50, 10, 3, SearchSettings.DEFAULT.drainSec(),
                SearchSettings.DEFAULT.resolution(), SearchSettings.DEFAULT.minStep(),
                SearchSettings.DEFAULT.confirmations()));
        SearchSettings q = SearchSettings.QUICK;
        assertThat(l.capacityQuick()).isEqualTo(new SearchSettings(5, 5, 0, 50, q.levelSec(), q.warmupSec(),
                q.drainSec(), q.resolution(), SearchSettings.DEFAULT.minStep(), q.confirmations(), false));
    }

    @Test
    void mistakes_name_the_line_and_what_is_expected() {
        assertThatThrownBy(() -> LadderFiles.parse("c.yaml", """
                capacity: {startRate: 5, increment: 5, factor: 2}
                steps: [{name: a}]
                """)).hasMessageStartingWith("c.yaml:1:11: capacity needs either increment (visitors/s added per "
                + "level) or factor (rate multiplied per level), found increment 5.0 and factor 2.0");
        assertThatThrownBy(() -> LadderFiles.parse("c.yaml", """
                slo: {p95Ms: fast}
                steps: [{name: a}]
                """)).hasMessageStartingWith("c.yaml:1:14: 'p95Ms' must be a number");
        assertThatThrownBy(() -> LadderFiles.parse("c.yaml", """
                slo: {p99Ms: 500}
                steps: [{name: a}]
                """)).hasMessageContaining("c.yaml:1:7").hasMessageContaining("p99Ms");
    }

    @Test
    void the_scale_out_series_counts_default_to_one_two_three_and_are_read_and_checked() {
        assertThat(LadderFiles.parse("l.yaml", "steps: [{name: a}]").scaleOutInstances()).containsExactly(1, 2, 3);
        assertThat(LadderFiles.parse("l.yaml", """
                capacity: {levelSec: 4, instances: [1, 2, 4]}
                steps: [{name: a}]
                """).scaleOutInstances()).containsExactly(1, 2, 4);
        assertThat(LadderFiles.parse("l.yaml", """
                capacity: {instances: []}
                steps: [{name: a}]
                """).scaleOutInstances()).isEmpty();
        assertThatThrownBy(() -> LadderFiles.parse("c.yaml", """
                capacity: {instances: 3}
                steps: [{name: a}]
                """)).hasMessageContaining("c.yaml:1:23").hasMessageContaining("'instances' must be a list");
        assertThatThrownBy(() -> LadderFiles.parse("c.yaml", """
                capacity: {instances: [1, 2, 2]}
                steps: [{name: a}]
                """)).hasMessageContaining("'instances' lists 2 twice");
    }
}
