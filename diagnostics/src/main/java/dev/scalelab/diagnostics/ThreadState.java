package dev.scalelab.diagnostics;

/** Per-thread recording state of one {@link Diagnostics}. */
final class ThreadState {
    /** Innermost unit in effect on this thread; may have been closed from another thread. */
    Unit unit;

    Unit activeUnit() {
        Unit u = unit;
        while (u != null && u.isClosed()) {
            u = u.parent;
        }
        unit = u;
        return u;
    }
}
