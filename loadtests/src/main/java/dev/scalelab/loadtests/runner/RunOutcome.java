package dev.scalelab.loadtests.runner;

import dev.scalelab.loadtests.record.ClientResults;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished run.
 *
 * @param results       the parsed results file
 * @param resultsFile   {@code <outputDir>/client-results.json}
 * @param gatlingReport Gatling's HTML report folder (open its {@code index.html}); null when
 *                      reports were turned off
 * @param log           everything the Gatling JVM printed
 * @param elapsed       wall time of the child JVM, start to exit
 */
public record RunOutcome(ClientResults results, Path resultsFile, Path gatlingReport, Path log, Duration elapsed) {
}
