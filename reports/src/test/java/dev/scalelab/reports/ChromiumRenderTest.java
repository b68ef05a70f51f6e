package dev.scalelab.reports;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the story run's report in headless Chromium (Debian's {@code chromium} package): every chart is decoded
 * and laid out with a size, and a screenshot is kept beside the report in {@code target/chromium-run/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChromiumRenderTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path RUN_DIR = Path.of("target", "chromium-run");
    static final long TIMEOUT_SECONDS = 120;

    /** Writes every chart's decoded and laid-out size into data attributes once the page has loaded. */
    static final String MEASURE = """
            <script>
            window.addEventListener('load', function () {
              var imgs = document.querySelectorAll('img.chart');
              for (var i = 0; i < imgs.length; i++) {
                var img = imgs[i], r = img.getBoundingClientRect();
                img.setAttribute('data-natural', img.naturalWidth + 'x' + img.naturalHeight);
                img.setAttribute('data-rendered', Math.round(r.width) + 'x' + Math.round(r.height));
                img.setAttribute('data-decoded', String(img.complete && img.naturalWidth > 0));
              }
              document.body.setAttribute('data-measured', String(imgs.length));
            });
            </script>
            """;
    static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    ReportResult result;

    @BeforeAll
    void generate() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: " + CHROMIUM + " is absent; install it with "
                + "`apt-get install -y chromium` (CI installs it) to open the report in a browser");
        deleteRecursively(RUN_DIR);
        StoryRun.write(RUN_DIR, 3);
        result = ReportGenerator.generate(RUN_DIR, ReportFixtures.options());
    }

    @Test
    void everyChartIsDecodedAndLaidOutWithASize(@TempDir Path tmp) throws Exception {
        String html = Files.readString(result.html());
        assertThat(html).contains(CSP);
        // same page and same image policy; only the measuring script is allowed in addition
        String measured = html.replace(CSP, CSP + "; script-src 'unsafe-inline'")
                .replace("</body>", MEASURE + "</body>");
        Path page = Files.writeString(tmp.resolve("report-measure.html"), measured);

        String dom = chromium(tmp, "--dump-dom", "--virtual-time-budget=10000", "--window-size=1400,3000",
                page.toUri().toString());

        Document doc = Jsoup.parse(dom);
        assertThat(doc.body().attr("data-measured")).as("the measuring script ran").isEqualTo("19");
        List<Element> charts = doc.select("img.chart");
        assertThat(charts).hasSize(19);
        for (Element img : charts) {
            String what = img.attr("alt");
            assertThat(img.attr("data-decoded")).as("%s decoded", what).isEqualTo("true");
            assertThat(img.attr("data-natural")).as("%s intrinsic size", what).matches("640x(260|380|420)");
            String[] rendered = img.attr("data-rendered").split("x");
            assertThat(Integer.parseInt(rendered[0])).as("%s laid-out width", what).isGreaterThan(300);
            assertThat(Integer.parseInt(rendered[1])).as("%s laid-out height", what).isGreaterThan(150);
        }
    }

    @Test
    void screenshotIsKeptUnderTheRunFolder(@TempDir Path tmp) throws Exception {
        Path png = RUN_DIR.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(png);

        chromium(tmp, "--screenshot=" + png, "--window-size=1400,3000", result.html().toUri().toString());

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(3000);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("distinct colours: a rendered page, not a blank one").isGreaterThan(100);
    }

    /** Runs headless Chromium with a fresh profile; returns its standard output. */
    static String chromium(Path tmp, String... args) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "profile");
        Path out = tmp.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = tmp.resolve("chromium-" + System.nanoTime() + ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr:%n%s", Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
