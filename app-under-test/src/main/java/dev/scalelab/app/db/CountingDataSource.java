package dev.scalelab.app.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Counts the physical connections a non-pooling DataSource opens. */
final class CountingDataSource extends DelegatingDataSource {
    private final AtomicLong opened;

    CountingDataSource(DataSource target, AtomicLong opened) {
        super(target);
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
}
