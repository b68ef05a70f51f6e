package dev.scalelab.reports;

/** Receives a line per stage of report generation, e.g. for a progress line of the command line. */
@FunctionalInterface
public interface ReportProgress {
    /** A stage has started, e.g. "drawing charts (3 of 15)". */
    void stage(String message);

    /** Ignores every stage. */
    static ReportProgress none() {
        return message -> {
        };
    }
}
