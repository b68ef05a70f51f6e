package dev.scalelab.cli.ladder;

import dev.scalelab.app.AppSettings;
import dev.scalelab.app.DatabaseSettings;
import dev.scalelab.app.DatasetSpec;
import dev.scalelab.app.data.SeededUsers;
import dev.scalelab.app.data.Seeder;
import dev.scalelab.app.db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every step of a ladder shares: one database (embedded, or the user's) holding one dataset, and the users
 * CSV the load tests sign in with. The embedded server is started once and stopped by {@link #close()}.
 */
public final class Environment implements AutoCloseable {
    static final DatasetSpec DATASET = DatasetSpec.DEFAULT;

    final Database database;
    final Path usersCsv;

    private final Optional<Path> postmasterPidFile;

    private Environment(Database database, Path usersCsv, Optional<Path> postmasterPidFile) {
        this.database = database;
        this.usersCsv = usersCsv;
        this.postmasterPidFile = postmasterPidFile;
    }

    public static Environment prepare(DatabaseSettings settings, Path runDir, Consumer<String> log) throws SQLException, IOException {
        Database db = Database.open(settings, log);
        try {
            db.migrate();
            Path csv = runDir.resolve("users.csv");
            Optional<Path> pidFile;
            try (Connection c = db.connect()) {
                Seeder.ensure(c, DATASET, log);
                SeededUsers.writeCsv(c, csv, 2_000);
                pidFile = postmasterPid(c, settings);
            }
            return new Environment(db, csv, pidFile);
        } catch (SQLException | IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The postmaster.pid of the server when it runs on this machine and its data directory is readable. */
    private static Optional<Path> postmasterPid(Connection c, DatabaseSettings settings) {
        if (settings.isEmbedded()) {
            return Optional.of(settings.dataDir().resolve("pgdata").resolve("postmaster.pid"));
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show data_directory")) {
            rs.next();
            Path p = Path.of(rs.getString(1), "postmaster.pid");
            return Files.isReadable(p) ? Optional.of(p) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** The users CSV the load tests sign in with. */
    public Path usersCsv() {
        return usersCsv;
    }

    /**
     * Removes the comments earlier steps posted and the record of the follower e-mails sent about them, so every
     * step sees the same rows.
     */
    public void resetData() throws SQLException {
        try (Connection c = database.connect()) {
            Seeder.removeWorkloadData(c);
        }
    }

    /**
     * Why the database cannot be used now (it stopped, or refuses connections), in one line; empty when it answers.
     * Asked after every step, so a database that died during a step ends the ladder cleanly.
     */
    public Optional<String> problem() {
        try (Connection c = database.connect()) {
            return c.isValid(5) ? Optional.empty() : Optional.of("the database did not answer within 5 s");
        } catch (SQLException | RuntimeException e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
            return Optional.of(AppSettings.redact(m));
        }
    }

    /** The database server's main process, when it runs here. */
    List<Long> databasePids() {
        try {
            if (postmasterPidFile.isPresent() && Files.isReadable(postmasterPidFile.get())) {
                String first = Files.readAllLines(postmasterPidFile.get(), StandardCharsets.US_ASCII).get(0).trim();
                return List.of(Long.parseLong(first));
            }
        } catch (IOException | RuntimeException e) {
            // not known
        }
        return List.of();
    }

    /** {@code scalelab app} options that point a child app at this database. */
    public List<String> appDatabaseArgs() {
        List<String> args = new java.util.ArrayList<>(List.of("--db-url", database.url()));
        database.user().ifPresent(u -> {
            args.add("--db-user");
            args.add(u);
        });
        database.password().filter(p -> !p.isEmpty()).ifPresent(p -> {
            args.add("--db-password");
            args.add(p);
        });
        return args;
    }

    String describe() {
        return (database.embedded() ? "embedded PostgreSQL " : "PostgreSQL ") + AppSettings.redact(database.url())
                + ", max_connections=" + database.maxConnections();
    }

    /**
     * What opening one connection to {@code db} costs (median of {@code n}, each opened and closed in turn). The steps
     * with a connection per request pay it on every request; on a machine where processes start slowly it can bound
     * their latency more than the queries do.
     */
    public static Optional<Double> connectionSetupMs(Database db, int n) {
        double[] ms = new double[n];
        try {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                try (Connection c = db.connect()) {
                    c.isValid(5);
                }
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
        java.util.Arrays.sort(ms);
        return Optional.of(ms[n / 2]);
    }

    /** The line the ladder and {@code doctor} print about it. */
    public static String connectionSetupLine(double ms) {
        return String.format(java.util.Locale.ROOT, "a new database connection takes %.1f ms here (about %.0f per second "
                + "on one core); steps with a connection per request pay it on every request", ms, 1000 / ms);
    }

    @Override
    public void close() {
        database.close();
    }
}
