package dev.scalelab.app.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/** Recognizes "the database refused me a connection" in an exception chain. */
public final class DbErrors {
    /** PostgreSQL's SQLState for "sorry, too many clients already". */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** What the app reports when HikariCP timed out waiting for a free connection. */
    public static final String POOL_TIMEOUT = "pool-timeout";

    private DbErrors() {
    }

    /** The reason to put in {@code X-Db-Error}, when the failure is a refused or unavailable connection. */
    public static Optional<String> connectionRefusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (TOO_MANY_CONNECTIONS.equals(state)) {
                    return Optional.of(TOO_MANY_CONNECTIONS);
                }
                if (c instanceof SQLTransientConnectionException && String.valueOf(sql.getMessage()).contains("timed out")) {
                    return Optional.of(POOL_TIMEOUT);
                }
                if (state != null && state.startsWith("08")) {
                    return Optional.of(state);
                }
            }
        }
        return Optional.empty();
    }
}
