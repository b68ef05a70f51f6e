package dev.scalelab.reports.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a step's own files are, relative to the run folder (the folder holding {@code summary.json}).
 *
 * @param gatlingReport Gatling's HTML report, e.g. {@code naive/r1/gatling/index.html}; null when there is none
 * @param rawFiles      raw files by label, in display order, e.g. {@code "client results" -> "naive/r1/client.json"}
 */
public record StepLinks(String gatlingReport, Map<String, String> rawFiles) {
    public StepLinks {
        gatlingReport = Checks.blankToNull(gatlingReport);
        rawFiles = rawFiles == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rawFiles));
    }

    /** No links. */
    public static StepLinks none() {
        return new StepLinks(null, Map.of());
    }
}
