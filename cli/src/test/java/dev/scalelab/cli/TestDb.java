package dev.scalelab.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A database of the CLI tests' own on the machine's PostgreSQL ({@code SCALELAB_TEST_DB_URL}). */
public final class TestDb {
    public static final String ADMIN_URL = System.getenv().getOrDefault("SCALELAB_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestDb() {
    }

    public static String url(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    st.execute("create database " + name);
                }
            }
        }
        return ADMIN_URL.replaceFirst("(//[^/]+/)[^?]*", "$1" + name);
    }
}
