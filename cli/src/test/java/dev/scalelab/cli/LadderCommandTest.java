package dev.scalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.AppCommandTest.Result;
import dev.scalelab.cli.proc.AppProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ladder end to end on the machine's PostgreSQL: child app JVMs, Gatling, samplers, summary and report. */
class LadderCommandTest {

    static String dbUrl;

    static final String TWO_STEPS = """
            name: two-steps
            workload: {rate: 3, warmupSec: 1, durationSec: 4, drainSec: 5, warmUpWrites: 20}
            steps:
              - name: lazy
                description: lazy loading
                app: {fetch: lazy, connections: per-request, cache: none}
              - name: eager
                description: eager loading
                app: {fetch: eager}
            """;

    @BeforeAll
    static void database() throws Exception {
        dbUrl = TestDb.url("scalelab_ladder_it");
    }

    @Test
    void climbs_a_ladder_and_writes_summary_report_and_raw_files(@TempDir Path tmp) throws Exception {
        Path ladder = Files.writeString(tmp.resolve("two.yaml"), TWO_STEPS);
        Path out = tmp.resolve("run");
        Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--db-url", dbUrl, "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("step 1/2 lazy: lazy loading").contains("step 2/2 eager: eager loading")
                .contains("report:  " + out.resolve("report.html"));

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("schemaVersion").asInt()).isEqualTo(1);
        JsonNode steps = summary.get("steps");
        assertThat(steps).hasSize(2);
        JsonNode lazy = steps.get(0);
        JsonNode eager = steps.get(1);
        assertThat(lazy.get("name").asText()).isEqualTo("lazy");
        assertThat(lazy.get("status").asText()).isEqualTo("PASSED");
        assertThat(lazy.get("requests").asLong()).isPositive();
        assertThat(lazy.at("/routes/GET ~1/statementsPerRequest").asDouble()).isGreaterThan(1_000);
        assertThat(eager.at("/routes/GET ~1/statementsPerRequest").asDouble()).isBetween(1.0, 5.0);
        assertThat(lazy.get("nPlusOneFindings").asInt()).isPositive();
        assertThat(eager.get("nPlusOneFindings").asInt()).isZero();
        assertThat(lazy.at("/resources/app/cpuPercent").asDouble()).isPositive();
        assertThat(lazy.at("/resources/database/rssMb").asDouble()).isPositive();
        for (String f : List.of("client-results.json", "injector.log", "app.log", "diagnostics.json", "resources.json",
                "postgres.json")) {
            assertThat(out.resolve("lazy").resolve(f)).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("lazy").resolve("app.log")))
                .contains("comment path warmed up: 20 comments posted and rolled back in ");
        assertThat(summary.get("workload").asText()).contains("apps post and roll back 20 comments before serving");
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("report.md")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.md"))).contains("lazy").contains("eager");
        renderedInChromium(out, tmp);
    }

    /** Every chart of the real run's report is decoded with a size in a browser; a screenshot stays in the run folder. */
    static void renderedInChromium(Path run, Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Chromium.installed(),
                "skipped: /usr/bin/chromium is absent; install it with `apt-get install -y chromium` (CI installs it)");
        String csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains(csp);
        String measuring = html.replace(csp, csp + "; script-src 'unsafe-inline'").replace("</body>", """
                <script>
                window.addEventListener('load', function () {
                  var imgs = document.querySelectorAll('img.chart');
                  for (var i = 0; i < imgs.length; i++) {
                    var r = imgs[i].getBoundingClientRect();
                    imgs[i].setAttribute('data-size', imgs[i].naturalWidth + 'x' + imgs[i].naturalHeight + ' '
                        + Math.round(r.width) + 'x' + Math.round(r.height));
                  }
                  document.body.setAttribute('data-charts', String(imgs.length));
                });
                </script></body>""");
        Path page = Files.writeString(tmp.resolve("measure.html"), measuring);
        var doc = org.jsoup.Jsoup.parse(Chromium.run(tmp, "--dump-dom", "--virtual-time-budget=10000",
                "--window-size=1400,3000", page.toUri().toString()));
        var charts = doc.select("img.chart");
        assertThat(Integer.parseInt(doc.body().attr("data-charts"))).isEqualTo(charts.size()).isGreaterThanOrEqualTo(8);
        for (var img : charts) {
            assertThat(img.attr("data-size")).as(img.attr("alt")).matches("[1-9][0-9]*x[1-9][0-9]* [1-9][0-9]*x[1-9][0-9]*");
        }
        Path png = run.resolve("report.png").toAbsolutePath();
        Chromium.run(tmp, "--screenshot=" + png, "--window-size=1400,3000", run.resolve("report.html").toUri().toString());
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @Test
    void refuses_to_overwrite_an_earlier_run(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("old-run"));
        Files.writeString(out.resolve("summary.json"), "{}");
        Result r = AppCommandTest.run("ladder", "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is not empty (it may hold an earlier run)");
        assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("{}");
    }

    @Test
    void a_broken_ladder_file_is_one_line_with_its_position(@TempDir Path tmp) throws Exception {
        Path ladder = Files.writeString(tmp.resolve("bad.yaml"), "steps:\n  - name: a\n    app: {fetch: fast}\n");
        Result r = AppCommandTest.run("ladder", "--ladder", ladder.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("scalelab: " + ladder + ":3:18: invalid value for 'fetch': 'fast' "
                + "(valid values: lazy, eager)" + System.lineSeparator());
    }

    @Test
    void sigterm_stops_every_child_and_keeps_the_finished_steps(@TempDir Path tmp) throws Exception {
        Path ladder = Files.writeString(tmp.resolve("two.yaml"), TWO_STEPS);
        Path out = tmp.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", AppProcess.ownClasspath(), "dev.scalelab.cli.Main", "ladder", "--ladder", ladder.toString(),
                "--db-url", dbUrl, "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<ProcessHandle> seen = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                p.descendants().forEach(seen::add);
                if (line.contains("step 2/2 eager [") && line.contains("measuring")) {
                    p.descendants().forEach(seen::add);
                    p.toHandle().destroy(); // SIGTERM, as Ctrl-C or a CI timeout would
                }
            }
        }
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(output.toString()).isTrue();
        assertThat(seen).as("children seen while running").isNotEmpty();
        Thread.sleep(500);
        assertThat(seen.stream().filter(ProcessHandle::isAlive).map(h -> h.pid() + " " + h.info().commandLine().orElse("")))
                .as("processes that outlived the command").isEmpty();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("steps")).hasSize(1);
        assertThat(summary.get("steps").get(0).get("name").asText()).isEqualTo("lazy");
        assertThat(out.resolve("report.html")).as(output.toString()).isRegularFile();
    }
}
