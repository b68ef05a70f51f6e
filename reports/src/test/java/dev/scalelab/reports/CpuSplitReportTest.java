package dev.scalelab.reports;

import dev.scalelab.reports.model.CpuServer;
import dev.scalelab.reports.model.HostCpu;
import dev.scalelab.reports.model.Latency;
import dev.scalelab.reports.model.ProcessResources;
import dev.scalelab.reports.model.Resources;
import dev.scalelab.reports.model.RunSummary;
import dev.scalelab.reports.model.StepResult;
import dev.scalelab.reports.model.StepStatus;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.scalelab.reports.ReportFixtures.details;
import static org.assertj.core.api.Assertions.assertThat;

/** A step that split the machine (database on CPU 0, the rest on CPU 1) reads as two servers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CpuSplitReportTest {
    Document doc;
    String md;

    @BeforeAll
    void generate(@TempDir Path dir) throws Exception {
        Map<String, ProcessResources> processes = new LinkedHashMap<>();
        processes.put("app-1", new ProcessResources(47.0, 300.0));
        processes.put("app-2", new ProcessResources(46.0, 290.0));
        processes.put("database", new ProcessResources(52.0, 200.0));
        processes.put("injector", new ProcessResources(21.0, 410.0));
        processes.put("pgbouncer", new ProcessResources(4.0, 6.0));
        Resources split = new Resources(new ProcessResources(93.0, 590.0), new ProcessResources(52.0, 200.0),
                new ProcessResources(21.0, 410.0), processes, new HostCpu(2, 176.0), List.of(
                new CpuServer("database server", "0", List.of("database")),
                new CpuServer("app server", "1", List.of("app-1", "app-2", "pgbouncer"))));
        StepResult base = StepResult.builder("own-server", StepStatus.PASSED).requests(900).throughputRps(60)
                .latencyMs(new Latency(10, 40, 90, 200)).resources(split).build();
        RunSummary.of(List.of(base)).write(dir.resolve(RunSummary.FILE_NAME));
        ReportResult result = ReportGenerator.generate(dir, ReportFixtures.options());
        doc = ReportFixtures.html(result);
        md = ReportFixtures.md(result);
    }

    @Test
    void sentenceNamesEachServerItsCpuAndTheBottleneck() {
        assertThat(details(doc, "own-server").selectFirst(".cpu-sentence").text()).isEqualTo(
                "Database server (CPU 0, 1 core = 100 %): database 52 %, 52 % busy. "
                        + "App server (CPU 1, 1 core = 100 %): app-1 47 %, app-2 46 %, pgbouncer 4 %; together 97 %, "
                        + "saturated. On any CPU: injector 21 %. "
                        + "The app server is the bottleneck: give it more CPUs, or do less work per request.");
    }

    @Test
    void tableSaysWhichServerEachProcessRanOn() {
        Element table = details(doc, "own-server").selectFirst("table.cpu");
        assertThat(table.select("thead th").eachText()).containsExactly("Process", "Server", "CPU (% of one core)",
                "Share of the machine", "Memory (MB)");
        assertThat(table.select("tbody tr").get(0).select("td").eachText())
                .containsExactly("database", "database server", "52 %", "26 %", "200");
        assertThat(table.select("tbody tr").get(3).select("td").eachText())
                .containsExactly("injector", "any CPU", "21 %", "11 %", "410");
    }

    @Test
    void chartHasABarPerServerAndOneCoreMarked() throws Exception {
        Element img = details(doc, "own-server").selectFirst("#chart-cpu-1 img");
        ReportFixtures.svg(img);
        assertThat(ReportFixtures.svgText(img)).contains("database server (CPU 0)", "app server (CPU 1)", "any CPU",
                "per server: 1 core = 100 %");
    }

    @Test
    void markdownNamesTheServers() {
        assertThat(md).contains("| own-server | database server (CPU 0): 52 % of 100 %; app server (CPU 1): 97 % of "
                + "100 %, saturated | database 52 %, app-1 47 %, app-2 46 %, injector 21 %, pgbouncer 4 % |");
    }
}
