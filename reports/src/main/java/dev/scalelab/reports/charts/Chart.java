package dev.scalelab.reports.charts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A chart rendered to SVG.
 *
 * @param id     identifier unique within the report (anchors, tests)
 * @param title  the chart's title, also its text alternative
 * @param svg    the SVG document
 * @param width  intrinsic width in CSS pixels
 * @param height intrinsic height in CSS pixels
 */
public record Chart(String id, String title, String svg, int width, int height) {

    /** The SVG as a {@code data:} URI for an {@code <img>} element (an SVG in an image runs no scripts). */
    public String dataUri() {
        return "data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }
}
