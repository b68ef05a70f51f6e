package dev.scalelab.diagnostics;

import dev.scalelab.diagnostics.detect.CallStack;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.jdk.JdkJdbcProxyFactory;

import java.sql.Array;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;

/**
 * The datasource-proxy listener: times each execution with {@link System#nanoTime()} (the
 * proxy's own timer has millisecond resolution), copies SQL and parameters, captures the call
 * stack, and hands the record to the units open on the thread. Statements outside any unit are
 * only counted.
 */
final class Recorder implements QueryExecutionListener {
    private final Diagnostics diagnostics;
    private final boolean captureStacks;
    private final CapturedStack.Classifier classifier;

    Recorder(Diagnostics diagnostics, boolean captureStacks, CapturedStack.Classifier classifier) {
        this.diagnostics = diagnostics;
        this.captureStacks = captureStacks;
        this.classifier = classifier;
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        ThreadState ts = diagnostics.threadState();
        ts.pendingCounter = null;
        ts.awaitingResultSet = null;
        ts.startNanos = System.nanoTime();
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        long end = System.nanoTime();
        ThreadState ts = diagnostics.threadState();
        long nanos = end - ts.startNanos;
        RowCounter counter = ts.pendingCounter;
        ts.pendingCounter = null;
        Unit unit = ts.activeUnit();
        if (unit == null) {
            diagnostics.countUnscoped();
            return;
        }
        String sql;
        List<Object> params = null;
        if (queryInfoList.size() == 1) {
            QueryInfo q = queryInfoList.get(0);
            sql = q.getQuery();
            List<List<ParameterSetOperation>> sets = q.getParametersList();
            if (!sets.isEmpty()) {
                params = copy(sets.get(0));
            } else if (execInfo.getStatementType() != net.ttddyy.dsproxy.StatementType.STATEMENT) {
                params = List.of();
            }
        } else {
            StringBuilder joined = new StringBuilder();
            for (QueryInfo q : queryInfoList) {
                if (joined.length() > 0) {
                    joined.append(";\n");
                }
                joined.append(q.getQuery());
            }
            sql = joined.toString();
        }
        int batchSize = execInfo.isBatch() ? Math.max(1, execInfo.getBatchSize()) : 0;
        CallStack stack = captureStacks ? CapturedStack.capture(classifier) : CallStack.NONE;
        StatementRecord record = new StatementRecord(sql == null ? "" : sql, params, batchSize, nanos, stack,
                Thread.currentThread().getName());
        if (counter != null) {
            counter.attach(record);
        } else if (Boolean.TRUE.equals(execInfo.getResult()) && execInfo.getMethod() != null
                && execInfo.getMethod().getName().equals("execute")) {
            ts.awaitingResultSet = record;
        }
        for (Unit u = unit; u != null; u = u.parent) {
            u.add(record);
        }
    }

    /** Parameter values in index order; {@code setNull} becomes null, SQL arrays become Java arrays. */
    private static List<Object> copy(List<ParameterSetOperation> ops) {
        int n = ops.size();
        Object[] values = new Object[n];
        int[] index = new int[n];
        boolean ordered = true;
        int count = 0;
        for (ParameterSetOperation op : ops) {
            if (ParameterSetOperation.isRegisterOutParameterOperation(op)) {
                continue;
            }
            Object[] args = op.getArgs();
            Object value = ParameterSetOperation.isSetNullParameterOperation(op) || args == null || args.length < 2
                    ? null : args[1];
            if (value instanceof Array array) {
                try {
                    value = array.getArray();
                } catch (Exception | AbstractMethodError e) {
                    value = String.valueOf(array);
                }
            }
            int idx = args != null && args.length > 0 && args[0] instanceof Integer i ? i : count + 1;
            if (count > 0 && idx < index[count - 1]) {
                ordered = false;
            }
            index[count] = idx;
            values[count++] = value;
        }
        if (!ordered) {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(index[a], index[b]));
            Object[] sorted = new Object[count];
            for (int i = 0; i < count; i++) {
                sorted[i] = values[order[i]];
            }
            values = sorted;
        }
        return Arrays.asList(values.length == count ? values : Arrays.copyOf(values, count)); // Execution copies it once more
    }

    /**
     * The row counter of a result set just returned by the driver: credited to the statement that ran, either now
     * (the statement was {@code execute()}, already recorded) or when {@link #afterQuery} records it.
     */
    RowCounter counter() {
        RowCounter counter = new RowCounter();
        ThreadState ts = diagnostics.threadState();
        StatementRecord awaiting = ts.awaitingResultSet;
        if (awaiting != null) {
            ts.awaitingResultSet = null;
            counter.attach(awaiting);
        } else {
            ts.pendingCounter = counter;
        }
        return counter;
    }

    /** datasource-proxy's JDK proxies for connections and statements; result sets are {@link CountingResultSet}s. */
    static final class ProxyFactory extends JdkJdbcProxyFactory {
        private final Recorder recorder;

        ProxyFactory(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public ResultSet createResultSet(ResultSet resultSet, ConnectionInfo connectionInfo, ProxyConfig proxyConfig) {
            return new CountingResultSet(resultSet, recorder.counter(), proxyConfig);
        }
    }
}
