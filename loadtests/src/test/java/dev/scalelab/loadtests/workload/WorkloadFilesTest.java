package dev.scalelab.loadtests.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalelab.loadtests.workload.Workload.OneOf;
import dev.scalelab.loadtests.workload.Workload.Repeat;
import dev.scalelab.loadtests.workload.Workload.Request;
import dev.scalelab.loadtests.yaml.YamlFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadFilesTest {

    @TempDir
    Path dir;

    private Workload parse(String yaml) {
        return WorkloadFiles.parse("w.yaml", yaml, dir, Map.of());
    }

    private Path usersCsv() throws Exception {
        return Files.writeString(dir.resolve("users.csv"), """
                id,email,password,name
                1,gina@shop.test,secret,Gina Caputo
                2,"o'neil@shop.test",pw,"Reader 2 O'Neil, Jr"
                """);
    }

    @Nested
    class TheDocumentedFormat {

        @Test
        void every_kind_of_feeder_request_and_probe_is_read() throws Exception {
            usersCsv();
            Files.writeString(dir.resolve("owners.csv"), "id,name\n7,Ann\n8,Bob\n");
            Files.writeString(dir.resolve("visits.csv"), "1,7\n2,8\n");
            Workload w = parse("""
                    name: shop
                    load: {rate: 5, warmupSec: 5, durationSec: 30, drainSec: 10, seed: 42}
                    probes:
                      health: /actuator/health
                      cache: [X-Cache-Status, CF-Cache-Status]
                      identity: {css: '#user-name', column: name, anonymous: Guest}
                    feeders:
                      owners:   {csv: owners.csv, order: random}
                      visits:   {csv: visits.csv, header: false, columns: [id, owner], order: circular}
                      pets:     {range: [1, 200], order: random}
                      pages:    {list: [1, 2, 3], order: circular}
                      users:    {csv: users.csv, order: per-visitor}
                      articles: {range: [1, 2000], order: random, hot: {share: 0.95, count: 60}}
                    signIn:
                      feeder: users
                      share: 0.3
                      form: {path: /login, fields: {email: '${users.email}', password: '${users.password}'}, expect: 303}
                    signOut: {method: POST, path: /logout, expect: 303}
                    journeys:
                      - name: browse
                        share: 0.7
                        requests:
                          - name: GET /owners/{ownerId}
                            get: /owners/${owners.id}
                            query: {page: '${pages}'}
                            headers: {Accept: text/html}
                            think: 1s..3s
                          - post: /owners/${owners.id}/pets/new
                            form: {name: Rex, birthDate: 2020-01-01}
                            expect: 302
                            feed: [owners]
                      - name: api
                        share: 0.3
                        requests:
                          - put: /api/visits/${visits.id}
                            json: {owner: '${visits.owner}', pets: [1, two], done: true}
                            think: 500ms
                    """);
            assertThat(w.name()).isEqualTo("shop");
            assertThat(w.load()).isEqualTo(new Workload.Load(5, 5, 30, 10, 42, 0));
            assertThat(w.probes().health()).isEqualTo("/actuator/health");
            assertThat(w.probes().cache()).containsExactly("X-Cache-Status", "CF-Cache-Status");
            assertThat(w.probes().identity().orElseThrow().anonymous()).contains("Guest");
            assertThat(w.feeders().keySet()).containsExactly("owners", "visits", "pets", "pages", "users", "articles");
            assertThat(w.feeders().get("visits").columns()).containsExactly("id", "owner");
            assertThat(w.feeders().get("visits").value(1, 1)).isEqualTo("8");
            assertThat(w.feeders().get("pets").size()).isEqualTo(200);
            assertThat(w.feeders().get("pets").value(199, 0)).isEqualTo("200");
            assertThat(w.feeders().get("users").value(1, 3)).isEqualTo("Reader 2 O'Neil, Jr");
            assertThat(w.feeders().get("articles").hot()).isEqualTo(new Feeder.Hot(0.95, 60, true));
            assertThat(w.signIn().orElseThrow().form().orElseThrow().name()).isEqualTo("POST /login");
            assertThat(w.signOut().orElseThrow().method()).isEqualTo("POST");

            Request first = (Request) w.journeys().get(0).steps().get(0);
            assertThat(first.name()).isEqualTo("GET /owners/{ownerId}");
            assertThat(first.think()).isEqualTo(new Workload.Think(1000, 3000));
            assertThat(first.expect()).isEqualTo(200);
            assertThat(first.identity()).isTrue();
            Request second = (Request) w.journeys().get(0).steps().get(1);
            assertThat(second.name()).as("the route template of the path").isEqualTo("POST /owners/{id}/pets/new");
            assertThat(second.identity()).isFalse();
            assertThat(second.feed()).containsExactly("owners");
            Request put = (Request) w.journeys().get(1).steps().get(0);
            assertThat(put.json().orElseThrow().text()).isEqualTo("{\"owner\":\"${visits.owner}\",\"pets\":[1,\"two\"],\"done\":true}");
            assertThat(put.think()).isEqualTo(new Workload.Think(500, 500));
        }

        @Test
        void templates_render_the_visits_records() throws Exception {
            Workload w = parse("""
                    feeders:
                      owners: {list: [Ann, Bob]}
                      pets:   {range: [5, 9]}
                    journeys:
                      - {name: j, share: 1, requests: [{get: '/owners/${owners}/pets/${pets.value}?x=1'}]}
                    """);
            Request r = (Request) w.journeys().get(0).steps().get(0);
            assertThat(r.name()).isEqualTo("GET /owners/{owners}/pets/{pets}");
            assertThat(r.path().render((feeder, column) -> feeder == 0 ? "Bob" : "7")).isEqualTo("/owners/Bob/pets/7?x=1");
        }

        @Test
        void the_built_in_workloads_read_with_the_runs_dataset() throws Exception {
            Path users = usersCsv();
            Workload story = WorkloadFiles.read(WorkloadFiles.STORY, Map.of("usersCsv", users.toString(),
                    "articleIdMax", "300", "userIdMax", "40", "hotShare", "0.95", "hotPages", "60", "commentShare", "0.5"));
            assertThat(story.feeders().get("articles").size()).isEqualTo(300);
            assertThat(story.feeders().get("profiles").hot()).isEqualTo(new Feeder.Hot(0.95, 60, false));
            assertThat(story.feeders().get("users").size()).isEqualTo(2);
            assertThat(story.signIn().orElseThrow().share()).isEqualTo(0.3);
            assertThat(story.journeys().get(0).steps().get(0)).isInstanceOfSatisfying(Repeat.class, r -> {
                assertThat(r.minTimes()).isEqualTo(2);
                assertThat(r.maxTimes()).isEqualTo(5);
            });
            assertThat(story.journeys().get(0).steps().get(1)).isInstanceOfSatisfying(OneOf.class, o -> {
                assertThat(o.when()).isEqualTo(Workload.When.SIGNED_IN);
                assertThat(o.totalWeight()).isEqualTo(0.5);
            });
            Workload profile = WorkloadFiles.read(WorkloadFiles.QUERY_PROFILE, Map.of("usersCsv", users.toString()));
            assertThat(profile.load().visitors()).isEqualTo(1);
            assertThat(profile.journeys().get(0).steps()).hasSize(14);
        }
    }

    @Nested
    class Mistakes {

        @Test
        void every_mistake_of_the_file_is_listed_at_once_with_line_and_column() {
            assertThatThrownBy(() -> parse("""
                    load: {rate: , durationSec: .nan, seed: x}
                    feeders:
                      pets: {range: [1, 200], order: shuffled}
                    journeys:
                      - name: j
                        share: 1
                        requests:
                          - get: /pets/${pet.id}
                            expekt: 200
                          - {post: '/pets/${pets.name}', think: soon}
                    """)).isInstanceOf(YamlFileException.class).hasMessage(String.join("\n",
                    "w.yaml:1:13: 'rate' must be a number (found none)",
                    "w.yaml:1:29: 'durationSec' must be a whole number (was '.nan')",
                    "w.yaml:1:41: 'seed' must be a whole number (was 'x')",
                    "w.yaml:3:34: 'order' must be one of random, circular, per-visitor (was 'shuffled')",
                    "w.yaml:9:9: unknown key 'expekt' in a request (valid: audience, delete, expect, feed, form, get, headers, "
                            + "identity, ifUnused, json, name, patch, post, put, query, think, when)",
                    "w.yaml:8:14: '${pet.id}' names no feeder (feeders: pets)",
                    "w.yaml:10:16: feeder 'pets' has no column 'name' (columns: value)",
                    "w.yaml:10:45: 'think' must be a time (2s, 500ms) or a range (1s..3s) (was 'soon')"));
        }

        @Test
        void a_csv_without_its_header_line_is_one_clear_line() throws Exception {
            Files.writeString(dir.resolve("users.csv"), "1,gina@shop.test,secret,Gina Caputo\n2,ann@shop.test,pw,Ann\n");
            assertThatThrownBy(() -> parse("""
                    feeders:
                      users: {csv: users.csv}
                    journeys:
                      - {name: j, share: 1, requests: [{get: '/users/${users.id}'}]}
                    """)).hasMessage("w.yaml:4:42: feeder 'users' has no column 'id' (columns: 1, gina@shop.test, secret, "
                    + "Gina Caputo); its header line is '1,gina@shop.test,secret,Gina Caputo': if users.csv has no header "
                    + "line, say 'header: false' and name its 'columns'");
        }

        @Test
        void a_bad_feeder_row_names_its_file_and_line() throws Exception {
            Path csv = Files.writeString(dir.resolve("owners.csv"), "id,name\n1,Ann\n\n2\n3,Cy,extra\n");
            assertThatThrownBy(() -> parse("""
                    feeders:
                      owners: {csv: owners.csv}
                    journeys:
                      - {name: j, share: 1, requests: [{get: '/owners/${owners.id}'}]}
                    """)).hasMessage(String.join("\n",
                    csv + ":4: 1 field, expected 2 (id, name) for feeder 'owners' (w.yaml:2:17)",
                    csv + ":5: 3 fields, expected 2 (id, name) for feeder 'owners' (w.yaml:2:17)"));
        }

        @Test
        void a_missing_feeder_file_and_a_headerless_csv_without_columns_are_named() {
            assertThatThrownBy(() -> parse("""
                    feeders:
                      a: {csv: none.csv}
                      b: {csv: none.csv, header: false}
                    journeys:
                      - {name: j, share: 1, requests: [{get: /}]}
                    """)).hasMessage(String.join("\n",
                    "w.yaml:2:12: no feeder file " + dir.resolve("none.csv") + " (relative names are read from the "
                            + "workload file's folder)",
                    "w.yaml:3:22: a CSV without a header line ('header: false') needs 'columns: [...]', the names of its "
                            + "columns in order"));
        }

        @Test
        void sign_in_and_identity_must_agree_with_the_feeders() throws Exception {
            usersCsv();
            assertThatThrownBy(() -> parse("""
                    probes:
                      identity: {regex: 'Hello (\\w+)', column: nickname}
                    feeders:
                      users: {csv: users.csv, order: per-visitor}
                    signIn: {feeder: user, form: {path: /login}}
                    journeys:
                      - {name: j, share: 1, requests: [{get: /}]}
                    """)).hasMessage("w.yaml:5:18: 'signIn' names no feeder 'user' (feeders: users)");
            assertThatThrownBy(() -> parse("""
                    probes:
                      identity: {regex: 'Hello (\\w+)', column: nickname}
                    feeders:
                      users: {csv: users.csv, order: per-visitor}
                    signIn: {feeder: users, bearer: '${users.token}'}
                    journeys:
                      - {name: j, share: 1, requests: [{get: /}]}
                    """)).hasMessage(String.join("\n",
                    "w.yaml:5:33: feeder 'users' has no column 'token' (columns: id, email, password, name); its header "
                            + "line is 'id,email,password,name': if users.csv has no header line, say 'header: false' "
                            + "and name its 'columns'",
                    "w.yaml:2:44: feeder 'users' has no column 'nickname' (columns: id, email, password, name); its "
                            + "header line is 'id,email,password,name': if users.csv has no header line, say "
                            + "'header: false' and name its 'columns'"));
        }

        @Test
        void an_identity_probe_without_sign_in_or_anonymous_marker_is_refused() {
            assertThatThrownBy(() -> parse("""
                    probes:
                      identity: {regex: 'Hello (\\w+)'}
                    journeys:
                      - {name: j, share: 1, requests: [{get: /}]}
                    """)).hasMessage("w.yaml:2:13: 'identity' has nothing to check: without 'signIn' every visitor is "
                    + "anonymous, so give 'anonymous' (what an anonymous page shows; '' for no marker) or remove the probe");
        }

        @Test
        void a_variable_that_is_not_declared_is_named() {
            assertThatThrownBy(() -> parse("""
                    vars: {n: 3}
                    load: {rate: '${vars.rat}'}
                    journeys:
                      - {name: j, share: 1, requests: [{get: /}]}
                    """)).hasMessage(String.join("\n",
                    "w.yaml:2:14: unknown variable '${vars.rat}' (declared: n)",
                    "w.yaml:2:14: 'rate' must be a number (was '${vars.rat}')"));
        }

        @Test
        void a_file_without_journeys_says_what_it_needs() {
            assertThatThrownBy(() -> parse("name: x\n"))
                    .hasMessage("w.yaml:1:1: the workload needs 'journeys' (a list of journeys, each with a name, a share "
                            + "and requests)");
        }
    }

    @Test
    void variables_are_overridden_by_the_run() {
        Workload w = WorkloadFiles.parse("w.yaml", """
                vars: {rate: 3}
                load: {rate: '${vars.rate}'}
                journeys:
                  - {name: j, share: 1, requests: [{get: /}]}
                """, dir, Map.of("rate", "7.5", "other", "x"));
        assertThat(w.load().rate()).isEqualTo(7.5);
        assertThat(w.vars()).isEqualTo(Map.of("rate", "7.5"));
        assertThat(List.of(w.load().with(null, 1, null, null, 9L).warmupSec())).containsExactly(1);
    }
}
