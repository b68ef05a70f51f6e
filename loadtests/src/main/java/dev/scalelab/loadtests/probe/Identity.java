package dev.scalelab.loadtests.probe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose page is this? A signed-in page greets its user in
 * {@code <span id="greeting">Hello, Gina Caputo</span>}; an anonymous page has no
 * {@code id="greeting"}. A page that greets anyone else than the visitor who asked for it is an
 * identity leak: the story's shared page cache serving one user's page to everybody.
 */
public final class Identity {

    /** What an anonymous visitor expects to see, and what a page without greeting shows. */
    public static final String ANONYMOUS = "anonymous";

    /**
     * Java regex whose group 1 is the greeting element's inner markup; used by the Gatling check
     * (public DSL {@code regex(...)}) and by {@link #greetingOf(String)}.
     */
    public static final String GREETING_REGEX = "(?s)<[^>]*\\bid\\s*=\\s*[\"']greeting[\"'][^>]*>(.*?)</";

    private static final Pattern GREETING = Pattern.compile(GREETING_REGEX);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern HELLO = Pattern.compile("^(?i:hello|hi|welcome)\\s*,?\\s*");

    private Identity() {
    }

    /** Inner markup of the page's greeting element, or null when the page has none. */
    public static String greetingOf(String html) {
        if (html == null) {
            return null;
        }
        Matcher m = GREETING.matcher(html);
        return m.find() ? m.group(1) : null;
    }

    /** The name a page greets, from the greeting's inner markup; {@link #ANONYMOUS} when there is no greeting. */
    public static String seen(String greetingInnerHtml) {
        if (greetingInnerHtml == null) {
            return ANONYMOUS;
        }
        String text = unescape(TAG.matcher(greetingInnerHtml).replaceAll("")).strip();
        return HELLO.matcher(text).replaceFirst("").strip();
    }

    /** Null when the page shows who it should, else {@code identity leak: expected <A>, saw <B>}. */
    public static String leak(String expected, String greetingInnerHtml) {
        String seen = seen(greetingInnerHtml);
        return seen.equals(expected) ? null : message(expected, seen);
    }

    public static String message(String expected, String seen) {
        return "identity leak: expected " + expected + ", saw " + seen;
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 10) {
                String entity = s.substring(i + 1, semi);
                String decoded = decode(entity);
                if (decoded != null) {
                    out.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String decode(String entity) {
        switch (entity) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            case "nbsp": return " ";
            default:
                try {
                    if (entity.startsWith("#x") || entity.startsWith("#X")) {
                        return new String(Character.toChars(Integer.parseInt(entity.substring(2), 16)));
                    }
                    if (entity.startsWith("#")) {
                        return new String(Character.toChars(Integer.parseInt(entity.substring(1))));
                    }
                } catch (IllegalArgumentException notANumber) {
                    return null;
                }
                return null;
        }
    }
}
