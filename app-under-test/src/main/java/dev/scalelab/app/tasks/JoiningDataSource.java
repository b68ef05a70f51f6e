package dev.scalelab.app.tasks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import dev.scalelab.app.db.DelegatingDataSource;
import javax.sql.DataSource;

/**
 * The queue's connections: from its own pool, except while a caller lends the connection of its open transaction
 * ({@link #lend}). Then the queue writes on that connection and its commit, rollback and close are left to the
 * lender, so the job is stored atomically with the caller's work (a transactional outbox): no job for a comment
 * that rolled back, no comment whose job was lost.
 */
final class JoiningDataSource extends DelegatingDataSource {
    private final ThreadLocal<Connection> lent = new ThreadLocal<>();

    JoiningDataSource(DataSource pool) {
        super(pool);
    }

    /** Runs {@code work} with {@code transaction} as the connection every {@link #getConnection()} returns. */
    void lend(Connection transaction, Runnable work) {
        lent.set(transaction);
        try {
            work.run();
        } finally {
            lent.remove();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection tx = lent.get();
        return tx == null ? target.getConnection() : borrowed(tx);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return lent.get() == null ? target.getConnection(username, password) : getConnection();
    }

    /** The lender's connection, with transaction control and close left to the lender. */
    private static Connection borrowed(Connection tx) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close", "commit", "rollback", "setAutoCommit" -> null;
                    case "getAutoCommit" -> false;
                    case "isClosed" -> tx.isClosed();
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> {
                        try {
                            yield method.invoke(tx, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
