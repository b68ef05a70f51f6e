package dev.scalelab.reports.io;

/**
 * A link from the report to one of a step's files.
 *
 * @param label   what the file is, e.g. "Gatling report", "client results"
 * @param path    the path as written in summary.json
 * @param href    the path to use in the report (relative to the run folder, '/'-separated); null when the path
 *                was rejected because it leaves the run folder or is not a plain relative path
 * @param problem what is wrong with the file ("not found", "is not valid JSON (line 3, column 1)"); null when it
 *                is fine
 */
public record FileLink(String label, String path, String href, String problem) {
    public boolean ok() {
        return problem == null;
    }
}
