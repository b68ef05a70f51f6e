package dev.scalelab.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalelab.cli.gate.GateResult.Outcome;
import dev.scalelab.cli.gate.QueryProfile.Allowance;
import dev.scalelab.cli.gate.QueryProfile.Route;
import dev.scalelab.cli.gate.QueryProfile.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {

    static final String ARTICLES = "select ... from article a join author u on u.id = a.author_id order by a.published_at desc";
    static final String AUTHOR = "select a.id, a.name, a.avatar_url, a.bio, a.email from author a where a.id = ?";

    static Route home(int total, Map<String, Statement> statements, List<String> nPlusOne) {
        return new Route(2, 0, total, statements, nPlusOne, null);
    }

    static QueryProfile profile(Map<String, Route> routes) {
        return new QueryProfile(QueryProfile.SCHEMA_VERSION, "eager-fetch", routes);
    }

    final QueryProfile baseline = profile(Map.of(
            "GET /", home(4, Map.of(ARTICLES, new Statement(1, "FeedView.load(FeedView.java:12)")), List.of()),
            "GET /users/{id}", home(3, Map.of(), List.of())));

    @Test
    void a_new_n_plus_one_names_route_counts_statement_and_call_site() {
        QueryProfile now = profile(Map.of(
                "GET /", home(54, Map.of(ARTICLES, new Statement(1, "FeedView.load(FeedView.java:12)"),
                        AUTHOR, new Statement(50, "FeedView.render(FeedView.java:31)")),
                        List.of(AUTHOR + " at FeedView.render(FeedView.java:31)")),
                "GET /users/{id}", home(3, Map.of(), List.of())));
        GateResult r = new Gate(0).compare(baseline, now);
        assertThat(r.passed()).isFalse();
        assertThat(r.routes().get(0).outcome()).isEqualTo(Outcome.REGRESSION);
        assertThat(r.routes().get(0).message()).isEqualTo("GET /: 4 -> 54 statements (+50 x select ... from author a "
                + "where a.id = ? at FeedView.render(FeedView.java:31), new statement, new N+1)");
        assertThat(r.routes().get(1).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void growth_within_the_tolerance_passes_and_an_allowance_is_listed() {
        QueryProfile now = profile(Map.of(
                "GET /", home(5, Map.of(ARTICLES, new Statement(2, "FeedView.load(FeedView.java:12)")), List.of()),
                "GET /users/{id}", home(9, Map.of(), List.of())));
        QueryProfile allowed = profile(Map.of("GET /", baseline.routes().get("GET /"),
                "GET /users/{id}", baseline.routes().get("GET /users/{id}")
                        .withAllowance(new Allowance(10, "profile widgets load lazily until #42", "https://example.test/42"))));
        GateResult r = new Gate(1).compare(allowed, now);
        assertThat(r.passed()).isTrue();
        assertThat(r.allowances()).containsExactly(
                "GET /users/{id}: up to 10 statements (profile widgets load lazily until #42, https://example.test/42)");
        assertThat(r.routes().get(0).message()).isEqualTo("GET /: 5 statements (4 in the baseline, within the tolerance or allowance)");
    }

    @Test
    void fails_closed_on_missing_routes_errors_new_routes_and_empty_profiles() {
        QueryProfile now = profile(Map.of(
                "GET /", new Route(2, 1, 4, Map.of(), List.of(), null),
                "GET /tags/{id}", home(2, Map.of(), List.of())));
        GateResult r = new Gate(0).compare(baseline, now);
        assertThat(r.passed()).isFalse();
        assertThat(r.routes()).extracting(GateResult.RouteVerdict::outcome)
                .containsExactly(Outcome.ERRORS, Outcome.NEW_ROUTE, Outcome.NOT_EXERCISED);
        assertThat(r.routes().get(2).message())
                .isEqualTo("GET /users/{id}: in the baseline but not exercised by this run; a route that is not measured cannot pass");
        assertThat(new Gate(0).compare(profile(Map.of()), profile(Map.of())).passed()).isFalse();
    }

    @Test
    void improvements_pass_and_suggest_update() {
        QueryProfile now = profile(Map.of("GET /", home(2, Map.of(), List.of()), "GET /users/{id}", home(3, Map.of(), List.of())));
        GateResult r = new Gate(0).compare(baseline, now);
        assertThat(r.passed()).isTrue();
        assertThat(GateFormats.render("text", r, "gate.json")).contains("GET /: 4 -> 2 statements, better than the baseline; "
                + "record it with --update").endsWith("query gate passed: 2 routes within gate.json; some routes improved: "
                + "record them with --update\n");
    }

    @Test
    void formats_for_ci_systems() {
        QueryProfile now = profile(Map.of("GET /", home(54, Map.of(AUTHOR, new Statement(50, "FeedView.render(FeedView.java:31)")),
                List.of()), "GET /users/{id}", home(3, Map.of(), List.of())));
        GateResult r = new Gate(0).compare(baseline, now);
        assertThat(GateFormats.render("junit", r, "gate.json"))
                .contains("<testsuite name=\"scalelab query gate\" tests=\"2\" failures=\"1\"")
                .contains("<testcase classname=\"scalelab.gate\" name=\"GET /users/{id}\"/>")
                .contains("<failure type=\"REGRESSION\" message=\"GET /: 4 -&gt; 54 statements");
        assertThat(GateFormats.render("github", r, "gate.json"))
                .startsWith("::error file=gate.json,title=query gate%3A GET /::GET /: 4 -> 54 statements (+50 x ");
        assertThat(GateFormats.render("markdown", r, "gate.json"))
                .contains("| `GET /` | 4 | 54 | **regression** |");
    }

    @Test
    void baselines_round_trip_with_stable_ordering(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("gate.json");
        baseline.write(f);
        String text = Files.readString(f);
        assertThat(text.indexOf("\"GET /\"")).isLessThan(text.indexOf("\"GET /users/{id}\""));
        assertThat(QueryProfile.read(f)).isEqualTo(baseline);
        Files.writeString(f, "{\"schemaVersion\": 1, \"routes\": {\n  \"GET /\": [}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryProfile.read(f))
                .hasMessage(f + " is not a valid baseline: invalid JSON at line 2, column 13 (Unexpected close marker '}':"
                        + " expected ']'); fix it, or delete it and record a new baseline with --update");
    }
}
