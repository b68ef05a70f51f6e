package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.detect.CallStack;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.jdk.JdkJdbcProxyFactory;

import java.sql.Connection;
import java.util.List;

/**
 * Records statement executions: the recording statements call {@link #record} when the driver returns (or throws),
 * with the start time they took from {@link System#nanoTime()} before calling it. The record gets SQL, parameters,
 * batch size, duration, thread and call stack, and goes to the units open on the thread; statements outside any unit
 * are only counted.
 */
final class Recorder {
    private final Diagnostics diagnostics;
    private final StackMode stacks;
    private final CapturedStack.Classifier classifier;
    private final int sampledFirst;
    private final int sampledOneIn;

    Recorder(Diagnostics diagnostics, StackMode stacks, CapturedStack.Classifier classifier, int sampledFirst,
             int sampledOneIn) {
        this.diagnostics = diagnostics;
        this.stacks = stacks;
        this.classifier = classifier;
        this.sampledFirst = sampledFirst;
        this.sampledOneIn = sampledOneIn;
    }

    /**
     * Records one execution that began at {@code startNanos}; returns its record, or null outside any unit.
     * {@code prepared}: the statement's {@link RecordingStatement#parameters parameters} are the execution's;
     * otherwise it ran SQL text and has none. {@code batchSize} is 0 for a single execution.
     */
    StatementRecord record(RecordingStatement source, String sql, boolean prepared, int batchSize, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        Unit unit = diagnostics.threadState().activeUnit();
        if (unit == null) {
            diagnostics.countUnscoped();
            return null;
        }
        List<Object> params = prepared ? source.parameters(batchSize > 0) : null;
        String text = sql == null ? "" : sql;
        CallStack stack = switch (stacks) {
            case EXACT -> CapturedStack.capture(classifier);
            case SAMPLED -> unit.sampledStack(text, classifier, sampledFirst, sampledOneIn);
            case OFF -> CallStack.NONE;
        };
        StatementRecord record = new StatementRecord(text, params, batchSize, nanos, stack,
                Thread.currentThread().getName());
        for (Unit u = unit; u != null; u = u.parent) {
            u.add(record);
        }
        return record;
    }

    /**
     * datasource-proxy's extension point: its data source hands out a {@link RecordingConnection} for every
     * connection it gets from the wrapped one.
     */
    static final class ProxyFactory extends JdkJdbcProxyFactory {
        private final Recorder recorder;

        ProxyFactory(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public Connection createConnection(Connection connection, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
            return new RecordingConnection(connection, recorder, proxyConfig);
        }
    }
}
