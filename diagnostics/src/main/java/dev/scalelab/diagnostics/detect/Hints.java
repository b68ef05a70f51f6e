package dev.scalelab.diagnostics.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fix hints, worded for the data-access layer that issued the statements. */
final class Hints {
    private Hints() {
    }

    /** A table in a FROM or JOIN clause, with its alias if any. */
    private static final Pattern TABLE = Pattern.compile(
            "\\b(?:from|join) ([\\w.\"]+)(?: (?:as )?(?!(?:on|where|join|left|right|inner|outer|full|cross|using|order"
                    + "|group|limit|offset|fetch|for|union)\\b)(\\w+))?");
    /** The key compared with one bind marker in the WHERE clause: {@code where c1_0.article_id = ?}. */
    private static final Pattern KEY = Pattern.compile("\\bwhere (?:([\\w\"]+)\\.)?([\\w\"]+) ?= ?\\?");

    /**
     * A single-key lookup: the table whose column the WHERE clause compares with the key, and, when
     * that table is joined to another one (a many-to-many join table), the joined table.
     */
    record Lookup(String table, String column, String joined) {
        boolean byPrimaryKey() {
            return column.equals("id");
        }

        /**
         * The entity that owns a collection loaded by this key: {@code pet_id} and {@code petId} give
         * {@code pet}; a column without an id suffix is the owner's name itself.
         */
        String owner() {
            String c = column;
            if (c.length() > 3 && c.toLowerCase(Locale.ROOT).endsWith("_id")) {
                return c.substring(0, c.length() - 3);
            }
            if (c.length() > 2 && c.endsWith("Id")) {
                return c.substring(0, c.length() - 2);
            }
            return c;
        }

        /** What the collection holds: the joined table through a join table, else the table itself. */
        String elements() {
            return joined != null ? joined : table;
        }
    }

    static Lookup lookup(String fingerprint) {
        Matcher key = KEY.matcher(fingerprint);
        if (!key.find()) {
            return null;
        }
        String from = fingerprint.substring(0, key.start());
        Map<String, String> byAlias = new LinkedHashMap<>();
        Matcher t = TABLE.matcher(from);
        String first = null;
        while (t.find()) {
            String table = bare(t.group(1));
            if (first == null) {
                first = table;
            }
            byAlias.put(t.group(2) != null ? t.group(2) : table, table);
        }
        if (first == null) {
            return null;
        }
        String alias = key.group(1) == null ? null : unquote(key.group(1));
        String table = alias == null ? first : byAlias.getOrDefault(alias, byAlias.getOrDefault(bare(alias), first));
        String joined = null;
        if (alias != null && isJoinTable(fingerprint, alias)) {
            for (String other : byAlias.values()) {
                if (!other.equals(table)) {
                    joined = other;
                    break;
                }
            }
        }
        return new Lookup(table, unquote(key.group(2)), joined);
    }

    /**
     * Whether the table behind {@code alias} is a many-to-many join table: the statement reads only
     * foreign keys from it ({@code select at1_0.article_id, t1_1.id, t1_1.name from article_tag at1_0 join
     * tag t1_1 …}). A collection loaded with an eager association joined in reads the collection's own
     * columns, its id first ({@code select p1_0.id, p1_0.name, t1_0.id … from pets p1_0 join types t1_0 …}).
     */
    private static boolean isJoinTable(String fingerprint, String alias) {
        int from = fingerprint.indexOf(" from ");
        if (!fingerprint.startsWith("select ") || from < 0) {
            return false;
        }
        Matcher columns = Pattern.compile("\\b" + Pattern.quote(alias) + "\\.([\\w\"]+)")
                .matcher(fingerprint.substring(0, from));
        boolean any = false;
        while (columns.find()) {
            String column = unquote(columns.group(1)).toLowerCase(Locale.ROOT);
            if (!column.endsWith("_id") || column.equals("id")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** {@code diag_corpus."comment"} → {@code comment}: the hint names the table, not its schema. */
    private static String bare(String qualified) {
        String name = qualified.substring(qualified.lastIndexOf('.') + 1);
        return unquote(name);
    }

    private static String unquote(String name) {
        return name.replace("\"", "");
    }

    static String nPlusOne(String fingerprint, CallStack.Origin origin) {
        Lookup l = lookup(fingerprint);
        String key = l == null ? "key" : l.column();
        String orm;
        if (l != null && !l.byPrimaryKey()) {
            String through = l.joined() != null ? "through " : "by ";
            orm = "Hibernate initializes one " + l.elements() + " collection per " + l.owner() + " (" + through
                    + l.table() + "." + l.column() + "): fetch the collection with the query that loads the "
                    + l.owner() + " (JOIN FETCH or @EntityGraph), or batch it (@BatchSize on the collection, or"
                    + " hibernate.default_batch_fetch_size)";
        } else {
            String table = l == null ? "the rows" : l.table() + " rows";
            orm = "Hibernate loads " + table + " one at a time: fetch them with the query that loads the entities"
                    + " that reference them (JOIN FETCH on the association or an @EntityGraph), or batch them"
                    + " (@BatchSize on the entity, or hibernate.default_batch_fetch_size)";
        }
        String jdbc = "run one statement for all keys instead of one per key: ... where " + key
                + " = ANY(?) with an array of the keys (Connection.createArrayOf), then match the rows in memory";
        return switch (origin) {
            case ORM -> orm;
            case JDBC -> jdbc;
            case UNKNOWN -> "load all keys at once; with an ORM: " + orm + "; with plain JDBC: " + jdbc;
        };
    }

    /**
     * How often the repeated results were read, in words that agree with the finding's count (the
     * sum of {@code timesPerResult}): one result read 4 times, or 2 results read 2 times each.
     *
     * @param timesPerResult for each repeated parameter set, how many times it was read (each >= 2), most first
     */
    static String duplicate(List<Integer> timesPerResult, CallStack.Origin origin) {
        int total = timesPerResult.stream().mapToInt(Integer::intValue).sum();
        int results = timesPerResult.size();
        String what;
        if (results == 1) {
            what = "the same result was read " + total + " times; read it once and reuse it";
        } else if (timesPerResult.stream().distinct().count() == 1) {
            what = results + " results were read " + timesPerResult.get(0) + " times each; read each once and"
                    + " reuse it";
        } else {
            StringBuilder terms = new StringBuilder();
            int shown = Math.min(results, 5);
            for (int i = 0; i < shown; i++) {
                terms.append(i == 0 ? "" : " + ").append(timesPerResult.get(i));
            }
            if (shown < results) {
                terms.append(" + …");
            }
            what = results + " results were read " + total + " times in all (" + terms + "); read each once and"
                    + " reuse it";
        }
        String base = what + " (pass it along or keep it in a request-scoped cache)";
        return origin == CallStack.Origin.ORM
                ? base + "; Hibernate's persistence context caches entities by id, not query results"
                : base;
    }
}
