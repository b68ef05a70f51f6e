package dev.scalelab.app;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the reference app keeps its data: an embedded PostgreSQL nobody had to install (the default),
 * or a server the user names with {@code --db-url}.
 *
 * @param url            JDBC URL of an existing server; empty means embedded
 * @param user           user for {@code url}; empty: taken from the URL or the driver's default
 * @param password       password for {@code url}
 * @param dataDir        where the embedded server keeps its binaries and data
 * @param maxConnections {@code max_connections} of the embedded server; low, so per-request connections can exhaust it
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<String> password, Path dataDir,
                               int maxConnections) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDir, "dataDir");
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db-url must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://127.0.0.1:5432/mydb (was '" + AppSettings.redact(url.get()) + "')");
        }
        if (maxConnections < 10 || maxConnections > 10_000) {
            throw new IllegalArgumentException("--max-connections must be between 10 and 10000 (was " + maxConnections + ")");
        }
    }

    public static final int DEFAULT_MAX_CONNECTIONS = 40;

    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), dataDir, DEFAULT_MAX_CONNECTIONS);
    }

    public static DatabaseSettings external(String url, String user, String password) {
        return new DatabaseSettings(Optional.of(url), Optional.ofNullable(user), Optional.ofNullable(password),
                AppSettings.defaultDataDir(), DEFAULT_MAX_CONNECTIONS);
    }

    public DatabaseSettings withMaxConnections(int n) {
        return new DatabaseSettings(url, user, password, dataDir, n);
    }

    public boolean isEmbedded() {
        return url.isEmpty();
    }
}
