package dev.scalelab.loadtests.probe;

/**
 * Connection exhaustion as the client sees it: {@code 503} with an {@code X-Db-Error} header
 * naming the SQLState ({@code 53300}, "too many clients") or {@code pool-timeout}. Counted apart
 * from other server errors because it has its own fix (a pool, a pooler), not a code fix.
 */
public final class DbError {

    public static final String HEADER = "X-Db-Error";

    private DbError() {
    }

    /** True when the database refused a connection for this response. */
    public static boolean isConnectionRefused(Integer status, String xDbError) {
        return status != null && status == 503 && xDbError != null && !xDbError.isBlank();
    }
}
