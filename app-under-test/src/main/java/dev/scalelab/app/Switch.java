package dev.scalelab.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A scaling switch: an enum whose values have the lower-case names users type on the command line. */
public interface Switch {

    /** The name on the command line and in ladder files, e.g. {@code page-by-cookie}. */
    String label();

    /**
     * Parses a switch value by its label.
     *
     * @throws IllegalArgumentException with a one-line message naming the valid values
     */
    static <E extends Enum<E> & Switch> E parse(Class<E> type, String option, String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.label().equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("invalid value for " + option + ": '" + value + "' (valid values: "
                + validValues(type) + ")");
    }

    static <E extends Enum<E> & Switch> String validValues(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Switch::label).collect(Collectors.joining(", "));
    }
}
