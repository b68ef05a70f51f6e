package dev.scalelab.app.db;

/** The database cannot be reached or started; the message says why and what to do, in one line. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message) {
        super(message);
    }
}
