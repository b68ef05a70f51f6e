package dev.scalelab.diagnostics;

/**
 * An open unit of work (a request, a test, a job) on the thread that opened it.
 *
 * <p>Every statement executed through a wrapped {@code DataSource} while the scope is open counts
 * toward it: on the opening thread, and on threads that run tasks handed over through
 * {@link Diagnostics#propagating(java.util.concurrent.Executor)}. Scopes nest: a statement counts
 * toward the innermost open scope <em>and</em> every scope enclosing it, so a test-wide budget
 * still sees what a nested {@code assertQueries} block ran.
 *
 * <p>Thread-safe. {@link #end()} may be called from another thread than the opening one (async
 * web frameworks do); the opening thread stops attributing statements to it at its next statement.
 */
public interface UnitScope extends AutoCloseable {

    /** Renames the unit, e.g. once a web framework knows the route template. */
    void rename(String unitName);

    /** The unit's current name. */
    String name();

    /** Statements recorded so far (all kinds, a JDBC batch counts once). */
    int statements();

    /** Time spent in the database so far, in microseconds. */
    long dbTimeMicros();

    /**
     * Tells the unit that the response header went out reporting the first {@code statementsInHeader}
     * of its statements (a body written and committed while the request still runs, e.g. by view
     * rendering); the statements after those are still counted and show as
     * {@link UnitReport#statementsAfterCommit()}. Call before {@link #end()}; the first call counts.
     *
     * @throws IllegalArgumentException when {@code statementsInHeader} is negative or more than ran so far
     */
    void responseCommitted(int statementsInHeader);

    /**
     * Marks the unit as failed: its request ended in an exception or an error response (status 500 or more).
     * Its statements still count in {@link DiagnosticsSnapshot.UnitStats#statements()}, and also in
     * {@link DiagnosticsSnapshot.UnitStats#failedStatements()}, so that a mean over the requests that completed
     * leaves out the pages that stopped part-way (e.g. for lack of a database connection). Call before
     * {@link #end()}; calls after it have no effect.
     */
    void failed();

    /**
     * Ends the unit, runs detection, adds the result to {@link Diagnostics#snapshot()} and returns
     * the report. Idempotent: later calls (and calls after {@link #close()}) return the same report.
     */
    UnitReport end();

    /**
     * Ends the unit like {@link #end()}, for try-with-resources. ({@code AutoCloseable.close()}
     * returns {@code void}, so the report comes from {@link #end()}, which may be called after
     * {@code close()} too.)
     */
    @Override
    default void close() {
        end();
    }
}
