package dev.scalelab.diagnostics.detect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fix hints, worded for the data-access layer that issued the statements. */
final class Hints {
    private Hints() {
    }

    private static final Pattern LOOKUP = Pattern.compile(
            "\\bfrom ([\\w.\"]+)(?: (?:as )?(?!where\\b)(\\w+))? where (?:[\\w\"]+\\.)?([\\w\"]+) ?= ?\\?");

    /** Table and key column of a single-key lookup, if the fingerprint is one. */
    record Lookup(String table, String column) {
        boolean byPrimaryKey() {
            return column.equals("id");
        }
    }

    static Lookup lookup(String fingerprint) {
        Matcher m = LOOKUP.matcher(fingerprint);
        return m.find() ? new Lookup(m.group(1), m.group(3)) : null;
    }

    static String nPlusOne(String fingerprint, CallStack.Origin origin) {
        Lookup l = lookup(fingerprint);
        String table = l == null ? "the rows" : l.table() + " rows";
        String key = l == null ? "key" : l.column();
        String orm;
        if (l != null && !l.byPrimaryKey()) {
            orm = "Hibernate initializes one " + l.table() + " collection per owner (by " + key + "): fetch the"
                    + " collection with the query that loads the owners (JOIN FETCH or @EntityGraph), or batch it"
                    + " (@BatchSize on the collection, or hibernate.default_batch_fetch_size)";
        } else {
            orm = "Hibernate loads " + table + " one at a time: fetch them with the query that loads their owners"
                    + " (JOIN FETCH on the association or an @EntityGraph), or batch them (@BatchSize on the entity,"
                    + " or hibernate.default_batch_fetch_size)";
        }
        String jdbc = "run one statement for all keys instead of one per key: ... where " + key
                + " = ANY(?) with an array of the keys (Connection.createArrayOf), then match the rows in memory";
        return switch (origin) {
            case ORM -> orm;
            case JDBC -> jdbc;
            case UNKNOWN -> "load all keys at once; with an ORM: " + orm + "; with plain JDBC: " + jdbc;
        };
    }

    static String duplicate(int count, CallStack.Origin origin) {
        String base = "the same result was read " + count + " times; read it once and reuse it"
                + " (pass it along or keep it in a request-scoped cache)";
        return origin == CallStack.Origin.ORM
                ? base + "; Hibernate's persistence context caches entities by id, not query results"
                : base;
    }
}
