package dev.scalelab.app.db;

import dev.scalelab.app.AppSettings;
import dev.scalelab.app.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;

/**
 * The database the reference app runs on: the embedded server by default, or the one named by --db-url.
 * Knows how to connect; {@link #close()} stops the embedded server.
 */
public final class Database implements AutoCloseable {

    /** Shown in pg_stat_activity, so tests and the CLI can tell the app's connections apart. */
    public static final String APPLICATION_NAME = "scalelab-app";
    private static final String EMBEDDED_DB = "scalelab";

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final EmbeddedDatabase embedded;
    private final int maxConnections;

    private Database(String url, Optional<String> user, Optional<String> password, EmbeddedDatabase embedded,
                     int maxConnections) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.maxConnections = maxConnections;
    }

    /** Starts the embedded server or checks the external one; throws {@link DatabaseUnavailableException} with advice. */
    public static Database open(DatabaseSettings settings, Consumer<String> log) {
        if (settings.isEmbedded()) {
            EmbeddedDatabase pg = EmbeddedDatabase.start(settings.dataDir(), settings.maxConnections(), log);
            try {
                String adminUrl = pg.jdbcUrl("postgres");
                try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
                     Statement st = c.createStatement()) {
                    var rs = st.executeQuery("select 1 from pg_database where datname = '" + EMBEDDED_DB + "'");
                    if (!rs.next()) {
                        st.execute("create database " + EMBEDDED_DB);
                    }
                }
                Database db = new Database(pg.jdbcUrl(EMBEDDED_DB), Optional.of("postgres"), Optional.of(""), pg,
                        settings.maxConnections());
                return db;
            } catch (SQLException e) {
                pg.close();
                throw new DatabaseUnavailableException("the embedded PostgreSQL started but refused a connection: "
                        + e.getMessage());
            }
        }
        Database db = new Database(settings.url().orElseThrow(), settings.user(), settings.password(), null, -1);
        try (Connection c = db.connect()) {
            var rs = c.createStatement().executeQuery("select current_setting('max_connections')::int");
            rs.next();
            return new Database(db.url, db.user, db.password, null, rs.getInt(1));
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot connect to PostgreSQL at " + AppSettings.redact(db.url)
                    + db.user.map(u -> " as " + u).orElse("") + ": " + firstLine(e) + ". Check that the server runs, "
                    + "the URL, user and password are right, or leave out --db-url to use the embedded database");
        }
    }

    /**
     * Connects to the database another process of the app runs on, without starting one: the worker's way in. An
     * external server is opened as usual; for the embedded one, the server the web app started in the same data
     * directory is found through its {@code postmaster.pid}.
     */
    public static Database attach(DatabaseSettings settings, Consumer<String> log) {
        if (!settings.isEmbedded()) {
            return open(settings, log);
        }
        java.nio.file.Path pidFile = settings.dataDir().resolve("pgdata").resolve("postmaster.pid");
        String hint = "start the web app first (scalelab app --tasks queue), or give the worker the web app's --db-url";
        java.util.List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(pidFile, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new DatabaseUnavailableException("no embedded PostgreSQL runs in " + settings.dataDir() + "; " + hint);
        }
        if (lines.size() < 4 || !lines.get(0).trim().matches("\\d+") || !lines.get(3).trim().matches("\\d+")
                || ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(h -> !h.isAlive()).orElse(true)) {
            throw new DatabaseUnavailableException("the embedded PostgreSQL in " + settings.dataDir()
                    + " is not running (stale " + pidFile + "); " + hint);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + lines.get(3).trim() + "/" + EMBEDDED_DB;
        log.accept("using the embedded PostgreSQL of the web app at " + url);
        return open(DatabaseSettings.external(url, "postgres", ""), log);
    }

    /** A fresh physical connection (no pool); the caller closes it. */
    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    /** A non-pooling DataSource: every getConnection() opens a new physical connection. */
    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        user.ifPresent(ds::setUser);
        password.ifPresent(ds::setPassword);
        ds.setApplicationName(APPLICATION_NAME);
        ds.setConnectTimeout(5);
        ds.setReWriteBatchedInserts(true);
        return ds;
    }

    /** Properties for drivers and pools that take a URL. */
    public Properties connectionProperties() {
        Properties p = new Properties();
        user.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", APPLICATION_NAME);
        return p;
    }

    public String url() {
        return url;
    }

    public Optional<String> user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** The server's max_connections. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The newest migration in {@code db/migration}; a test holds it to the files. */
    static final String SCHEMA_VERSION = "3";

    /**
     * Applies the Flyway migrations. Flyway's open-source core has no telemetry; nothing leaves the machine. When the
     * newest migration is already applied (every app a ladder starts on its prepared database), Flyway is not loaded:
     * its scan of the classpath for migrations costs half a second of every app start on a small machine.
     */
    public void migrate() {
        if (schemaIsCurrent()) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** Whether the last migration Flyway recorded succeeded and is {@link #SCHEMA_VERSION}. */
    boolean schemaIsCurrent() {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("select version, success from flyway_schema_history "
                     + "order by installed_rank desc limit 1")) {
            return rs.next() && rs.getBoolean("success") && SCHEMA_VERSION.equals(rs.getString("version"));
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof PSQLException && e.getCause() != null && e.getCause().getMessage() != null) {
            m = m + " (" + e.getCause().getMessage() + ")";
        }
        return m.lines().findFirst().orElse(m);
    }
}
