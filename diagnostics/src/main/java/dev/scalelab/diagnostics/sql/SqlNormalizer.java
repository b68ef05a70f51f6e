package dev.scalelab.diagnostics.sql;

import dev.scalelab.diagnostics.StatementKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A careful SQL tokenizer (PostgreSQL dialect, tolerant of others) that fingerprints and
 * classifies statements. It never throws: text it cannot make sense of still gets a fingerprint.
 *
 * <p>Understands single-quoted strings with {@code ''} escapes, {@code E'…'} strings with
 * backslash escapes, dollar quoting ({@code $$…$$}, {@code $tag$…$tag$}), quoted identifiers,
 * nested block comments, line comments, JDBC {@code ?} and native {@code $1} markers, the
 * {@code ??} operator escape, casts, and negative numbers.
 */
public final class SqlNormalizer {

    private SqlNormalizer() {
    }

    private enum T { WORD, QUOTED, STRING, NUMBER, PARAM, OPEN, CLOSE, COMMA, DOT, SEMI, LBRACKET, RBRACKET, OP }

    private record Token(T type, String text) {
        boolean is(T t, String s) {
            return type == t && text.equals(s);
        }

        boolean word(String s) {
            return type == T.WORD && text.equals(s);
        }

        boolean placeholder() {
            return type == T.PARAM;
        }
    }

    private static final Set<String> INFRA_FIRST = Set.of("set", "show", "reset", "savepoint", "release",
            "rollback", "commit", "begin", "start", "end", "abort", "prepare", "deallocate", "discard",
            "listen", "unlisten", "notify", "lock", "checkpoint", "load", "explain", "execute");
    private static final Set<String> WRITE_FIRST = Set.of("insert", "update", "delete", "merge", "upsert",
            "replace", "copy", "call", "do");
    private static final Set<String> DDL_FIRST = Set.of("create", "alter", "drop", "truncate", "comment",
            "grant", "revoke", "vacuum", "analyze", "analyse", "cluster", "reindex", "refresh", "security",
            "rename");
    private static final Set<String> INFRA_FUNCTIONS = Set.of("nextval", "currval", "setval", "lastval",
            "pg_advisory_lock", "pg_advisory_unlock", "pg_try_advisory_lock", "pg_advisory_xact_lock",
            "pg_try_advisory_xact_lock", "set_config", "current_setting", "version", "pg_backend_pid",
            "txid_current", "pg_current_xact_id", "current_schema", "current_database");
    /** Words after which a '-' starts a negative number rather than a subtraction. */
    private static final Set<String> OPERAND_EXPECTED = Set.of("select", "where", "and", "or", "not", "in",
            "values", "then", "else", "when", "return", "by", "limit", "offset", "between", "like", "is",
            "set", "case", "having", "on", "any", "all", "some", "array");
    /** Words that read better with a space before '(' (everything else is a function call). */
    private static final Set<String> SPACED_BEFORE_PAREN = Set.of("in", "values", "as", "from", "join", "on",
            "and", "or", "not", "exists", "any", "all", "some", "select", "where", "using", "over", "filter",
            "within", "into", "set", "returning", "by", "then", "else", "when", "case", "is", "like", "with",
            "materialized", "union", "intersect", "except", "lateral", "recursive", "table", "update", "delete",
            "insert", "do", "conflict", "limit", "offset", "having", "between", "distinct", "tuple");

    /** Normalizes one SQL text. */
    public static NormalizedSql normalize(String sql) {
        List<Token> raw = tokenize(sql == null ? "" : sql);
        List<String> literals = new ArrayList<>();
        List<Token> tokens = replaceLiterals(raw, literals);
        int[] largest = {0};
        boolean any = containsAnyParameter(tokens);
        tokens = collapseLists(tokens, largest);
        StatementKind kind = classify(tokens);
        boolean paged = paged(tokens);
        return new NormalizedSql(render(tokens), kind, literals, largest[0], any, paged);
    }

    // ---------------------------------------------------------------- tokenizer

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int depth = 0;
                while (i < n) {
                    if (s.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (s.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
            } else if (c == '\'') {
                int end = quoted(s, i, '\'', false);
                out.add(new Token(T.STRING, s.substring(i, end)));
                i = end;
            } else if (c == '"') {
                int end = quoted(s, i, '"', false);
                out.add(new Token(T.QUOTED, s.substring(i, end)));
                i = end;
            } else if (c == '$') {
                if (i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                    int j = i + 1;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                    out.add(new Token(T.PARAM, "?"));
                    i = j;
                } else {
                    int j = i + 1;
                    while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                    if (j < n && s.charAt(j) == '$') {
                        String tag = s.substring(i, j + 1);
                        int close = s.indexOf(tag, j + 1);
                        int end = close < 0 ? n : close + tag.length();
                        out.add(new Token(T.STRING, s.substring(i, end)));
                        i = end;
                    } else {
                        out.add(new Token(T.OP, "$"));
                        i++;
                    }
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int j = i;
                while (j < n && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j < n && s.charAt(j) == '.' && !(j + 1 < n && s.charAt(j + 1) == '.')) {
                    j++;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && Character.isDigit(s.charAt(k))) {
                        j = k;
                        while (j < n && Character.isDigit(s.charAt(j))) {
                            j++;
                        }
                    }
                }
                out.add(new Token(T.NUMBER, s.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
                    j++;
                }
                String word = s.substring(i, j).toLowerCase(Locale.ROOT);
                if (j < n && s.charAt(j) == '\'' && (word.equals("e") || word.equals("b") || word.equals("x")
                        || word.equals("n"))) {
                    int end = quoted(s, j, '\'', word.equals("e"));
                    out.add(new Token(T.STRING, s.substring(i, end)));
                    i = end;
                } else if (j + 1 < n && word.equals("u") && s.charAt(j) == '&' && s.charAt(j + 1) == '\'') {
                    int end = quoted(s, j + 1, '\'', false);
                    out.add(new Token(T.STRING, s.substring(i, end)));
                    i = end;
                } else {
                    out.add(new Token(T.WORD, word));
                    i = j;
                }
            } else if (c == '?') {
                if (i + 1 < n && (s.charAt(i + 1) == '?' || s.charAt(i + 1) == '|' || s.charAt(i + 1) == '&')) {
                    out.add(new Token(T.OP, s.substring(i, i + 2)));
                    i += 2;
                } else {
                    out.add(new Token(T.PARAM, "?"));
                    i++;
                }
            } else if (c == '(') {
                out.add(new Token(T.OPEN, "("));
                i++;
            } else if (c == ')') {
                out.add(new Token(T.CLOSE, ")"));
                i++;
            } else if (c == ',') {
                out.add(new Token(T.COMMA, ","));
                i++;
            } else if (c == '.') {
                out.add(new Token(T.DOT, "."));
                i++;
            } else if (c == ';') {
                out.add(new Token(T.SEMI, ";"));
                i++;
            } else if (c == '[') {
                out.add(new Token(T.LBRACKET, "["));
                i++;
            } else if (c == ']') {
                out.add(new Token(T.RBRACKET, "]"));
                i++;
            } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
                out.add(new Token(T.OP, "::"));
                i += 2;
            } else {
                int j = i;
                while (j < n && "+-*/<>=~!@#%^&|`:".indexOf(s.charAt(j)) >= 0
                        && !s.startsWith("--", j) && !s.startsWith("/*", j) && !(j > i && s.startsWith("::", j))) {
                    j++;
                }
                if (j == i) {
                    j = i + 1;
                }
                out.add(new Token(T.OP, s.substring(i, j)));
                i = j;
            }
        }
        return out;
    }

    /** End index (exclusive) of a quoted run starting at {@code start}; unterminated runs end the text. */
    private static int quoted(String s, int start, char quote, boolean backslashEscapes) {
        int n = s.length();
        int i = start + 1;
        while (i < n) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- literals

    private static List<Token> replaceLiterals(List<Token> in, List<String> literals) {
        List<Token> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            Token t = in.get(i);
            boolean nextIsCallOrQualifier = i + 1 < in.size()
                    && (in.get(i + 1).type == T.OPEN || in.get(i + 1).type == T.DOT);
            if (t.type == T.STRING || t.type == T.NUMBER
                    || (t.type == T.WORD && (t.text.equals("true") || t.text.equals("false")) && !nextIsCallOrQualifier)) {
                String value = t.text;
                if (t.type == T.NUMBER && negativeSign(out)) {
                    out.remove(out.size() - 1);
                    value = "-" + value;
                }
                literals.add(value);
                out.add(new Token(T.PARAM, "?"));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** Whether the last token is a unary minus (an operator where an operand is expected). */
    private static boolean negativeSign(List<Token> out) {
        if (out.isEmpty() || !out.get(out.size() - 1).is(T.OP, "-")) {
            return false;
        }
        if (out.size() == 1) {
            return true;
        }
        Token before = out.get(out.size() - 2);
        return switch (before.type) {
            case OP, OPEN, COMMA, LBRACKET -> true;
            case WORD -> OPERAND_EXPECTED.contains(before.text);
            default -> false;
        };
    }

    // ---------------------------------------------------------------- lists

    private static boolean containsAnyParameter(List<Token> t) {
        for (int i = 0; i + 3 < t.size(); i++) {
            if ((t.get(i).word("any") || t.get(i).word("all") || t.get(i).word("some"))
                    && t.get(i + 1).type == T.OPEN && t.get(i + 2).placeholder()
                    && (t.get(i + 3).type == T.CLOSE || t.get(i + 3).is(T.OP, "::"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Collapses {@code IN (?, ?, …)}, {@code IN ((?, ?), …)}, {@code ARRAY[?, …]} and multi-row
     * {@code VALUES (…), (…)} to one form each, recording the largest list.
     */
    private static List<Token> collapseLists(List<Token> in, int[] largest) {
        List<Token> out = new ArrayList<>(in.size());
        int i = 0;
        while (i < in.size()) {
            Token t = in.get(i);
            if (t.word("in") && i + 1 < in.size() && in.get(i + 1).type == T.OPEN) {
                int[] count = {0};
                int end = placeholderList(in, i + 2, T.CLOSE, count);
                if (end > 0) {
                    largest[0] = Math.max(largest[0], count[0]);
                    out.add(t);
                    out.add(new Token(T.OPEN, "("));
                    out.add(new Token(T.OP, "..."));
                    out.add(new Token(T.CLOSE, ")"));
                    i = end + 1;
                    continue;
                }
            }
            if (t.word("array") && i + 1 < in.size() && in.get(i + 1).type == T.LBRACKET) {
                int[] count = {0};
                int end = placeholderList(in, i + 2, T.RBRACKET, count);
                if (end > 0) {
                    largest[0] = Math.max(largest[0], count[0]);
                    out.add(t);
                    out.add(new Token(T.LBRACKET, "["));
                    out.add(new Token(T.OP, "..."));
                    out.add(new Token(T.RBRACKET, "]"));
                    i = end + 1;
                    continue;
                }
            }
            if (t.word("values") && i + 1 < in.size() && in.get(i + 1).type == T.OPEN) {
                int firstEnd = matching(in, i + 1);
                if (firstEnd > 0) {
                    List<Token> first = in.subList(i + 1, firstEnd + 1);
                    int j = firstEnd + 1;
                    while (j + 1 < in.size() && in.get(j).type == T.COMMA && in.get(j + 1).type == T.OPEN) {
                        int end = matching(in, j + 1);
                        if (end < 0 || !in.subList(j + 1, end + 1).equals(first)) {
                            break;
                        }
                        j = end + 1;
                    }
                    out.add(t);
                    out.addAll(first);
                    i = j;
                    continue;
                }
            }
            out.add(t);
            i++;
        }
        return out;
    }

    /**
     * If tokens from {@code from} are {@code ?, ?, …} or {@code (?, ?), (?, ?), …} followed by
     * {@code close}, returns the index of {@code close} and sets the element count; else -1.
     */
    private static int placeholderList(List<Token> t, int from, T close, int[] count) {
        int i = from;
        int elements = 0;
        while (i < t.size()) {
            Token tok = t.get(i);
            if (tok.placeholder()) {
                i++;
            } else if (tok.type == T.OPEN) {
                int end = matching(t, i);
                if (end < 0) {
                    return -1;
                }
                for (int k = i + 1; k < end; k++) {
                    Token inner = t.get(k);
                    if (!(inner.placeholder() || inner.type == T.COMMA)) {
                        return -1;
                    }
                }
                i = end + 1;
            } else {
                return -1;
            }
            // optional cast of the element, e.g. ?::int
            while (i + 1 < t.size() && t.get(i).is(T.OP, "::") && t.get(i + 1).type == T.WORD) {
                i += 2;
            }
            elements++;
            if (i < t.size() && t.get(i).type == T.COMMA) {
                i++;
            } else if (i < t.size() && t.get(i).type == close) {
                count[0] = elements;
                return i;
            } else {
                return -1;
            }
        }
        return -1;
    }

    private static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            T type = t.get(i).type;
            if (type == T.OPEN) {
                depth++;
            } else if (type == T.CLOSE) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- classification

    private static StatementKind classify(List<Token> t) {
        int i = 0;
        while (i < t.size() && (t.get(i).type == T.OPEN || t.get(i).type == T.SEMI)) {
            i++;
        }
        if (i >= t.size() || t.get(i).type != T.WORD) {
            return StatementKind.OTHER;
        }
        String first = t.get(i).text;
        if (first.equals("select")) {
            boolean infrastructure = callsSequenceFunction(t)
                    || (!hasTopLevelFrom(t, i) && (callsInfrastructureFunction(t) || validationQuery(t, i)));
            return infrastructure ? StatementKind.INFRASTRUCTURE : StatementKind.READ;
        }
        if (first.equals("values") || first.equals("table")) {
            return StatementKind.READ;
        }
        if (first.equals("with")) {
            return classifyWith(t, i + 1);
        }
        if (INFRA_FIRST.contains(first)) {
            return StatementKind.INFRASTRUCTURE;
        }
        if (WRITE_FIRST.contains(first)) {
            return StatementKind.WRITE;
        }
        if (DDL_FIRST.contains(first)) {
            return StatementKind.DDL;
        }
        return StatementKind.OTHER;
    }

    private static boolean callsSequenceFunction(List<Token> t) {
        for (int i = 0; i + 1 < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.type == T.WORD && t.get(i + 1).type == T.OPEN && (tok.text.equals("nextval")
                    || tok.text.equals("currval") || tok.text.equals("setval") || tok.text.equals("lastval"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasTopLevelFrom(List<Token> t, int select) {
        int depth = 0;
        for (int i = select; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.type == T.OPEN) {
                depth++;
            } else if (tok.type == T.CLOSE) {
                depth--;
            } else if (depth <= 0 && tok.word("from")) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsInfrastructureFunction(List<Token> t) {
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).type == T.WORD && t.get(i + 1).type == T.OPEN && INFRA_FUNCTIONS.contains(t.get(i).text)
                    && (i == 0 || t.get(i - 1).type != T.DOT || isPgCatalog(t, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPgCatalog(List<Token> t, int i) {
        return i >= 2 && t.get(i - 2).word("pg_catalog");
    }

    /** {@code SELECT ?} / {@code SELECT ?, ?} without FROM: a connection check, not application data. */
    private static boolean validationQuery(List<Token> t, int select) {
        boolean sawItem = false;
        for (int i = select + 1; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.placeholder()) {
                sawItem = true;
            } else if (tok.type == T.COMMA || tok.type == T.SEMI || tok.type == T.CLOSE) {
                continue;
            } else if (tok.word("as") && i + 1 < t.size() && t.get(i + 1).type == T.WORD) {
                i++;
            } else {
                return false;
            }
        }
        return sawItem;
    }

    /** {@code WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body), … main}. */
    private static StatementKind classifyWith(List<Token> t, int from) {
        boolean modifyingCte = false;
        int depth = 0;
        Token previousTopLevel = null;
        for (int i = from; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.type == T.OPEN) {
                if (depth == 0 && previousTopLevel != null
                        && (previousTopLevel.word("as") || previousTopLevel.word("materialized"))) {
                    int k = i + 1;
                    while (k < t.size() && t.get(k).type == T.OPEN) {
                        k++;
                    }
                    if (k < t.size() && t.get(k).type == T.WORD && WRITE_FIRST.contains(t.get(k).text)) {
                        modifyingCte = true;
                    }
                }
                depth++;
            } else if (tok.type == T.CLOSE) {
                depth--;
            } else if (depth == 0) {
                if (tok.type == T.WORD) {
                    switch (tok.text) {
                        case "select", "values", "table":
                            return modifyingCte ? StatementKind.WRITE : StatementKind.READ;
                        case "insert", "update", "delete", "merge":
                            return StatementKind.WRITE;
                        default:
                            break;
                    }
                }
                previousTopLevel = tok;
            }
        }
        return modifyingCte ? StatementKind.WRITE : StatementKind.OTHER;
    }

    private static boolean paged(List<Token> t) {
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.type == T.OPEN) {
                depth++;
            } else if (tok.type == T.CLOSE) {
                depth--;
            } else if (depth == 0 && tok.type == T.WORD) {
                if (tok.text.equals("limit") || tok.text.equals("offset")) {
                    return true;
                }
                if (tok.text.equals("fetch") && i + 1 < t.size()
                        && (t.get(i + 1).word("first") || t.get(i + 1).word("next"))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- rendering

    private static String render(List<Token> t) {
        StringBuilder out = new StringBuilder();
        Token prev = null;
        for (Token tok : t) {
            if (prev != null && spaceBetween(prev, tok)) {
                out.append(' ');
            }
            out.append(tok.text);
            prev = tok;
        }
        return out.toString();
    }

    private static boolean spaceBetween(Token prev, Token next) {
        switch (next.type) {
            case COMMA, CLOSE, DOT, SEMI, RBRACKET:
                return false;
            case LBRACKET:
                return prev.type != T.WORD && prev.type != T.QUOTED && prev.type != T.CLOSE;
            case OPEN:
                if (prev.type == T.WORD) {
                    return SPACED_BEFORE_PAREN.contains(prev.text);
                }
                return prev.type != T.OPEN && prev.type != T.QUOTED && prev.type != T.LBRACKET
                        && !prev.is(T.OP, "::");
            default:
                break;
        }
        if (next.is(T.OP, "::")) {
            return false;
        }
        return prev.type != T.OPEN && prev.type != T.DOT && prev.type != T.LBRACKET && !prev.is(T.OP, "::");
    }
}
