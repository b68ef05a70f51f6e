package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.detect.CallStack;
import dev.scalelab.diagnostics.detect.Execution;
import dev.scalelab.diagnostics.detect.UnitAnalysis;
import dev.scalelab.diagnostics.trace.TraceSink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * An open unit of work. Records are buffered (rows are still being counted while the application
 * reads) and folded into the running analysis when the buffer is full and at close, so a unit
 * that runs millions of statements holds at most one buffer of them.
 */
final class Unit implements UnitScope {
    final Diagnostics owner;
    final Unit parent;
    final long id;
    private volatile String name;
    private final ArrayList<StatementRecord> pending;
    private final int maxPending;
    private final UnitAnalysis analysis;
    private int statements;
    private long dbNanos;
    /** Statements the response header reported when it went out early; -1 when it did not. */
    private int statementsInHeader = -1;
    private volatile boolean closed;
    private boolean failed;
    private UnitReport report;
    /** {@link StackMode#SAMPLED}: per SQL text, when to capture its stack next; created on first use. */
    private HashMap<String, Sampling> sampling;

    /** Distinct SQL texts a unit samples stacks for; past it, statements get their stack captured every time. */
    static final int MAX_SAMPLED_STATEMENTS = 1_000;

    private static final class Sampling {
        int count;
        int next = 1;
        int gap = 1;
        CallStack last;
    }

    Unit(Diagnostics owner, Unit parent, long id, String name, int maxPending, UnitAnalysis analysis) {
        this.owner = owner;
        this.parent = parent;
        this.id = id;
        this.name = Diagnostics.checkName(name);
        this.maxPending = maxPending;
        this.pending = new ArrayList<>(Math.min(maxPending, 8)); // most units run a few statements
        this.analysis = analysis;
    }

    boolean isClosed() {
        return closed;
    }

    /** Adds a record; false when the unit closed meanwhile. */
    synchronized boolean add(StatementRecord r) {
        if (closed) {
            return false;
        }
        statements++;
        dbNanos += r.nanos;
        if (r.owner == null) {
            r.owner = this;
        }
        pending.add(r);
        if (pending.size() >= maxPending) {
            fold();
        }
        return true;
    }

    /**
     * The call stack of an execution of {@code sql} in {@link StackMode#SAMPLED}: captured for the first
     * {@code first} executions of that SQL in this unit, then at gaps doubling up to {@code oneIn};
     * between captures, the stack captured last for the same SQL.
     */
    synchronized CallStack sampledStack(String sql, CapturedStack.Classifier classifier, int first, int oneIn) {
        if (sampling == null) {
            sampling = new HashMap<>();
        }
        Sampling s = sampling.get(sql);
        if (s == null) {
            if (sampling.size() >= MAX_SAMPLED_STATEMENTS) {
                return CapturedStack.capture(classifier);
            }
            s = new Sampling();
            sampling.put(sql, s);
        }
        s.count++;
        if (s.count >= s.next) {
            s.last = CapturedStack.capture(classifier);
            if (s.count < first) {
                s.next = s.count + 1;
            } else {
                s.gap = Math.min(s.gap * 2, oneIn);
                s.next = s.count + s.gap;
            }
        }
        return s.last;
    }

    private void fold() {
        TraceSink trace = owner.trace();
        List<Execution> traced = trace == TraceSink.NONE ? null : new ArrayList<>(pending.size());
        for (StatementRecord r : pending) {
            Execution e = r.toExecution();
            analysis.add(e);
            if (traced != null && r.owner == this) {
                traced.add(e);
            }
        }
        pending.clear();
        if (traced != null) {
            trace.write(name, id, traced);
        }
    }

    @Override
    public void rename(String unitName) {
        this.name = Diagnostics.checkName(unitName);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized int statements() {
        return statements;
    }

    @Override
    public synchronized long dbTimeMicros() {
        return dbNanos / 1000;
    }

    @Override
    public synchronized void responseCommitted(int inHeader) {
        if (inHeader < 0 || inHeader > statements) {
            throw new IllegalArgumentException("statementsInHeader: expected 0 to " + statements
                    + " (the statements recorded so far), found " + inHeader);
        }
        if (statementsInHeader < 0 && !closed) {
            statementsInHeader = inHeader;
        }
    }

    @Override
    public synchronized void failed() {
        if (!closed) {
            failed = true;
        }
    }

    @Override
    public UnitReport end() {
        UnitReport result;
        boolean failedUnit;
        synchronized (this) {
            if (closed) {
                return report;
            }
            closed = true;
            fold();
            result = analysis.finish(name);
            if (statementsInHeader >= 0) {
                result = result.withStatementsAfterCommit(statements - statementsInHeader);
            }
            report = result;
            failedUnit = failed;
        }
        owner.closed(this, result, failedUnit);
        return result;
    }

    @Override
    public String toString() {
        return "UnitScope[" + name + ", " + statements() + " statements" + (closed ? ", closed" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
