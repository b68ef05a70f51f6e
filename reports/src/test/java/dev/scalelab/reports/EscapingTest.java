package dev.scalelab.reports;

import dev.scalelab.reports.model.ConnectionErrorExample;
import dev.scalelab.reports.model.Finding;
import dev.scalelab.reports.model.LeakExample;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.RouteStats;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepLinks;
import dev.scalelab.reports.model.StepResult;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Names and texts from the run are data, never markup: in the HTML, in the charts and in the Markdown. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscapingTest {
    static final String HOSTILE = "<script>alert(\"x\")</script><img src=x onerror=alert(1)>{{title}} | *b* "
            + "[l](javascript:alert(1)) & ' ` $x$";
    static final String STEP = "evil" + HOSTILE;
    static final String ROUTE = "GET /<b>" + HOSTILE;

    Document doc;
    String html;
    String md;

    @BeforeAll
    void generate(@TempDir Path runDir) throws Exception {
        RunSummary story = StoryRun.write(runDir, 2);
        List<StepResult> steps = new ArrayList<>();
        for (StepResult s : story.steps()) {
            if (!s.name().equals("page-cache-shared")) {
                steps.add(s);
                continue;
            }
            Map<String, RouteStats> routes = new LinkedHashMap<>(s.routes());
            routes.put(ROUTE, new RouteStats(10, 1, new Latency(1, 2, 3, 4), 7.0, 0.5));
            Map<String, String> raw = new LinkedHashMap<>(s.links().rawFiles());
            raw.put("label " + HOSTILE, s.links().rawFiles().get("app log"));
            steps.add(s.toBuilder()
                    .name(STEP)
                    .statusReason("reason " + HOSTILE)
                    .switches(Map.of("cache" + HOSTILE, "shared" + HOSTILE))
                    .routes(routes)
                    .findings(List.of(new Finding(Finding.N_PLUS_ONE, ROUTE, "select " + HOSTILE, 9,
                            "call" + HOSTILE, "hint " + HOSTILE)))
                    .leakExamples(List.of(new LeakExample(ROUTE, "user " + HOSTILE, "served " + HOSTILE,
                            "detail " + HOSTILE)))
                    .connectionErrorExamples(List.of(new ConnectionErrorExample(ROUTE, "53300", "msg " + HOSTILE, 2)))
                    .connectionErrors(2L)
                    .dataMissing(List.of("note " + HOSTILE))
                    .links(new StepLinks(s.links().gatlingReport(), raw))
                    .build());
        }
        new RunSummary(1, "run" + HOSTILE, "start" + HOSTILE, "ladder" + HOSTILE, "workload" + HOSTILE, steps)
                .write(runDir.resolve("summary.json"));
        ReportResult result = ReportGenerator.generate(runDir, ReportFixtures.options());
        html = Files.readString(result.html());
        doc = ReportFixtures.html(result);
        md = ReportFixtures.md(result);
    }

    @Test
    void htmlHasNoInjectedElementsOrHandlers() {
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("b")).allMatch(b -> b.closest(".problem") != null || b.closest("td") != null)
                .allMatch(b -> !b.text().startsWith(HOSTILE.substring(0, 5)));
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertThat(a.getKey()).as("attribute of <%s>", e.tagName()).doesNotStartWith("on");
            }
        }
        assertThat(doc.select("img").eachAttr("src")).allMatch(s -> s.startsWith("data:image/svg+xml;base64,"));
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>" + HOSTILE);
    }

    @Test
    void hostileTextIsShownLiterally() {
        assertThat(doc.select("table.headline td.step").eachText()).contains(STEP);
        assertThat(doc.selectFirst("header .meta").text()).startsWith("Run run" + HOSTILE);
        assertThat(doc.title()).startsWith("Scaling ladder report · Run run" + HOSTILE);
        Element details = ReportFixtures.details(doc, STEP);
        assertThat(details.select("td.fingerprint").eachText()).containsExactly("select " + HOSTILE);
        assertThat(details.select("table.leaks td").eachText()).contains("user " + HOSTILE, "served " + HOSTILE);
        assertThat(details.select(".missing-note").eachText()).contains("data missing: note " + HOSTILE + " (run 1)");
        assertThat(details.select(".links a").eachText()).contains("label " + HOSTILE);
        assertThat(details.select(".problem").eachText()).anyMatch(t -> t.contains("reason " + HOSTILE));
    }

    @Test
    void chartsStayWellFormedSvgWithTheNameAsText() throws Exception {
        for (Element img : doc.select("img.chart")) {
            org.w3c.dom.Document svg = ReportFixtures.svg(img);
            assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
            assertThat(svg.getElementsByTagNameNS("*", "foreignObject").getLength()).isZero();
        }
        String series = ReportFixtures.svgText(doc.selectFirst("#chart-series-4 img"));
        assertThat(series).contains("evil&lt;script&gt;alert(&quot;x&quot;)&lt;/s");
    }

    @Test
    void markdownEscapesEverything() {
        assertThat(md).doesNotContain("<script").doesNotContain("<img").doesNotContainPattern("(?<!\\\\)\\]\\(javascript");
        String row = md.lines().filter(l -> l.startsWith("| evil")).findFirst().orElseThrow();
        assertThat(row).startsWith("| evil&lt;script&gt;alert(\"x\")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
                + "{{title}} &#124; \\*b\\* \\[l\\](javascript:alert(1)) &amp; ' \\` \\$x\\$ | **FAILED (expected)** |");
        assertThat(row.split("(?<!\\\\)\\|", -1)).as("step, status, 12 metrics between outer pipes").hasSize(16);
        assertThat(md).contains("<code>select &lt;script&gt;alert(\"x\")&lt;/script&gt;&lt;img src=x "
                + "onerror=alert(1)&gt;{{title}} &#124; &#42;b&#42; &#91;l&#93;(javascript:alert(1)) &amp; ' &#96; $x$</code>");
    }
}
