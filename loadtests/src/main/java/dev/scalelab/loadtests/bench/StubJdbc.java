package dev.scalelab.loadtests.bench;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A JDBC driver that does nothing: every statement returns one row holding 1. Statements through
 * it measure only what sits between the application and the driver.
 */
final class StubJdbc {
    private StubJdbc() {
    }

    static DataSource dataSource() {
        Connection connection = connection();
        return (DataSource) Proxy.newProxyInstance(StubJdbc.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> connection;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "StubDataSource";
                    default -> defaultValue(method.getReturnType());
                });
    }

    private static Connection connection() {
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(StubJdbc.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "prepareStatement" -> statement(self[0]);
                    case "getAutoCommit" -> true;
                    case "isClosed" -> false;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "StubConnection";
                    default -> defaultValue(method.getReturnType());
                });
        return self[0];
    }

    private static PreparedStatement statement(Connection connection) {
        PreparedStatement[] self = new PreparedStatement[1];
        self[0] = (PreparedStatement) Proxy.newProxyInstance(StubJdbc.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "executeQuery", "getResultSet" -> resultSet(self[0]);
                    case "execute" -> true;
                    case "getConnection" -> connection;
                    case "getUpdateCount" -> -1;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "StubStatement";
                    default -> defaultValue(method.getReturnType());
                });
        return self[0];
    }

    private static ResultSet resultSet(PreparedStatement statement) {
        boolean[] consumed = new boolean[1];
        return (ResultSet) Proxy.newProxyInstance(StubJdbc.class.getClassLoader(), new Class<?>[]{ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> {
                        boolean row = !consumed[0];
                        consumed[0] = true;
                        yield row;
                    }
                    case "getInt" -> 1;
                    case "getLong" -> 1L;
                    case "getStatement" -> statement;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "StubResultSet";
                    default -> defaultValue(method.getReturnType());
                });
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == char.class) {
            return (char) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
