package dev.scalelab.reports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link ReportGenerator#generate} wrote.
 *
 * @param html        the HTML report
 * @param markdown    the Markdown summary
 * @param steps       steps in the report
 * @param dataMissing every "data missing: …" note, prefixed with its step's name
 * @param elapsed     time taken
 */
public record ReportResult(Path html, Path markdown, int steps, List<String> dataMissing, Duration elapsed) {
    public ReportResult {
        dataMissing = List.copyOf(dataMissing);
    }
}
