package dev.scalelab.cli.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.reports.model.StepStatus;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LadderFilesTest {

    @Test
    void the_story_ladder_climbs_every_rung_with_inherited_switches() {
        Ladder story = LadderFiles.story();
        assertThat(story.steps()).extracting(Ladder.Step::name).containsExactly("naive", "eager-fetch",
                "page-cache-cookies", "page-cache-shared", "fragment-cache", "connection-pool", "async-tasks", "scale-out");
        assertThat(story.step("naive").orElseThrow().app()).isEqualTo(Map.of("fetch", "lazy",
                "connections", "per-request", "cache", "none", "tasks", "inline", "notify-latency-ms", "250"));
        assertThat(story.step("connection-pool").orElseThrow().app()).isEqualTo(Map.of("fetch", "eager",
                "connections", "pool", "cache", "fragment", "tasks", "inline", "notify-latency-ms", "250"));
        assertThat(story.step("async-tasks").orElseThrow().app()).isEqualTo(Map.of("fetch", "eager",
                "connections", "pool", "cache", "fragment", "tasks", "queue", "notify-latency-ms", "250"));
        assertThat(story.step("scale-out").orElseThrow().app()).isEqualTo(story.step("async-tasks").orElseThrow().app());
        assertThat(story.step("scale-out").orElseThrow().stack()).isEqualTo(new Ladder.Stack(2, true, true, false));
        assertThat(story.step("async-tasks").orElseThrow().stack()).isEqualTo(Ladder.Stack.SINGLE);
        assertThat(story.step("page-cache-shared").orElseThrow().expect()).contains(StepStatus.FAILED);
        // changed with issue 21: naive is meant to fail (connection exhaustion), as page-cache-shared (leaks)
        assertThat(story.step("naive").orElseThrow().expect()).contains(StepStatus.FAILED);
        assertThat(story.step("eager-fetch").orElseThrow().expect()).isEmpty();
        assertThat(story.workload().rate()).isEqualTo(story.quick().rate());
    }

    @Test
    void a_step_workload_overrides_the_ladder_workload() {
        Ladder l = LadderFiles.parse("l.yaml", """
                steps:
                  - name: a
                    app: {fetch: eager}
                    workload: {rate: 3, durationSec: 4, warmupSec: 1}
                """);
        // the default workload is the story's workload file (it was the StoryWorkload simulation before)
        assertThat(l.steps().get(0).workload()).contains(new Ladder.Workload("builtin:story", 3, 1, 4, 20));
        assertThat(l.workload().rate()).isEqualTo(8);
    }

    @Test
    void the_story_ladder_runs_the_story_file_and_a_ladder_may_still_name_the_java_story_workload() {
        assertThat(LadderFiles.story().workload().simulation()).isEqualTo("builtin:story");
        assertThat(LadderFiles.story().workload().label()).isEqualTo("builtin:story");
        Ladder java = LadderFiles.parse("l.yaml", """
                workload: {simulation: StoryWorkload, rate: 6, commentShare: 0.6}
                steps:
                  - name: a
                    app: {fetch: eager}
                """);
        assertThat(java.workload()).isEqualTo(new Ladder.Workload("StoryWorkload", 6, 8, 25, 20, 0.6, 0));
        assertThat(java.quick().simulation()).isEqualTo("StoryWorkload");
    }

    @Test
    void the_comment_share_is_passed_on_and_checked() {
        Ladder l = LadderFiles.parse("l.yaml", """
                workload: {rate: 5, commentShare: 0.4}
                steps:
                  - name: a
                    app: {fetch: eager}
                """);
        assertThat(l.workload().commentShare()).isEqualTo(0.4);
        assertThat(l.quick().commentShare()).isEqualTo(0.4);
        assertThat(LadderFiles.parse("l.yaml", "steps: [{name: a, app: {fetch: eager}}]").workload().commentShare())
                .isNull();
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "workload: {commentShare: 2}\nsteps: []"))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("x.yaml:1:26: 'commentShare' must be between 0 and 1 (was 2)");
    }

    @Test
    void the_quick_story_signs_more_visitors_in_who_all_comment_and_think_less_while_the_full_mix_stays() {
        Ladder story = LadderFiles.story();
        Ladder.Workload full = story.workload();
        assertThat(full.commentShare()).isEqualTo(0.6);
        assertThat(full.signedInShare()).as("the full ladder keeps the story's own sign-in share").isNull();
        assertThat(full.thinkMinMs()).isNull();
        assertThat(full.thinkMaxMs()).isNull();
        Ladder.Workload quick = story.quick();
        assertThat(quick.signedInShare()).isEqualTo(0.6);
        assertThat(quick.commentShare()).isEqualTo(1.0);
        assertThat(quick.thinkMinMs()).isEqualTo(100);
        assertThat(quick.thinkMaxMs()).isEqualTo(300);
    }

    @Test
    void the_story_mix_is_inherited_by_quick_and_checked() {
        Ladder l = LadderFiles.parse("l.yaml", """
                workload: {signedInShare: 0.5, thinkMinMs: 50, thinkMaxMs: 80}
                steps: [{name: a, app: {fetch: eager}}]
                """);
        assertThat(l.workload().signedInShare()).isEqualTo(0.5);
        assertThat(l.quick().signedInShare()).isEqualTo(0.5);
        assertThat(l.quick().thinkMinMs()).isEqualTo(50);
        assertThat(l.quick().thinkMaxMs()).isEqualTo(80);
        assertThat(LadderFiles.parse("l.yaml", "workload: {simulation: StoryWorkload, signedInShare: 0.9}\n"
                + "steps: [{name: a, app: {fetch: eager}}]").workload().signedInShare()).isEqualTo(0.9);
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "workload: {signedInShare: 1.5}\nsteps: []"))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("x.yaml:1:27: 'signedInShare' must be between 0 and 1 (was 1.5)");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "workload: {rate: 5}\nquick: {thinkMinMs: 100}\nsteps: []"))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("x.yaml:2:21: 'thinkMinMs' needs 'thinkMaxMs' beside it (think times are drawn between the "
                        + "two); give both");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "quick: {thinkMinMs: 300, thinkMaxMs: 100}\nsteps: []"))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("x.yaml:1:38: 'thinkMaxMs' must be at least 'thinkMinMs' (was 100 < 300)");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "workload: {simulation: HealthLoad, thinkMinMs: 1, "
                + "thinkMaxMs: 2}\nsteps: []"))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("x.yaml:1:48: 'thinkMinMs' applies to the built-in story only; remove it (the workload is "
                        + "HealthLoad)");
    }

    @Test
    void the_story_mix_is_refused_for_a_workload_file_which_sets_its_own(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shop.yaml"), """
                name: shop
                load: {rate: 3, warmupSec: 2, durationSec: 9, drainSec: 4}
                journeys:
                  - name: browse
                    requests:
                      - {name: GET /, get: /}
                """);
        assertThatThrownBy(() -> LadderFiles.parse("own.yaml", """
                workload: shop.yaml
                quick:
                  durationSec: 5
                  signedInShare: 0.6
                steps:
                  - name: a
                    url: http://127.0.0.1:8080
                """, dir))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("own.yaml:4:18: 'signedInShare' applies to the built-in story only; set it in the workload "
                        + "file shop.yaml (its vars, signIn share or think times)");
        assertThatThrownBy(() -> LadderFiles.parse("own.yaml", """
                workload: {file: shop.yaml, thinkMaxMs: 300}
                steps:
                  - name: a
                    url: http://127.0.0.1:8080
                """, dir))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("own.yaml:1:41: 'thinkMaxMs' applies to the built-in story only; set it in the workload "
                        + "file shop.yaml (its vars, signIn share or think times)");
    }

    @Test
    void warm_up_writes_apply_to_full_ladders_unless_the_quick_section_sets_them_and_are_checked() {
        Ladder l = LadderFiles.parse("l.yaml", """
                workload: {rate: 5, warmUpWrites: 300}
                steps:
                  - name: a
                    app: {fetch: eager}
                """);
        assertThat(l.workload().warmUpWrites()).isEqualTo(300);
        assertThat(l.quick().warmUpWrites()).isZero();
        assertThat(LadderFiles.parse("l.yaml", "workload: {warmUpWrites: 300}\nquick: {warmUpWrites: 50}\n"
                + "steps: [{name: a, app: {fetch: eager}}]").quick().warmUpWrites()).isEqualTo(50);
        assertThat(LadderFiles.story().workload().warmUpWrites()).as("the story warms its comment path").isPositive();
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "workload: {warmUpWrites: 2.5}\nsteps: []"))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("x.yaml:1:26: 'warmUpWrites' must be a whole number (was '2.5')");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "workload: {warmUpWrites: 20000}\nsteps: []"))
                .isInstanceOf(LadderFileException.class)
                .hasMessage("x.yaml:1:26: 'warmUpWrites' must be between 0 and 10000 (was 20000)");
    }

    @Test
    void an_unknown_switch_is_reported_with_line_and_column() {
        assertThatThrownBy(() -> LadderFiles.parse("my.yaml", """
                steps:
                  - name: a
                    app:
                      fech: eager
                """)).isInstanceOf(LadderFileException.class)
                .hasMessage("my.yaml:4:13: unknown app switch 'fech' (valid: fetch, connections, cache, tasks, threads, "
                        + "pool-size, feed-size, notify-latency-ms, worker-threads, job-retries)");
    }

    @Test
    void a_stack_names_instances_and_servers_and_its_mistakes_are_reported() {
        Ladder l = LadderFiles.parse("s.yaml", """
                steps:
                  - name: out
                    stack: {instances: 3, pgbouncer: true, split: true}
                """);
        assertThat(l.steps().get(0).stack()).isEqualTo(new Ladder.Stack(3, true, false, true));
        assertThat(l.steps().get(0).stack().nginx()).isTrue();
        assertThatThrownBy(() -> LadderFiles.parse("s.yaml", """
                steps:
                  - name: out
                    stack: {instances: two}
                """)).hasMessage("s.yaml:3:24: 'instances' must be a whole number (was 'two')");
        assertThatThrownBy(() -> LadderFiles.parse("s.yaml", """
                steps:
                  - name: out
                    stack: {memcached: yes please}
                """)).hasMessage("s.yaml:3:24: 'memcached' must be true or false (was 'yes please')");
        assertThatThrownBy(() -> LadderFiles.parse("s.yaml", """
                steps:
                  - name: out
                    stack: {redis: true}
                """)).hasMessage("s.yaml:3:13: unknown key 'redis' in 'stack' (valid: instances, memcached, pgbouncer, split)");
    }

    @Test
    void an_invalid_switch_value_names_the_valid_values() {
        assertThatThrownBy(() -> LadderFiles.parse("my.yaml", """
                steps:
                  - name: a
                    app: {cache: everything}
                """)).hasMessage("my.yaml:3:18: invalid value for 'cache': 'everything' "
                + "(valid values: none, page-by-cookie, page-shared, fragment)");
    }

    @Test
    void broken_yaml_is_reported_with_its_position() {
        assertThatThrownBy(() -> LadderFiles.parse("bad.yaml", "steps:\n  - name: a\n    app: {fetch: eager\n"))
                .isInstanceOf(LadderFileException.class)
                .hasMessageStartingWith("bad.yaml:4:1: not valid YAML: ");
    }

    @Test
    void other_mistakes_are_named() {
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "name: x\n"))
                .hasMessage("x.yaml:1:1: a ladder needs 'steps:', a list of steps");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "steps:\n  - name: a\n  - name: a\n"))
                .hasMessage("x.yaml:3:5: two steps are named 'a'; step names must be unique");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "steps:\n  - app: {fetch: lazy}\n"))
                .hasMessage("x.yaml:2:5: a step needs a 'name'");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "workload: {rate: -1}\nsteps:\n  - name: a\n"))
                .hasMessage("x.yaml:1:18: 'rate' must be between 0.1 and 10000 (was -1)");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "steps:\n  - name: a\n    url: http://example.com\n"))
                .hasMessageContaining("load tests target loopback only");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", "steps:\n  - name: a\n    expect: maybe\n"))
                .hasMessage("x.yaml:3:13: 'expect' must be passed or failed (was 'maybe')");
        assertThatThrownBy(() -> LadderFiles.parse("x.yaml", ""))
                .hasMessage("x.yaml: the file is empty");
    }

    @Test
    void a_users_own_app_step_takes_a_url_a_start_command_its_users_and_ids(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.csv"), "id,email,password,name\n");
        Ladder l = LadderFiles.parse("own.yaml", """
                steps:
                  - name: mine
                    start: java -jar build/shop.jar --port 8089
                    url: http://127.0.0.1:8089
                    users: users.csv
                    ids: {articles: 300, users: 40}
                """, dir);
        Ladder.Step s = l.steps().get(0);
        assertThat(s.referenceApp()).isFalse();
        Ladder.OwnApp own = s.ownApp().orElseThrow();
        assertThat(own.start()).contains("java -jar build/shop.jar --port 8089");
        assertThat(own.url()).contains("http://127.0.0.1:8089");
        assertThat(own.usersCsv()).contains(dir.resolve("users.csv"));
        assertThat(own.articleIdMax()).isEqualTo(300);
        assertThat(own.userIdMax()).isEqualTo(40);
        assertThat(s.app()).isEmpty();
        assertThat(s.expect()).isEqualTo(Optional.empty());
    }

    @Test
    void an_own_app_step_names_what_its_workload_needs(@TempDir Path dir) {
        assertThatThrownBy(() -> LadderFiles.parse("own.yaml", """
                steps:
                  - name: mine
                    url: http://127.0.0.1:8089
                """, dir)).hasMessage("own.yaml:2:5: the workload builtin:story signs users in: give your app's users "
                + "with 'users: FILE' (CSV id,email,password,name)");
        assertThatThrownBy(() -> LadderFiles.parse("own.yaml", """
                steps:
                  - name: mine
                    url: http://127.0.0.1:8089
                    users: nobody.csv
                """, dir)).hasMessage("own.yaml:4:12: no users file " + dir.resolve("nobody.csv") + " (a CSV "
                + "'id,email,password,name' of your app's users; relative names are read from the ladder file's folder)");
        assertThatThrownBy(() -> LadderFiles.parse("own.yaml", """
                steps:
                  - name: mine
                    app: {fetch: eager}
                    users: users.csv
                """, dir)).hasMessageContaining("own.yaml:4:12: 'users' describes your own app; it needs the app's 'url'");
    }

    @Test
    void an_own_app_step_without_ids_is_refused_only_when_its_workload_picks_pages_by_id(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("users.csv"), "id,email,password,name\n");
        assertThatThrownBy(() -> LadderFiles.parse("own.yaml", """
                steps:
                  - name: mine
                    url: http://127.0.0.1:8089
                    users: users.csv
                """, dir)).hasMessage("own.yaml:2:5: the workload builtin:story opens articles and profiles by id: "
                + "give 'ids: {articles: N, users: N}' (the highest ids in your app)");
        Ladder profile = LadderFiles.parse("own.yaml", """
                workload: {simulation: QueryProfile}
                steps:
                  - name: mine
                    url: http://127.0.0.1:8089
                    users: users.csv
                """, dir);
        assertThat(profile.steps().get(0).ownApp().orElseThrow().articleIdMax()).isZero();
    }
}
