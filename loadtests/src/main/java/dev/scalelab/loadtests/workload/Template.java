package dev.scalelab.loadtests.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A text with {@code ${feeder.column}} parts ({@code ${feeder}} for a one-column feeder), checked against the
 * declared feeders when the file is read, so a run never meets an unknown name. Rendering is a few appends: it runs
 * in every request's path.
 */
public final class Template {

    /** Where a template's values come from at run time: the visit's current record of each feeder. */
    public interface Values {
        /** The value of column {@code column} of the current record of the {@code feeder}-th feeder. */
        String value(int feeder, int column);
    }

    private final String text;
    private final String[] literals;
    private final int[] feeders;
    private final int[] columns;

    private Template(String text, String[] literals, int[] feeders, int[] columns) {
        this.text = text;
        this.literals = literals;
        this.feeders = feeders;
        this.columns = columns;
    }

    /** A text without feeder parts. */
    public static Template constant(String text) {
        return new Template(text, new String[] {text}, new int[0], new int[0]);
    }

    /**
     * Parses {@code text} against {@code feeders} (in declaration order); each unknown feeder or column is reported to
     * {@code problems} with what is allowed, and the result is then meaningless.
     */
    public static Template parse(String text, List<Feeder> feeders, Consumer<String> problems) {
        return parse(text, feeders, java.util.Set.of(), problems);
    }

    /** {@link #parse(String, List, Consumer)}, silent about the feeders in {@code broken} (already reported). */
    static Template parse(String text, List<Feeder> feeders, java.util.Set<String> broken, Consumer<String> problems) {
        List<String> literals = new ArrayList<>();
        List<int[]> refs = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = text.indexOf("${", from);
            if (open < 0) {
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                problems.accept("'" + text + "' opens '${' without closing '}'");
                break;
            }
            literals.add(text.substring(from, open));
            String ref = text.substring(open + 2, close).strip();
            int dot = ref.indexOf('.');
            if (broken.contains(dot < 0 ? ref : ref.substring(0, dot))) {
                refs.add(new int[] {0, 0});
            } else {
                refs.add(resolve(ref, feeders, problems));
            }
            from = close + 1;
        }
        literals.add(text.substring(from));
        int[] f = new int[refs.size()];
        int[] c = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            f[i] = refs.get(i)[0];
            c[i] = refs.get(i)[1];
        }
        return new Template(text, literals.toArray(String[]::new), f, c);
    }

    private static int[] resolve(String ref, List<Feeder> feeders, Consumer<String> problems) {
        int dot = ref.indexOf('.');
        String feederName = dot < 0 ? ref : ref.substring(0, dot);
        String column = dot < 0 ? null : ref.substring(dot + 1);
        for (int i = 0; i < feeders.size(); i++) {
            Feeder feeder = feeders.get(i);
            if (!feeder.name().equals(feederName)) {
                continue;
            }
            if (column == null) {
                if (feeder.columns().size() == 1) {
                    return new int[] {i, 0};
                }
                problems.accept("'${" + ref + "}' must name a column of feeder '" + feederName + "' (columns: "
                        + String.join(", ", feeder.columns()) + "), e.g. '${" + feederName + "." + feeder.columns().get(0) + "}'");
                return new int[] {i, 0};
            }
            int index = feeder.columns().indexOf(column);
            if (index < 0) {
                problems.accept("feeder '" + feederName + "' has no column '" + column + "' (columns: "
                        + String.join(", ", feeder.columns()) + ")" + feeder.headerHint());
                return new int[] {i, 0};
            }
            return new int[] {i, index};
        }
        problems.accept("'${" + ref + "}' names no feeder (" + (feeders.isEmpty() ? "the file declares none under 'feeders:'"
                : "feeders: " + String.join(", ", feeders.stream().map(Feeder::name).toList())) + ")");
        return new int[] {0, 0};
    }

    public boolean isConstant() {
        return feeders.length == 0;
    }

    /** The text as written in the file. */
    public String text() {
        return text;
    }

    /** Indexes of the feeders this template reads. */
    public int[] feederIndexes() {
        return feeders.clone();
    }

    public String render(Values values) {
        if (feeders.length == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < feeders.length; i++) {
            out.append(literals[i]).append(values.value(feeders[i], columns[i]));
        }
        return out.append(literals[feeders.length]).toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
