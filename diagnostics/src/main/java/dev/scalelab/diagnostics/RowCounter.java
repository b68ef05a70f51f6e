package dev.scalelab.diagnostics;

/** The rows the application read from one result set, credited to the statement that produced it. */
final class RowCounter {
    StatementRecord record;
    private int rows;

    /** Credits the rows counted so far, and those still to come, to {@code r}. */
    void attach(StatementRecord r) {
        record = r;
        r.rows = rows;
    }

    void row() {
        rows++;
        StatementRecord r = record;
        if (r != null) {
            r.rows = rows;
        }
    }
}
