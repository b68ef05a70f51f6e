package dev.scalelab.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The machine's PostgreSQL for tests: {@code SCALELAB_TEST_DB_URL}, default the local server's {@code test} database. */
public final class TestDatabases {
    public static final String ADMIN_URL = System.getenv().getOrDefault("SCALELAB_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestDatabases() {
    }

    /** A database of its own on the test server (created when missing), so modules' tests never collide. */
    public static DatabaseSettings dedicated(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    st.execute("create database " + name);
                }
            }
        }
        String url = ADMIN_URL.replaceFirst("(//[^/]+/)[^?]*", "$1" + name);
        return DatabaseSettings.external(url, null, null);
    }
}
