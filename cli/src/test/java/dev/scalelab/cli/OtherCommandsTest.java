package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.AppCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherCommandsTest {

    /** A request that loads 5 authors one by one from one loop, plus one malformed line. */
    static Path trace(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("{\"unit\":\"GET /\",\"sql\":\"select * from article order by id desc limit 5\",\"rows\":5,"
                + "\"stack\":[\"shop.Feed.load(Feed.java:10)\"]}");
        for (int i = 1; i <= 5; i++) {
            lines.add("{\"unit\":\"GET /\",\"sql\":\"select * from author where id = " + i + "\",\"rows\":1,"
                    + "\"stack\":[\"shop.Feed.render(Feed.java:31)\",\"shop.Web.home(Web.java:7)\"]}");
        }
        lines.add("{not json");
        return Files.write(dir.resolve("trace.jsonl"), lines);
    }

    @Test
    void analyze_prints_findings_as_json_and_reports_malformed_lines(@TempDir Path tmp) throws Exception {
        Result r = AppCommandTest.run("analyze", trace(tmp).toString(), "--format", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("units").asInt()).isEqualTo(1);
        assertThat(json.get("statements").asInt()).isEqualTo(6);
        assertThat(json.get("findings")).hasSize(1);
        JsonNode f = json.get("findings").get(0);
        assertThat(f.get("kind").asText()).isEqualTo("N_PLUS_ONE");
        assertThat(f.get("unit").asText()).isEqualTo("GET /");
        assertThat(f.get("count").asInt()).isEqualTo(5);
        assertThat(f.get("callSite").asText()).isEqualTo("Feed.render(Feed.java:31)");
        assertThat(r.err()).contains("line 7");
    }

    @Test
    void analyze_fails_the_build_only_when_asked(@TempDir Path tmp) throws Exception {
        Path t = trace(tmp);
        assertThat(AppCommandTest.run("analyze", t.toString()).exitCode()).isZero();
        Result r = AppCommandTest.run("analyze", t.toString(), "--fail-on-findings");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).contains("N+1").contains("Feed.render(Feed.java:31)");
    }

    /** An app in a package under a framework prefix: its frames only count with --app-packages. */
    static Path petclinicTrace(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            lines.add("{\"unit\":\"GET /owners\",\"sql\":\"select * from pet where id = " + i + "\",\"rows\":1,"
                    + "\"stack\":[\"org.hibernate.internal.SessionImpl.find(SessionImpl.java:100)\","
                    + "\"org.springframework.samples.petclinic.owner.OwnerView.pets(OwnerView.java:42)\","
                    + "\"org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1)\"]}");
        }
        return Files.write(dir.resolve("petclinic.jsonl"), lines);
    }

    @Test
    void analyze_names_the_app_frame_inside_a_framework_prefix_with_app_packages(@TempDir Path tmp) throws Exception {
        Path t = petclinicTrace(tmp);
        Result without = AppCommandTest.run("analyze", t.toString());
        assertThat(without.exitCode()).isZero();
        assertThat(without.out()).contains("at (no application frame in the call stack: every frame is under a"
                + " framework prefix; set the application packages: Diagnostics.builder().appPackages(\"com.example\"),"
                + " scalelab.diagnostics.app-packages or --app-packages)");
        Result with = AppCommandTest.run("analyze", t.toString(), "--app-packages",
                "com.example,org.springframework.samples.petclinic", "--format", "json");
        assertThat(with.exitCode()).isZero();
        JsonNode f = new ObjectMapper().readTree(with.out()).get("findings").get(0);
        assertThat(f.get("callSite").asText()).isEqualTo("OwnerView.pets(OwnerView.java:42)");
    }

    @Test
    void analyze_with_a_bad_app_package_is_one_line_and_exit_2(@TempDir Path tmp) throws Exception {
        Result r = AppCommandTest.run("analyze", petclinicTrace(tmp).toString(), "--app-packages", "com.example,9lives");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: invalid value for --app-packages: expected package names separated by"
                + " commas, such as com.example,org.acme; found 'com.example', '9lives'" + System.lineSeparator());
    }

    @Test
    void analyze_of_a_missing_file_is_one_line_and_exit_2(@TempDir Path tmp) {
        Result r = AppCommandTest.run("analyze", tmp.resolve("nope.jsonl").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: no trace file at " + tmp.resolve("nope.jsonl") + "; check the path"
                + System.lineSeparator());
        Result format = AppCommandTest.run("analyze", tmp.toString(), "--format", "xml");
        assertThat(format.err()).contains("invalid value for --format: 'xml' (valid values: text, json)");
    }

    @Test
    void report_of_a_folder_without_a_run_is_one_line_and_exit_2(@TempDir Path tmp) {
        Result r = AppCommandTest.run("report", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("scalelab: no summary.json at ").endsWith(System.lineSeparator());
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void doctor_says_what_is_missing_and_fails_on_an_unreachable_database() {
        Result r = AppCommandTest.run("doctor", "--db-url", "jdbc:postgresql://127.0.0.1:1/nothing");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).contains("  ok       Java ")
                .contains("  missing  PostgreSQL at jdbc:postgresql://127.0.0.1:1/nothing: cannot connect")
                .contains("the ladder cannot run here");
        assertThat(r.out()).containsPattern("(ok|missing) +nginx");
    }

    @Test
    void doctor_passes_with_the_test_database() throws Exception {
        Result r = AppCommandTest.run("doctor", "--db-url", TestDb.url("scalelab_ladder_it"));
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("the ladder can run here")
                .containsPattern("(?m)^  note     a new database connection takes \\d+\\.\\d ms here \\(about \\d+ per second");
    }
}
