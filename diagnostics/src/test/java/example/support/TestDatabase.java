package example.support;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL the tests run on: {@code SCALELAB_TEST_DB_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. Every test class uses its own
 * schema, so modules testing against the same database never collide.
 */
public final class TestDatabase {
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private TestDatabase() {
    }

    public static String url() {
        String env = System.getenv("SCALELAB_TEST_DB_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env;
    }

    /** A data source whose connections use {@code schema} (created, emptied). */
    public static DataSource freshSchema(String schema) {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url());
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("expected PostgreSQL at " + url() + " (set SCALELAB_TEST_DB_URL), found: "
                    + e.getMessage(), e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url());
        ds.setCurrentSchema(schema);
        return ds;
    }

    public static void execute(DataSource ds, String... statements) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
