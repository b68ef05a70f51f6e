package dev.scalelab.diagnostics;

/** Per-thread recording state of one {@link Diagnostics}. */
final class ThreadState {
    /** Innermost unit in effect on this thread; may have been closed from another thread. */
    Unit unit;
    long startNanos;
    /** Result-set counter created between beforeQuery and afterQuery (executeQuery). */
    RowCounter pendingCounter;
    /** Record of an {@code execute()} that returned a result set, fetched later with getResultSet(). */
    StatementRecord awaitingResultSet;

    Unit activeUnit() {
        Unit u = unit;
        while (u != null && u.isClosed()) {
            u = u.parent;
        }
        unit = u;
        return u;
    }
}
