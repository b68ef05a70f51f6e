package dev.scalelab.loadtests.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.loadtests.workload.Feeder;
import dev.scalelab.loadtests.workload.Workload;
import dev.scalelab.loadtests.workload.Workload.Journey;
import dev.scalelab.loadtests.workload.Workload.Marker;
import dev.scalelab.loadtests.workload.Workload.OneOf;
import dev.scalelab.loadtests.workload.Workload.Repeat;
import dev.scalelab.loadtests.workload.Workload.Request;
import dev.scalelab.loadtests.workload.Workload.SignIn;
import dev.scalelab.loadtests.workload.Workload.Step;
import dev.scalelab.loadtests.workload.WorkloadFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * builtin:story sends the mix StoryWorkload sends: the same requests per route per visit, on average, for the same
 * parameters. The file's visits are drawn with WorkloadSimulation's own draws (signed in or not, repeats, oneOf,
 * feeders) walking the file's steps as its Gatling chain does (a repeat's count drawn once, on entering it);
 * StoryWorkload's with VisitPlanner.
 */
class StoryMixTest {

    private static final int VISITS = 40_000;

    @TempDir
    Path dir;

    @Test
    void the_story_file_sends_the_mix_of_the_java_story_workload() throws IOException {
        assertSameMix(0.3, 0.2, 0, 0);
    }

    @Test
    void the_mix_stays_the_same_with_more_signed_in_visitors_commenting_and_popular_pages() throws IOException {
        assertSameMix(0.6, 0.5, 0.8, 20);
    }

    private void assertSameMix(double signedInShare, double commentShare, double hotShare, int hotPages)
            throws IOException {
        List<SeededUser> users = new ArrayList<>();
        StringBuilder csv = new StringBuilder("id,email,password,name\n");
        for (int i = 1; i <= 50; i++) {
            users.add(new SeededUser(i, "u" + i + "@example.com", "pw" + i, "User " + i));
            csv.append(i).append(",u").append(i).append("@example.com,pw").append(i).append(",User ").append(i)
                    .append('\n');
        }
        Path usersCsv = Files.writeString(dir.resolve("users.csv"), csv);
        Workload story = WorkloadFiles.read("builtin:story", Map.of("usersCsv", usersCsv.toString(),
                "articleIdMax", "500", "userIdMax", "50", "signedInShare", String.valueOf(signedInShare),
                "commentShare", String.valueOf(commentShare), "hotShare", String.valueOf(hotShare),
                "hotPages", String.valueOf(hotPages)));
        VisitPlanner planner = new VisitPlanner(1, users, 500, 50, signedInShare, commentShare, 500, 2000)
                .popularity(hotShare, hotPages);

        Map<String, Double> java = perVisit(javaMix(planner));
        Map<String, Double> file = perVisit(fileMix(story));

        assertThat(file.keySet()).as("routes of builtin:story vs StoryWorkload").isEqualTo(java.keySet());
        for (String route : java.keySet()) {
            assertThat(file.get(route)).as("%s per visit: builtin:story %.3f, StoryWorkload %.3f", route,
                    file.get(route), java.get(route)).isCloseTo(java.get(route), org.assertj.core.data.Percentage
                    .withPercentage(4));
        }
    }

    private static Map<String, Double> perVisit(Map<String, Long> counts) {
        Map<String, Double> out = new TreeMap<>();
        counts.forEach((route, n) -> out.put(route, (double) n / VISITS));
        return out;
    }

    private static Map<String, Long> javaMix(VisitPlanner planner) {
        Map<String, Long> counts = new TreeMap<>();
        for (long v = 0; v < VISITS; v++) {
            for (VisitPlanner.Step s : planner.plan(v).steps()) {
                String route = switch (s.kind()) {
                    case LOGIN_PAGE -> "GET /login";
                    case LOGIN -> "POST /login";
                    case FEED -> "GET /";
                    case ARTICLE -> "GET /articles/{id}";
                    case PROFILE -> "GET /users/{id}";
                    case COMMENT -> "POST /articles/{id}/comments";
                    case LOGOUT -> "POST /logout";
                };
                counts.merge(route, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Walks the file's steps per visit as WorkloadSimulation's chain does, every sign-in and sign-out succeeding. */
    private static Map<String, Long> fileMix(Workload w) {
        List<String> feederNames = List.copyOf(w.feeders().keySet());
        WorkloadSimulation.Draws draws = new WorkloadSimulation.Draws(w.feeders().values().toArray(Feeder[]::new),
                w.load().seed(), WorkloadSimulation.bounds(w.journeys().stream().mapToDouble(Journey::share)
                .toArray(), false), w.signIn().map(SignIn::share).orElse(0.0));
        Map<String, Long> counts = new TreeMap<>();
        for (long visitor = 0; visitor < VISITS; visitor++) {
            WorkloadSimulation.Visit v = new WorkloadSimulation.Visit(draws, visitor);
            Walk walk = new Walk(w, feederNames, v, counts);
            if (v.signsIn) {
                walk.signIn();
            }
            walk.steps(w.journeys().get(Math.max(v.journey, 0)).steps());
            if (v.signedInNow && w.signOut().isPresent()) {
                walk.request(w.signOut().get());
                v.signedInNow = false;
            }
        }
        return counts;
    }

    private record Walk(Workload w, List<String> feederNames, WorkloadSimulation.Visit v, Map<String, Long> counts) {
        void signIn() {
            SignIn s = w.signIn().orElseThrow();
            s.formPage().ifPresent(this::request);
            s.form().ifPresent(this::request);
            v.signedInNow = true;
        }

        void steps(List<Step> steps) {
            for (Step s : steps) {
                boolean applies = switch (s.when()) {
                    case ALWAYS -> true;
                    case SIGNED_IN -> v.signedInNow;
                    case ANONYMOUS -> !v.signedInNow;
                };
                if (applies) {
                    step(s);
                }
            }
        }

        void step(Step step) {
            if (step instanceof Marker m) {
                throw new AssertionError("the story file places no sign-in or sign-out marker, found " + m);
            } else if (step instanceof Request r) {
                if (r.ifUnused() == null || v.rows[feederNames.indexOf(r.ifUnused())] < 0) {
                    request(r);
                }
            } else if (step instanceof Repeat r) {
                int times = r.minTimes() == r.maxTimes() ? r.minTimes()
                        : r.minTimes() + v.random.nextInt(r.maxTimes() - r.minTimes() + 1);
                for (int i = 0; i < times; i++) {
                    steps(r.steps());
                }
            } else {
                OneOf o = (OneOf) step;
                int pick = WorkloadSimulation.pick(WorkloadSimulation.bounds(
                        o.choices().stream().mapToDouble(Workload.Choice::weight).toArray(), true), v.random);
                if (pick >= 0) {
                    steps(o.choices().get(pick).steps());
                }
            }
        }

        void request(Request r) {
            for (String f : r.feed()) {
                v.draw(feederNames.indexOf(f));
            }
            for (String f : new TreeSet<>(feederNames)) {
                if (r.path().text().contains("${" + f)) {
                    v.value(feederNames.indexOf(f), 0);
                }
            }
            counts.merge(r.name(), 1L, Long::sum);
            if (r.think().maxMs() > 0) {
                v.think(r.think());
            }
        }
    }
}
