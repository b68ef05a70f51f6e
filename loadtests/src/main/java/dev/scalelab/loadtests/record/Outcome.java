package dev.scalelab.loadtests.record;

import dev.scalelab.loadtests.probe.DbError;
import dev.scalelab.loadtests.probe.Identity;

/**
 * OK or KO, and why, for one observation. The order of the rules is the order of the questions a
 * developer asks: did anything answer, did the database refuse, was the status right, was it the
 * right person's page.
 *
 * @param kind    the class of the outcome
 * @param message KO message shown in the results, null when OK
 */
public record Outcome(Kind kind, String message) {

    public enum Kind {
        OK,
        /** Nothing answered: connection refused or reset, or the request timed out. */
        NO_RESPONSE,
        /** 503 with {@code X-Db-Error}: the database refused a connection (53300, pool timeout). */
        CONNECTION_REFUSED,
        /** Any other 5xx. */
        SERVER_ERROR,
        /** A status other than the expected one, below 500. */
        UNEXPECTED_STATUS,
        /** The page greets someone else than the visitor who asked for it. */
        IDENTITY_LEAK,
        /** Gatling reported a KO the recorder's rules do not explain (should not happen). */
        OTHER
    }

    public static final Outcome OK = new Outcome(Kind.OK, null);

    public boolean ok() {
        return kind == Kind.OK;
    }

    public static Outcome of(Observation o) {
        Integer status = o.status();
        if (status == null) {
            return new Outcome(Kind.NO_RESPONSE, "no response: connection failed, was reset or timed out");
        }
        if (status != o.expectedStatus()) {
            if (DbError.isConnectionRefused(status, o.dbError())) {
                return new Outcome(Kind.CONNECTION_REFUSED,
                        "database refused a connection: 503 with X-Db-Error: " + o.dbError().strip());
            }
            String message = "status: expected " + o.expectedStatus() + ", saw " + status;
            return new Outcome(status >= 500 ? Kind.SERVER_ERROR : Kind.UNEXPECTED_STATUS, message);
        }
        if (o.expectedIdentity() != null) {
            String leak = Identity.leak(o.expectedIdentity(), o.greeting());
            if (leak != null) {
                return new Outcome(Kind.IDENTITY_LEAK, leak);
            }
        }
        if (o.reportedFailed()) {
            return new Outcome(Kind.OTHER, "KO reported by Gatling; cause not visible to the recorder");
        }
        return OK;
    }
}
