package dev.scalelab.app.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Counts the physical connections a non-pooling DataSource opens. */
final class CountingDataSource implements DataSource {
    private final DataSource target;
    private final AtomicLong opened;

    CountingDataSource(DataSource target, AtomicLong opened) {
        this.target = target;
        this.opened = opened;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = target.getConnection();
        opened.incrementAndGet();
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Connection c = target.getConnection(username, password);
        opened.incrementAndGet();
        return c;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }
}
