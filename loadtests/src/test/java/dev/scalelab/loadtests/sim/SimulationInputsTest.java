package dev.scalelab.loadtests.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.loadtests.sim.VisitPlanner.Kind;
import dev.scalelab.loadtests.sim.VisitPlanner.Step;
import dev.scalelab.loadtests.sim.VisitPlanner.Visit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationInputsTest {

    @Nested
    class Parameters {
        @TempDir
        Path dir;

        private Map<String, String> story() throws Exception {
            Map<String, String> p = new HashMap<>();
            p.put("baseUrl", "http://127.0.0.1:8080");
            p.put("rate", "12.5");
            p.put("usersCsv", Files.writeString(dir.resolve("u.csv"), "id,email,password,name\n1,a@b,pw,A\n").toString());
            p.put("articleIdMax", "2000");
            p.put("userIdMax", "5000");
            p.put("resultsFile", dir.resolve("r.json").toString());
            return p;
        }

        @Test
        void defaults_fill_what_is_not_given() throws Exception {
            SimulationParameters.Parsed parsed = SimulationParameters.parse(SimulationKind.STORY_WORKLOAD, story());
            assertThat(parsed.problems()).isEmpty();
            SimulationParameters p = parsed.parameters();
            assertThat(p.rate()).isEqualTo(12.5);
            assertThat(p.durationSec()).isEqualTo(60);
            assertThat(p.warmupSec()).isEqualTo(10);
            assertThat(p.seed()).isEqualTo(1);
            assertThat(p.signedInShare()).isEqualTo(0.3);
            assertThat(p.record()).isTrue();
        }

        @Test
        void every_problem_is_reported_at_once() throws Exception {
            Map<String, String> p = story();
            p.put("rate", "fast");
            p.put("warmupSec", "-1");
            p.put("thinkMinMs", "900");
            p.put("thinkMaxMs", "100");
            p.put("signedInShare", "1.5");
            p.remove("articleIdMax");
            p.put("record", "false");
            assertThat(SimulationParameters.parse(SimulationKind.STORY_WORKLOAD, p).message()).isEqualTo(
                    "rate must be a number of visitors per second (got 'fast'); "
                            + "warmupSec must be between 0 and 86400 seconds (got -1); "
                            + "articleIdMax is required: a whole number >= 1; "
                            + "signedInShare must be between 0 and 1 (got 1.5); "
                            + "thinkMaxMs must be >= thinkMinMs (got 100 < 900); "
                            + "record=false is only for HealthLoad (overhead figures); StoryWorkload always records");
        }

        @Test
        void query_profile_needs_neither_rate_nor_ids() throws Exception {
            Map<String, String> p = story();
            p.remove("rate");
            p.remove("articleIdMax");
            p.remove("userIdMax");
            assertThat(SimulationParameters.parse(SimulationKind.QUERY_PROFILE, p).problems()).isEmpty();
        }

        @Test
        void simulations_are_found_by_simple_or_class_name() {
            assertThat(SimulationKind.find("storyworkload")).contains(SimulationKind.STORY_WORKLOAD);
            assertThat(SimulationKind.find("dev.scalelab.loadtests.sim.QueryProfile")).contains(SimulationKind.QUERY_PROFILE);
            assertThat(SimulationKind.find("Soak")).isEmpty();
        }
    }

    @Nested
    class Users {
        @Test
        void reads_the_csv_scalelab_writes_with_quoting(@TempDir Path dir) throws Exception {
            Path csv = Files.writeString(dir.resolve("users.csv"),
                    "id,email,password,name\n1,user1@scalelab.test,password,Gina Caputo\n"
                            + "2,user2@scalelab.test,password,\"Smith, \"\"Jo\"\"\"\n\n");
            assertThat(UsersCsv.read(csv)).containsExactly(
                    new SeededUser(1, "user1@scalelab.test", "password", "Gina Caputo"),
                    new SeededUser(2, "user2@scalelab.test", "password", "Smith, \"Jo\""));
        }

        @Test
        void says_what_is_wrong_with_a_bad_file(@TempDir Path dir) throws Exception {
            Path noHeader = Files.writeString(dir.resolve("a.csv"), "1,a@b,pw,A\n");
            assertThatThrownBy(() -> UsersCsv.read(noHeader)).hasMessage("users CSV " + noHeader
                    + " has no column 'id' in its header [1, a@b, pw, A]; expected id,email,password,name");
            Path badLine = Files.writeString(dir.resolve("b.csv"), "id,email,password,name\nx,a@b,pw,A\n");
            assertThatThrownBy(() -> UsersCsv.read(badLine))
                    .hasMessage("users CSV " + badLine + " line 2 is not id,email,password,name: x,a@b,pw,A");
        }
    }

    @Nested
    class Visits {
        private final List<SeededUser> users = LongStream.rangeClosed(1, 100)
                .mapToObj(i -> new SeededUser(i, "user" + i + "@scalelab.test", "password", "User " + i)).toList();

        private VisitPlanner planner(long seed) {
            return new VisitPlanner(seed, users, 50, 100, 0.3, 0.2, 500, 2000);
        }

        @Test
        void the_same_seed_plans_the_same_visits_in_any_order() {
            List<Visit> forward = new ArrayList<>();
            for (long v = 0; v < 200; v++) {
                forward.add(planner(7).plan(v));
            }
            VisitPlanner other = planner(7);
            for (long v = 199; v >= 0; v--) {
                assertThat(other.plan(v)).isEqualTo(forward.get((int) v));
            }
            assertThat(planner(8).plan(3)).isNotEqualTo(forward.get(3));
        }

        @Test
        void signed_in_visits_sign_in_first_and_out_last_and_comment_on_an_article_they_read() {
            VisitPlanner planner = planner(1);
            int signedIn = 0;
            int comments = 0;
            for (long v = 0; v < 1000; v++) {
                Visit visit = planner.plan(v);
                List<Kind> kinds = visit.steps().stream().map(Step::kind).toList();
                if (!visit.signedIn()) {
                    assertThat(kinds).doesNotContain(Kind.LOGIN, Kind.LOGOUT, Kind.COMMENT).hasSizeBetween(2, 5);
                    continue;
                }
                signedIn++;
                assertThat(kinds.subList(0, 2)).containsExactly(Kind.LOGIN_PAGE, Kind.LOGIN);
                assertThat(kinds.get(kinds.size() - 1)).isEqualTo(Kind.LOGOUT);
                int c = kinds.indexOf(Kind.COMMENT);
                if (c >= 0) {
                    comments++;
                    long article = visit.steps().get(c).id();
                    assertThat(visit.steps().subList(0, c)).anyMatch(s -> s.kind() == Kind.ARTICLE && s.id() == article);
                    assertThat(visit.steps().get(c + 1)).isEqualTo(new Step(Kind.ARTICLE, article, 0, null));
                }
                for (Step s : visit.steps()) {
                    assertThat(s.thinkMs()).isBetween(0L, 2000L);
                }
            }
            assertThat(signedIn).isBetween(250, 350);
            assertThat(comments).isBetween(signedIn / 10, signedIn * 3 / 10);
        }

        @Test
        void signed_in_visitors_close_in_arrival_are_distinct_users() {
            VisitPlanner planner = planner(3);
            Set<String> emails = new HashSet<>();
            int signedIn = 0;
            for (long v = 0; v < 100; v++) {
                Visit visit = planner.plan(v);
                if (visit.signedIn()) {
                    signedIn++;
                    emails.add(visit.user().email());
                }
            }
            assertThat(emails).hasSize(signedIn);
        }

        @Test
        void ids_stay_within_the_dataset() {
            VisitPlanner planner = planner(5);
            for (long v = 0; v < 500; v++) {
                for (Step s : planner.plan(v).steps()) {
                    if (s.kind() == Kind.ARTICLE || s.kind() == Kind.COMMENT) {
                        assertThat(s.id()).isBetween(1L, 50L);
                    } else if (s.kind() == Kind.PROFILE) {
                        assertThat(s.id()).isBetween(1L, 100L);
                    }
                }
            }
            assertThat(planner.meanRequestsPerVisit(1000)).isBetween(3.5, 6.0);
        }
    }
}
