package dev.scalelab.reports.model;

/** Input checks shared by the records; each message names the field, the expectation and the value found. */
final class Checks {
    private Checks() {
    }

    static void nonNegative(String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, found " + value);
        }
    }

    static void nonNegative(String field, Double value) {
        if (value != null) {
            nonNegative(field, value.doubleValue());
        }
    }

    static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, found " + value);
        }
    }

    static void nonNegative(String field, Long value) {
        if (value != null) {
            nonNegative(field, value.longValue());
        }
    }

    static void ratio(String field, Double value) {
        if (value != null && (!Double.isFinite(value) || value < 0 || value > 1)) {
            throw new IllegalArgumentException(field + " must be a fraction between 0 and 1 (0.93 = 93 %), found " + value);
        }
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        return value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
