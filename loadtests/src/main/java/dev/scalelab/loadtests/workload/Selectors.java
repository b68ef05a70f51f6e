package dev.scalelab.loadtests.workload;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one simple CSS selector ({@code tag}, {@code #id}, {@code .class}, {@code tag#id}, {@code tag.class}) into a
 * regular expression whose group 1 is the inner markup of the first matching element (up to its first closing tag),
 * so the identity probe needs no HTML parser in the injector.
 */
final class Selectors {

    private static final Pattern SIMPLE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*)?(?:([#.])([A-Za-z_][A-Za-z0-9_-]*))?");

    private Selectors() {
    }

    /** The regex, or null when the selector is not a simple one. */
    static String toRegex(String selector) {
        Matcher m = SIMPLE.matcher(selector.strip());
        if (!m.matches() || m.group(1) == null && m.group(2) == null) {
            return null;
        }
        String tag = m.group(1) == null ? "[A-Za-z][A-Za-z0-9-]*" : Pattern.quote(m.group(1));
        String attribute = "";
        if (m.group(2) != null) {
            String name = Pattern.quote(m.group(3));
            attribute = m.group(2).equals("#")
                    ? "[^>]*\\bid\\s*=\\s*[\"']" + name + "[\"']"
                    : "[^>]*\\bclass\\s*=\\s*[\"'](?:[^\"']*\\s)?" + name + "(?:\\s[^\"']*)?[\"']";
        }
        return "(?s)<" + tag + "\\b" + attribute + "[^>]*>(.*?)</";
    }
}
