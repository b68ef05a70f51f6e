package dev.scalelab.cli;

import dev.scalelab.app.AppSettings;
import dev.scalelab.app.DatabaseSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives; shared by the commands that start the reference app. */
public final class DatabaseOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "Use this PostgreSQL instead of the embedded one, e.g. jdbc:postgresql://127.0.0.1:5432/mydb")
    String dbUrl;

    @Option(names = "--db-user", description = "User for --db-url (else taken from the URL).")
    String dbUser;

    @Option(names = "--db-password", description = "Password for --db-url; prefer the PGPASSWORD environment variable.")
    String dbPassword;

    @Option(names = "--max-connections", defaultValue = "40",
            description = "max_connections of the embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded PostgreSQL keeps binaries and data (default: ~/.local/share/scalelab).")
    Path dataDir;

    public DatabaseSettings settings() {
        try {
            DatabaseSettings db = dbUrl == null
                    ? DatabaseSettings.embedded(dataDir != null ? dataDir : AppSettings.defaultDataDir())
                    : DatabaseSettings.external(dbUrl, dbUser, dbPassword != null ? dbPassword : System.getenv("PGPASSWORD"));
            return db.withMaxConnections(maxConnections);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
