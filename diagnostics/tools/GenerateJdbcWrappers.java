import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the delegating parts of the recorder's JDBC wrappers (RecordingConnection, RecordingStatement,
 * RecordingPreparedStatement, RecordingCallableStatement, CountingResultSet) from the java.sql interfaces of the running JDK.
 * Every method of the interface becomes one delegating method, except those a rule rewrites (statement
 * creation, execution, parameter setters) and those written by hand in the class's template part.
 *
 * <pre>java diagnostics/tools/GenerateJdbcWrappers.java diagnostics/src/main/java/dev/scalelab/diagnostics</pre>
 */
public class GenerateJdbcWrappers {
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z]\\w*\\.)+)([A-Z]\\w*)");

    /** How one method is written: its body, or null to leave it to the hand-written part. */
    interface Rule extends Function<Method, String> {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        write(dir, "RecordingConnection", Connection.class, null, "target", connectionRule(), CONNECTION);
        write(dir, "RecordingStatement", Statement.class, null, "target", statementRule(), STATEMENT);
        write(dir, "RecordingPreparedStatement", PreparedStatement.class, Statement.class, "prepared",
                preparedRule(), PREPARED);
        write(dir, "RecordingCallableStatement", CallableStatement.class, PreparedStatement.class, "callable",
                callableRule(), CALLABLE);
        write(dir, "CountingResultSet", ResultSet.class, null, "target", m -> switch (m.getName()) {
            case "next", "getStatement", "unwrap", "isWrapperFor" -> null;
            default -> delegate("target", m);
        }, RESULT_SET);
    }

    static Rule connectionRule() {
        return m -> switch (m.getName()) {
            case "unwrap", "isWrapperFor" -> null;
            case "createStatement" -> "return new RecordingStatement(target." + call(m) + ", this);";
            case "prepareStatement" -> "return new RecordingPreparedStatement(target." + call(m) + ", this, a0);";
            case "prepareCall" -> "return new RecordingCallableStatement(target." + call(m) + ", this, a0);";
            default -> delegate("target", m);
        };
    }

    static Rule statementRule() {
        return m -> switch (m.getName()) {
            case "unwrap", "isWrapperFor", "getConnection" -> null;
            case "executeQuery" -> "long start = System.nanoTime();\nResultSet rs;\ntry {\n    rs = target." + call(m)
                    + ";\n} finally {\n    record(a0, start);\n}\nreturn rows(rs);";
            case "executeUpdate", "execute", "executeLargeUpdate" -> "long start = System.nanoTime();\ntry {\n    return target."
                    + call(m) + ";\n} finally {\n    record(a0, start);\n}";
            case "executeBatch", "executeLargeBatch" -> "long start = System.nanoTime();\ntry {\n    return target."
                    + call(m) + ";\n} finally {\n    recordBatch(start);\n}";
            case "addBatch" -> "target." + call(m) + ";\nbatched(a0);";
            case "clearBatch" -> "target." + call(m) + ";\nclearBatched();";
            case "getResultSet" -> "return rows(target." + call(m) + ");";
            default -> delegate("target", m);
        };
    }

    static Rule preparedRule() {
        return m -> {
            String n = m.getName();
            if (n.equals("executeQuery")) {
                return "long start = System.nanoTime();\nResultSet rs;\ntry {\n    rs = prepared." + call(m)
                        + ";\n} finally {\n    recordPrepared(sql, 0, start);\n}\nreturn rows(rs);";
            }
            if (n.equals("executeUpdate") || n.equals("execute") || n.equals("executeLargeUpdate")) {
                return "long start = System.nanoTime();\ntry {\n    return prepared." + call(m)
                        + ";\n} finally {\n    recordPrepared(sql, 0, start);\n}";
            }
            if (n.equals("addBatch")) {
                return "prepared." + call(m) + ";\nbatchedParameters();";
            }
            if (n.equals("clearParameters")) {
                return "prepared." + call(m) + ";\nclearParameterValues();";
            }
            if (n.startsWith("set") && m.getParameterTypes()[0] == int.class) {
                return "prepared." + call(m) + ";\nparameter(a0, " + (n.equals("setNull") ? "null" : "a1") + ");";
            }
            return delegate("prepared", m);
        };
    }

    static Rule callableRule() {
        return m -> {
            String n = m.getName();
            if (n.startsWith("set") && m.getParameterTypes()[0] == String.class) {
                return "callable." + call(m) + ";\nnamedParameter(a0, " + (n.equals("setNull") ? "null" : "a1") + ");";
            }
            return delegate("callable", m);
        };
    }

    static String delegate(String field, Method m) {
        return (m.getReturnType() == void.class ? "" : "return ") + field + "." + call(m) + ";";
    }

    static String call(Method m) {
        StringBuilder b = new StringBuilder(m.getName()).append('(');
        for (int i = 0; i < m.getParameterCount(); i++) {
            b.append(i == 0 ? "" : ", ").append('a').append(i);
        }
        return b.append(')').toString();
    }

    static void write(Path dir, String name, Class<?> iface, Class<?> parentIface, String field, Rule rule,
            String template) throws Exception {
        Set<String> imports = new TreeSet<>();
        StringBuilder methods = new StringBuilder();
        List<Method> all = new ArrayList<>(Arrays.asList(iface.getMethods()));
        all.removeIf(m -> Modifier.isStatic(m.getModifiers()) || inherited(m, parentIface));
        all.sort(Comparator.comparing(GenerateJdbcWrappers::signature));
        String last = null;
        for (Method m : all) {
            String sig = signature(m);
            if (sig.equals(last)) {
                continue; // declared by two super-interfaces
            }
            last = sig;
            String body = rule.apply(m);
            if (body == null) {
                continue;
            }
            methods.append("\n    @Override\n    public ");
            if (m.getTypeParameters().length > 0) {
                methods.append(Arrays.stream(m.getTypeParameters()).map(t -> t.getName())
                        .collect(Collectors.joining(", ", "<", "> ")));
            }
            methods.append(type(m.getGenericReturnType(), imports)).append(' ')
                    .append(m.getName()).append('(');
            Type[] params = m.getGenericParameterTypes();
            for (int i = 0; i < params.length; i++) {
                methods.append(i == 0 ? "" : ", ").append(type(params[i], imports)).append(" a").append(i);
            }
            methods.append(')');
            if (m.getExceptionTypes().length > 0) {
                methods.append(" throws ").append(Arrays.stream(m.getExceptionTypes()).map(t -> type(t, imports))
                        .collect(Collectors.joining(", ")));
            }
            methods.append(" {\n");
            for (String line : body.split("\n")) {
                methods.append("        ").append(line).append('\n');
            }
            methods.append("    }\n");
        }
        template = Pattern.compile("^ *//@WRAPPER (.*)$", Pattern.MULTILINE).matcher(template)
                .replaceAll(r -> Matcher.quoteReplacement(WRAPPER.formatted(r.group(1)).stripTrailing()));
        for (Matcher mt = QUALIFIED.matcher(template); mt.find(); ) {
            imports.add(mt.group(1) + mt.group(2));
        }
        String hand = QUALIFIED.matcher(template).replaceAll("$2");
        StringBuilder out = new StringBuilder("// Generated by diagnostics/tools/GenerateJdbcWrappers.java: edit the generator, not this file.\n");
        out.append("package dev.scalelab.diagnostics;\n\n");
        for (String i : imports) {
            if (!i.startsWith("java.lang.") || i.lastIndexOf('.') != "java.lang".length()) {
                out.append("import ").append(i).append(";\n");
            }
        }
        out.append(hand.replace("//@METHODS@", methods.toString().stripTrailing().substring(1)));
        Files.writeString(dir.resolve(name + ".java"), out.toString());
    }

    static boolean inherited(Method m, Class<?> parent) {
        if (parent == null) {
            return false;
        }
        try {
            parent.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    static String type(Type t, Set<String> imports) {
        String name = t instanceof Class<?> c ? c.getCanonicalName() : t.getTypeName();
        Matcher mt = QUALIFIED.matcher(name);
        StringBuilder b = new StringBuilder();
        while (mt.find()) {
            imports.add(mt.group(1) + mt.group(2));
            mt.appendReplacement(b, mt.group(2));
        }
        mt.appendTail(b);
        return b.toString();
    }

    // ---- the hand-written parts; fully qualified names become imports --------------------------------------

    /** What every wrapper says of its target, at a line {@code //@WRAPPER <proxy config expression>}. */
    static final String WRAPPER = """
                @Override
                public java.lang.Object getTarget() {
                    return target;
                }

                @Override
                public net.ttddyy.dsproxy.proxy.ProxyConfig getProxyConfig() {
                    return %s;
                }

                @Override
                public <T> T unwrap(java.lang.Class<T> iface) throws java.sql.SQLException {
                    return iface.isInstance(target) ? iface.cast(target) : target.unwrap(iface);
                }

                @Override
                public boolean isWrapperFor(java.lang.Class<?> iface) throws java.sql.SQLException {
                    return iface.isInstance(target) || target.isWrapperFor(iface);
                }
            """;

    static final String CONNECTION = """

            /**
             * The connection handed to the application: statements it creates are recording ones, every other call goes
             * straight to the driver's connection. A plain class rather than one of datasource-proxy's JDK proxies (an
             * invocation handler, an argument array and reflection per call); datasource-proxy's data source hands it out
             * through its {@code JdbcProxyFactory}.
             */
            @java.lang.SuppressWarnings("deprecation")
            final class RecordingConnection implements java.sql.Connection, net.ttddyy.dsproxy.proxy.ProxyJdbcObject {
                final java.sql.Connection target;
                final Recorder recorder;
                final net.ttddyy.dsproxy.proxy.ProxyConfig proxyConfig;

                RecordingConnection(java.sql.Connection target, Recorder recorder, net.ttddyy.dsproxy.proxy.ProxyConfig proxyConfig) {
                    this.target = target;
                    this.recorder = recorder;
                    this.proxyConfig = proxyConfig;
                }

            //@WRAPPER proxyConfig

                @Override
                public java.lang.String toString() {
                    return "RecordingConnection[" + target + "]";
                }

                // ---- generated: statements are wrapped, everything else goes straight to the driver ----------------

            //@METHODS@
            }
            """;

    static final String STATEMENT = """

            /**
             * A statement that records each execution with the {@link Recorder} (SQL, time, rows read) and hands every other
             * call straight to the driver's statement.
             */
            @java.lang.SuppressWarnings("deprecation")
            class RecordingStatement implements java.sql.Statement, net.ttddyy.dsproxy.proxy.ProxyJdbcObject {
                private final java.sql.Statement target;
                final RecordingConnection connection;
                /** The last execution recorded (null outside any unit): where rows read from its results are counted. */
                private StatementRecord last;
                /** SQL added with {@code addBatch(String)}, until the batch runs. */
                private java.util.List<java.lang.String> batch;

                RecordingStatement(java.sql.Statement target, RecordingConnection connection) {
                    this.target = target;
                    this.connection = connection;
                }

                /** Records an execution of SQL text given to the statement: no parameters. */
                final void record(java.lang.String sql, long start) {
                    last = connection.recorder.record(this, sql, false, 0, start);
                }

                /** Records an execution of the prepared SQL, with {@link #parameters}; a batch when batchSize > 0. */
                final void recordPrepared(java.lang.String sql, int batchSize, long start) {
                    last = connection.recorder.record(this, sql, true, batchSize, start);
                }

                /**
                 * The parameter values of the prepared execution being recorded (of a batch: its first set); asked only
                 * when a unit records it.
                 */
                java.util.List<java.lang.Object> parameters(boolean batch) {
                    return java.util.List.of();
                }

                /** The result set the application reads: counted against the last execution. */
                final java.sql.ResultSet rows(java.sql.ResultSet rs) {
                    return rs == null ? null : new CountingResultSet(rs, last, this);
                }

                private void batched(java.lang.String sql) {
                    if (batch == null) {
                        batch = new java.util.ArrayList<>();
                    }
                    batch.add(sql);
                }

                void clearBatched() {
                    batch = null;
                }

                /** A batch of SQL strings runs as one execution: its statements joined, its size the count. */
                void recordBatch(long start) {
                    java.util.List<java.lang.String> sqls = batch;
                    batch = null;
                    int size = sqls == null ? 0 : sqls.size();
                    last = connection.recorder.record(this, size == 0 ? "" : java.lang.String.join(";\\n", sqls), false,
                            java.lang.Math.max(1, size), start);
                }

                @Override
                public java.sql.Connection getConnection() {
                    return connection;
                }

            //@WRAPPER connection.proxyConfig

                @Override
                public java.lang.String toString() {
                    return getClass().getSimpleName() + "[" + target + "]";
                }

                // ---- generated ------------------------------------------------------------------------------------

            //@METHODS@
            }
            """;

    static final String PREPARED = """

            /**
             * A prepared statement that also keeps the parameter values the application sets, for the record of each
             * execution: one value per index (set again, replaced), {@code setNull} as null. A batch is recorded as one
             * execution with the values of its first parameter set and the number of sets.
             */
            @java.lang.SuppressWarnings("deprecation")
            class RecordingPreparedStatement extends RecordingStatement implements java.sql.PreparedStatement {
                private static final java.lang.Object UNSET = new java.lang.Object();
                private final java.sql.PreparedStatement prepared;
                private final java.lang.String sql;
                /** Values by index - 1; UNSET where none was set. */
                private java.lang.Object[] values;
                private int maxIndex;
                private java.util.List<java.lang.String> names;
                private java.util.List<java.lang.Object> named;
                private int batchSets;
                private java.util.List<java.lang.Object> firstBatchSet;

                RecordingPreparedStatement(java.sql.PreparedStatement target, RecordingConnection connection, java.lang.String sql) {
                    super(target, connection);
                    this.prepared = target;
                    this.sql = sql;
                }

                final void parameter(int index, java.lang.Object value) {
                    if (index < 1) {
                        return; // the driver has refused it already
                    }
                    java.lang.Object[] v = values;
                    if (v == null || index > v.length) {
                        int size = java.lang.Math.max(index, v == null ? 8 : 2 * v.length);
                        java.lang.Object[] grown = new java.lang.Object[size];
                        java.util.Arrays.fill(grown, UNSET);
                        if (v != null) {
                            java.lang.System.arraycopy(v, 0, grown, 0, v.length);
                        }
                        values = v = grown;
                    }
                    v[index - 1] = value;
                    if (index > maxIndex) {
                        maxIndex = index;
                    }
                }

                final void namedParameter(java.lang.String name, java.lang.Object value) {
                    if (names == null) {
                        names = new java.util.ArrayList<>();
                        named = new java.util.ArrayList<>();
                    }
                    int i = names.indexOf(name);
                    if (i >= 0) {
                        named.set(i, value);
                    } else {
                        names.add(name);
                        named.add(value);
                    }
                }

                private void clearParameterValues() {
                    if (values != null) {
                        java.util.Arrays.fill(values, 0, maxIndex, UNSET);
                    }
                    maxIndex = 0;
                    names = null;
                    named = null;
                }

                /** The values set, in index order, then the named ones in the order first set; SQL arrays as Java arrays. */
                private java.util.List<java.lang.Object> parameterValues() {
                    int n = named == null ? 0 : named.size();
                    java.lang.Object[] out = new java.lang.Object[maxIndex + n];
                    int count = 0;
                    for (int i = 0; i < maxIndex; i++) {
                        java.lang.Object value = values[i];
                        if (value != UNSET) {
                            out[count++] = plain(value);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        out[count++] = plain(named.get(i));
                    }
                    return java.util.Arrays.asList(count == out.length ? out : java.util.Arrays.copyOf(out, count));
                }

                private static java.lang.Object plain(java.lang.Object value) {
                    if (value instanceof java.sql.Array array) {
                        try {
                            return array.getArray();
                        } catch (java.lang.Exception | java.lang.AbstractMethodError e) {
                            return java.lang.String.valueOf(array);
                        }
                    }
                    return value;
                }

                @Override
                final java.util.List<java.lang.Object> parameters(boolean batch) {
                    return !batch ? parameterValues() : firstBatchSet == null ? java.util.List.of() : firstBatchSet;
                }

                private void batchedParameters() {
                    if (batchSets++ == 0) {
                        firstBatchSet = parameterValues();
                    }
                }

                @Override
                final void clearBatched() {
                    super.clearBatched();
                    batchSets = 0;
                    firstBatchSet = null;
                }

                @Override
                final void recordBatch(long start) {
                    try {
                        recordPrepared(sql, java.lang.Math.max(1, batchSets), start);
                    } finally {
                        clearBatched();
                    }
                }

                // ---- generated: executions are recorded, values kept, everything else goes straight to the driver -----

            //@METHODS@
            }
            """;

    static final String CALLABLE = """

            /** A callable statement: a recording prepared statement that also keeps values set by parameter name. */
            @java.lang.SuppressWarnings("deprecation")
            final class RecordingCallableStatement extends RecordingPreparedStatement implements java.sql.CallableStatement {
                private final java.sql.CallableStatement callable;

                RecordingCallableStatement(java.sql.CallableStatement target, RecordingConnection connection, java.lang.String sql) {
                    super(target, connection, sql);
                    this.callable = target;
                }

                // ---- generated -------------------------------------------------------------------------------------

            //@METHODS@
            }
            """;

    static final String RESULT_SET = """

            /**
             * A result set that counts the rows the application reads ({@link #next()}) for the execution that produced
             * it, and hands every other call straight to the driver's. A statement reads its rows through three calls or
             * more; each costs one plain call here, where a JDK proxy costs an invocation handler, an argument array and
             * reflection.
             */
            @java.lang.SuppressWarnings("deprecation")
            final class CountingResultSet implements java.sql.ResultSet, net.ttddyy.dsproxy.proxy.ProxyJdbcObject {
                private final java.sql.ResultSet target;
                /** The execution whose rows these are; null when it ran outside any unit. */
                private final StatementRecord record;
                private final RecordingStatement statement;

                CountingResultSet(java.sql.ResultSet target, StatementRecord record, RecordingStatement statement) {
                    this.target = target;
                    this.record = record;
                    this.statement = statement;
                    if (record != null && record.rows < 0) {
                        record.rows = 0;
                    }
                }

                @Override
                public boolean next() throws java.sql.SQLException {
                    boolean more = target.next();
                    if (more && record != null) {
                        record.rows++;
                    }
                    return more;
                }

                /** The recording statement, as the application created it. */
                @Override
                public java.sql.Statement getStatement() {
                    return statement;
                }

            //@WRAPPER statement.getProxyConfig()

                @Override
                public java.lang.String toString() {
                    return "CountingResultSet[" + target + "]";
                }

                // ---- generated: everything else goes straight to the driver's result set ----------------------------

            //@METHODS@
            }
            """;
}
