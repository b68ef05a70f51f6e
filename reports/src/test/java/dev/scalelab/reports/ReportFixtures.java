package dev.scalelab.reports;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/** Shared helpers of the report tests. */
final class ReportFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T11:00:00Z"), ZoneOffset.UTC);

    private ReportFixtures() {
    }

    static ReportOptions options() {
        return ReportOptions.defaults().withClock(CLOCK);
    }

    static Document html(ReportResult result) throws IOException {
        return Jsoup.parse(result.html().toFile(), "UTF-8");
    }

    static String md(ReportResult result) throws IOException {
        return Files.readString(result.markdown());
    }

    /** The headline row of a step, by step name. */
    static Element headlineRow(Document doc, String step) {
        return doc.select("table.headline tbody tr").stream()
                .filter(tr -> tr.selectFirst("td.step").text().equals(step))
                .findFirst().orElseThrow(() -> new AssertionError("no headline row for " + step));
    }

    /** Cell texts of a headline row: step, status, then the metric cells (value and change line). */
    static List<String> cells(Element row) {
        return row.select("td").eachText();
    }

    /** The value (without the change line) of a headline column, by column header text. */
    static String value(Document doc, String step, String column) {
        List<String> headers = doc.select("table.headline thead th").eachText();
        int i = headers.indexOf(column);
        if (i < 0) {
            throw new AssertionError("no column " + column + " in " + headers);
        }
        return headlineRow(doc, step).select("td").get(i).selectFirst(".v").text();
    }

    /** The change line of a headline column. */
    static String change(Document doc, String step, String column) {
        List<String> headers = doc.select("table.headline thead th").eachText();
        int i = headers.indexOf(column);
        Element chg = headlineRow(doc, step).select("td").get(i).selectFirst(".chg");
        return chg == null ? "" : chg.text();
    }

    /** The verdict card of a step. */
    static Element verdict(Document doc, String step) {
        return doc.select("#verdicts .verdict").stream()
                .filter(v -> v.selectFirst("h3").text().equals(step))
                .findFirst().orElseThrow(() -> new AssertionError("no verdict for " + step));
    }

    /** The details card of a step. */
    static Element details(Document doc, String step) {
        return doc.select("#steps .step-detail").stream()
                .filter(v -> v.selectFirst("h3").text().endsWith(". " + step))
                .findFirst().orElseThrow(() -> new AssertionError("no details for " + step));
    }

    /** Decodes an {@code <img>}'s SVG data URI and parses it as XML (fails when it is not well-formed). */
    static org.w3c.dom.Document svg(Element img) throws Exception {
        String src = img.attr("src");
        String prefix = "data:image/svg+xml;base64,";
        if (!src.startsWith(prefix)) {
            throw new AssertionError("chart is not an SVG data URI: " + src.substring(0, Math.min(60, src.length())));
        }
        byte[] bytes = Base64.getDecoder().decode(src.substring(prefix.length()));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    static String svgText(Element img) {
        String src = img.attr("src");
        return new String(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)), StandardCharsets.UTF_8);
    }
}
