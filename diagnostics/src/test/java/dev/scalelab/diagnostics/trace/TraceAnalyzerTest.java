package dev.scalelab.diagnostics.trace;

import dev.scalelab.diagnostics.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceAnalyzerTest {
    static final String STACK = "\"stack\":[\"jdk.proxy2.$Proxy12.executeQuery(Unknown Source)\","
            + "\"com.shop.AuthorDao.find(AuthorDao.java:20)\",\"com.shop.FeedView.render(FeedView.java:31)\"]";

    static String line(String unit, long unitId, String sql, String params, String extra) {
        return "{\"unit\":\"" + unit + "\",\"unitId\":" + unitId + ",\"sql\":\"" + sql + "\",\"params\":" + params
                + ",\"batchSize\":0," + STACK + ",\"thread\":\"main\",\"durationMicros\":100,\"rows\":1" + extra + "}";
    }

    static TraceAnalysis analyze(List<String> lines) throws IOException {
        return TraceAnalyzer.builder().build().analyze(new StringReader(String.join("\n", lines)));
    }

    @Test
    void finds_an_n_plus_one_with_call_site_and_jdbc_hint() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(line("GET /", 1, "select * from article", "[]", ""));
        for (int id = 1; id <= 5; id++) {
            lines.add(line("GET /", 1, "select name from author where id = ?", "[" + id + "]", ""));
        }
        TraceAnalysis result = analyze(lines);
        assertThat(result.units()).isEqualTo(1);
        assertThat(result.statements()).isEqualTo(6);
        assertThat(result.malformedLines()).isEmpty();
        assertThat(result.findings()).hasSize(1);
        Finding f = result.findings().get(0).finding();
        assertThat(f.kind()).isEqualTo(Finding.Kind.N_PLUS_ONE);
        assertThat(f.count()).isEqualTo(5);
        assertThat(f.callSite()).isEqualTo("AuthorDao.find(AuthorDao.java:20)");
        assertThat(f.stack()).containsExactly("com.shop.AuthorDao.find(AuthorDao.java:20)",
                "com.shop.FeedView.render(FeedView.java:31)");
        assertThat(f.message()).isEqualTo("GET /: N+1: 5 × select name from author where id = ? at "
                + "AuthorDao.find(AuthorDao.java:20) (0.500 ms) — run one statement for all keys instead of one per"
                + " key: ... where id = ANY(?) with an array of the keys (Connection.createArrayOf), then match the"
                + " rows in memory");
    }

    @Test
    void units_are_told_apart_by_unit_id_so_one_query_per_request_is_not_a_loop() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int request = 1; request <= 5; request++) {
            lines.add(line("GET /articles/{id}", request, "select * from article where id = ?", "[" + request + "]", ""));
        }
        TraceAnalysis result = analyze(lines);
        assertThat(result.units()).isEqualTo(5);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void without_unit_ids_lines_group_by_unit_name() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            lines.add("{\"unit\":\"job\",\"sql\":\"select * from t where id = " + id + "\"}");
        }
        TraceAnalysis result = analyze(lines);
        assertThat(result.units()).isEqualTo(1);
        assertThat(result.findings()).extracting(f -> f.finding().kind()).containsExactly(Finding.Kind.N_PLUS_ONE);
        assertThat(result.findings().get(0).finding().callSite()).isEqualTo("(call stacks off)");
    }

    @Test
    void redacted_parameter_hashes_still_tell_duplicates_from_loops() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add("{\"unit\":\"GET /\",\"unitId\":1,\"sql\":\"select * from config where k = ?\",\"paramsHash\":\"ab12\"}");
        }
        TraceAnalysis result = analyze(lines);
        assertThat(result.findings()).extracting(f -> f.finding().kind()).containsExactly(Finding.Kind.DUPLICATE);
        assertThat(result.findings().get(0).finding().count()).isEqualTo(3);
    }

    @Test
    void malformed_lines_are_reported_with_their_number_and_skipped() throws IOException {
        List<String> lines = List.of(
                line("GET /", 1, "select 1 from t", "[]", ""),
                "{\"unit\":\"GET /\",\"sql\":",
                "",
                "{\"sql\":\"select 1\"}",
                "{\"unit\":\"GET /\",\"sql\":\"select 1\",\"batchSize\":\"two\"}",
                "[1,2]",
                "{\"unit\":\"GET /\",\"sql\":\"select 1\",\"stack\":[1]}",
                "\u0000\u0000",
                line("GET /", 1, "select 2 from t", "[]", ""));
        TraceAnalysis result = analyze(lines);
        assertThat(result.statements()).isEqualTo(2);
        assertThat(result.malformedLines()).containsExactly(
                "line 2: expected a value at column 23, found end of line",
                "line 4: missing required field \"unit\"",
                "line 5: \"batchSize\": expected a non-negative integer, found \"two\"",
                "line 6: expected a JSON object, found an array",
                "line 7: \"stack\": expected an array of strings, found 1 in it",
                "line 8: expected a value at column 1, found the control character U+0000");
    }

    @Test
    void json_output_has_findings_units_and_statements() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            lines.add(line("GET /", 1, "select name from author where id = ?", "[" + id + "]", ""));
        }
        String json = analyze(lines).toJson();
        assertThat(json).startsWith("{\"findings\":[{\"kind\":\"N_PLUS_ONE\",\"unit\":\"GET /\","
                + "\"fingerprint\":\"select name from author where id = ?\",\"count\":3,"
                + "\"callSite\":\"AuthorDao.find(AuthorDao.java:20)\",\"units\":1,");
        assertThat(json).endsWith("],\"units\":1,\"statements\":3,\"malformedLines\":[]}");
    }

    @Test
    void a_missing_file_is_an_io_error_for_the_caller(@TempDir Path dir) {
        assertThatThrownBy(() -> TraceAnalyzer.builder().build().analyze(dir.resolve("missing.jsonl")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void reads_a_file(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, line("GET /", 1, "select 1 from t", "[]", "") + "\n");
        assertThat(TraceAnalyzer.builder().threshold(2).build().analyze(file).statements()).isEqualTo(1);
    }

    @Test
    void the_threshold_must_be_at_least_two() {
        assertThatThrownBy(() -> TraceAnalyzer.builder().threshold(1).build())
                .hasMessage("threshold: expected >= 2 (one execution is never a loop), found 1");
    }

    @Test
    void app_packages_name_the_app_frame_inside_a_framework_prefix() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            lines.add("{\"unit\":\"GET /owners\",\"sql\":\"select * from pet where id = ?\",\"params\":[" + id + "],"
                    + "\"stack\":[\"org.hibernate.internal.SessionImpl.find(SessionImpl.java:100)\","
                    + "\"org.springframework.samples.petclinic.owner.OwnerView.pets(OwnerView.java:42)\","
                    + "\"com.shop.Other.call(Other.java:3)\"]}");
        }
        String analysis = String.join("\n", lines);
        Finding without = TraceAnalyzer.builder().build().analyze(new StringReader(analysis))
                .findings().get(0).finding();
        assertThat(without.callSite()).isEqualTo("Other.call(Other.java:3)");
        Finding with = TraceAnalyzer.builder().appPackages(List.of("org.springframework.samples.petclinic")).build()
                .analyze(new StringReader(analysis)).findings().get(0).finding();
        assertThat(with.callSite()).isEqualTo("OwnerView.pets(OwnerView.java:42)");
        assertThat(with.stack()).containsExactly(
                "org.springframework.samples.petclinic.owner.OwnerView.pets(OwnerView.java:42)");
        assertThat(with.hint()).startsWith("Hibernate loads pet rows one at a time");
    }

    @Test
    void a_trace_stack_without_an_application_frame_names_the_setting() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            lines.add("{\"unit\":\"GET /owners\",\"sql\":\"select * from pet where id = ?\",\"params\":[" + id + "],"
                    + "\"stack\":[\"org.springframework.samples.petclinic.owner.OwnerView.pets(OwnerView.java:42)\"]}");
        }
        Finding f = analyze(lines).findings().get(0).finding();
        assertThat(f.callSite()).isEqualTo("(no application frame in the call stack: every frame is under a"
                + " framework prefix; set the application packages: Diagnostics.builder().appPackages(\"com.example\"),"
                + " scalelab.diagnostics.app-packages or --app-packages)");
    }

    @Test
    void invalid_settings_are_reported_at_once() {
        assertThatThrownBy(() -> TraceAnalyzer.builder().threshold(1).appPackages("com.example", "org/acme").build())
                .hasMessage("threshold: expected >= 2 (one execution is never a loop), found 1; appPackages: expected"
                        + " package names such as \"com.example\", found \"org/acme\"");
    }

    static String at(String unit, String sql, String params, String... frames) {
        return "{\"unit\":\"" + unit + "\",\"sql\":\"" + sql + "\",\"params\":" + params + ",\"durationMicros\":100,"
                + "\"stack\":[\"" + String.join("\",\"", frames) + "\"]}";
    }

    @Test
    void two_results_read_twice_each_from_two_places_agree_with_the_count() throws IOException {
        String get = "com.shop.Settings.get(Settings.java:9)";
        String header = "com.shop.Header.render(Header.java:4)";
        String footer = "com.shop.Footer.render(Footer.java:8)";
        String sql = "select value from setting where key = ?";
        List<String> lines = List.of(
                at("GET /", sql, "[\"title\"]", get, header), at("GET /", sql, "[\"lang\"]", get, header),
                at("GET /", sql, "[\"title\"]", get, footer), at("GET /", sql, "[\"lang\"]", get, footer));
        List<TraceAnalysis.TraceFinding> findings = analyze(lines).findings();
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).finding().message()).isEqualTo("GET /: DUPLICATE: 4 × select value from setting"
                + " where key = ? with identical parameters at Settings.get(Settings.java:9) from 2 places:"
                + " Header.render(Header.java:4) (2 ×), Footer.render(Footer.java:8) (2 ×) (0.400 ms) — 2 results"
                + " were read 2 times each; read each once and reuse it (pass it along or keep it in a request-scoped"
                + " cache)");
        assertThat(analyze(lines).toJson()).contains(",\"sites\":[{\"callSite\":\"Settings.get(Settings.java:9) ←"
                + " Header.render(Header.java:4)\",\"count\":2},{\"callSite\":\"Settings.get(Settings.java:9) ←"
                + " Footer.render(Footer.java:8)\",\"count\":2}]}");
    }

    @Test
    void results_read_a_different_number_of_times_are_added_up_in_the_hint() throws IOException {
        String sql = "select value from setting where key = ?";
        List<String> lines = List.of(
                at("GET /", sql, "[\"title\"]", "com.shop.Header.render(Header.java:4)"),
                at("GET /", sql, "[\"title\"]", "com.shop.Footer.render(Footer.java:8)"),
                at("GET /", sql, "[\"title\"]", "com.shop.Sidebar.render(Sidebar.java:5)"),
                at("GET /", sql, "[\"lang\"]", "com.shop.Header.render(Header.java:5)"),
                at("GET /", sql, "[\"lang\"]", "com.shop.Footer.render(Footer.java:9)"));
        Finding f = analyze(lines).findings().get(0).finding();
        assertThat(f.count()).isEqualTo(5);
        assertThat(f.sites()).extracting(Finding.Site::count).containsExactly(1, 1, 1, 1, 1);
        assertThat(f.message()).isEqualTo("GET /: DUPLICATE: 5 × select value from setting where key = ? with"
                + " identical parameters at 5 places: Header.render(Header.java:4) (1 ×), Footer.render(Footer.java:8)"
                + " (1 ×), Sidebar.render(Sidebar.java:5) (1 ×), Header.render(Header.java:5) (1 ×),"
                + " Footer.render(Footer.java:9) (1 ×) (0.500 ms) — 2 results were read 5 times in all (3 + 2); read"
                + " each once and reuse it (pass it along or keep it in a request-scoped cache)");
    }

    @Test
    void a_read_repeated_outside_a_loop_that_also_reads_it_is_a_duplicate_of_its_own() throws IOException {
        String sql = "select name from author where id = ?";
        String loop = "com.shop.Feed.render(Feed.java:31)";
        List<String> lines = new ArrayList<>();
        for (int id : new int[]{1, 2, 1, 3}) {
            lines.add(at("GET /", sql, "[" + id + "]", loop));
        }
        lines.add(at("GET /", sql, "[7]", "com.shop.Header.render(Header.java:4)"));
        lines.add(at("GET /", sql, "[7]", "com.shop.Footer.render(Footer.java:8)"));
        List<String> messages = analyze(lines).findings().stream().map(f -> f.finding().message()).toList();
        assertThat(messages).containsExactly(
                "GET /: N+1: 4 × select name from author where id = ? at Feed.render(Feed.java:31) (0.400 ms) — run"
                        + " one statement for all keys instead of one per key: ... where id = ANY(?) with an array of"
                        + " the keys (Connection.createArrayOf), then match the rows in memory; 1 of the 4 reads"
                        + " repeated a key this loop had read already (3 distinct keys)",
                "GET /: DUPLICATE: 2 × select name from author where id = ? with identical parameters at 2 places:"
                        + " Header.render(Header.java:4) (1 ×), Footer.render(Footer.java:8) (1 ×) (0.200 ms) — the"
                        + " same result was read 2 times; read it once and reuse it (pass it along or keep it in a"
                        + " request-scoped cache)");
    }

    static String hibernateLoop(String sql) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            lines.add("{\"unit\":\"GET /owners/{ownerId}\",\"sql\":\"" + sql + "\",\"params\":[" + id + "],"
                    + "\"stack\":[\"org.hibernate.collection.spi.AbstractPersistentCollection.read(A.java:1)\","
                    + "\"com.vet.OwnerView.render(OwnerView.java:12)\"]}");
        }
        return analyze(lines).findings().get(0).finding().hint();
    }

    @Test
    void a_collection_hint_names_the_owner_from_the_key_column_not_from_the_page() throws IOException {
        assertThat(hibernateLoop("select v1_0.pet_id,v1_0.id,v1_0.visit_date,v1_0.description from visits v1_0"
                + " where v1_0.pet_id=?")).isEqualTo("Hibernate initializes one visits collection per pet (by"
                + " visits.pet_id): fetch the collection with the query that loads the pet (JOIN FETCH or"
                + " @EntityGraph), or batch it (@BatchSize on the collection, or hibernate.default_batch_fetch_size)");
    }

    @Test
    void a_collection_with_an_eager_association_joined_in_is_still_its_own_table() throws IOException {
        assertThat(hibernateLoop("select p1_0.owner_id,p1_0.id,p1_0.birth_date,p1_0.name,t1_0.id,t1_0.name from pets"
                + " p1_0 left join types t1_0 on t1_0.id=p1_0.type_id where p1_0.owner_id=?"))
                .startsWith("Hibernate initializes one pets collection per owner (by pets.owner_id): ");
    }

    @Test
    void a_many_to_many_collection_is_named_by_the_joined_table() throws IOException {
        assertThat(hibernateLoop("select s1_0.vet_id,s1_1.id,s1_1.name from vet_specialties s1_0 join specialties"
                + " s1_1 on s1_1.id=s1_0.specialty_id where s1_0.vet_id=?"))
                .startsWith("Hibernate initializes one specialties collection per vet (through"
                        + " vet_specialties.vet_id): ");
    }
}
