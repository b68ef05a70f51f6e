package dev.scalelab.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.scalelab.app.ConnectionMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Where requests get their database connections: the story's connection rung, side by side.
 * {@link PerRequest} opens a physical connection per request; {@link Pooled} borrows one from HikariCP.
 */
public sealed interface Connections extends AutoCloseable permits Connections.PerRequest, Connections.Pooled {

    DataSource dataSource();

    /** State for the diagnostics endpoint (connections opened, pool usage). */
    Map<String, Object> stats();

    @Override
    void close();

    static Connections of(ConnectionMode mode, Database db, int poolSize, long poolTimeoutMs) {
        return switch (mode) {
            case PER_REQUEST -> new PerRequest(db);
            case POOL -> new Pooled(db, poolSize, poolTimeoutMs);
        };
    }

    /**
     * Rung "the database runs out of connections": like Django's default, every request opens a new connection
     * and closes it at the end. Under load, concurrent requests exceed max_connections and PostgreSQL refuses with
     * SQLState 53300 ("too many clients").
     */
    final class PerRequest implements Connections {
        private final DataSource ds;
        private final AtomicLong opened = new AtomicLong();

        PerRequest(Database db) {
            DataSource raw = db.dataSource();
            this.ds = new CountingDataSource(raw, opened);
        }

        @Override
        public DataSource dataSource() {
            return ds;
        }

        @Override
        public Map<String, Object> stats() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", "per-request");
            m.put("opened", opened.get());
            return m;
        }

        @Override
        public void close() {
            // nothing kept open
        }
    }

    /**
     * Rung "a connection pool fixes it": HikariCP keeps a few connections open, sized below max_connections;
     * requests beyond the pool wait (up to the pool timeout) instead of failing at once.
     */
    final class Pooled implements Connections {
        private final HikariDataSource ds;

        Pooled(Database db, int poolSize, long poolTimeoutMs) {
            HikariConfig c = new HikariConfig();
            c.setPoolName("scalelab-app");
            c.setDataSource(db.dataSource());
            c.setMaximumPoolSize(poolSize);
            c.setMinimumIdle(Math.min(2, poolSize));
            c.setConnectionTimeout(poolTimeoutMs);
            c.setInitializationFailTimeout(-1);
            c.setRegisterMbeans(false);
            this.ds = new HikariDataSource(c);
        }

        @Override
        public DataSource dataSource() {
            return ds;
        }

        @Override
        public Map<String, Object> stats() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", "pool");
            m.put("maximumPoolSize", ds.getMaximumPoolSize());
            HikariPoolMXBean pool = ds.getHikariPoolMXBean();
            if (pool != null) {
                m.put("active", pool.getActiveConnections());
                m.put("idle", pool.getIdleConnections());
                m.put("waiting", pool.getThreadsAwaitingConnection());
            }
            return m;
        }

        @Override
        public void close() {
            ds.close();
        }
    }
}
