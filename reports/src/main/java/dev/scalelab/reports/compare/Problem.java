package dev.scalelab.reports.compare;

/**
 * Something wrong with a step, in words: what was seen and, when known, the likely cause.
 *
 * @param severity how bad it is
 * @param title    short name, e.g. "Identity leaks"
 * @param text     the diagnosis
 */
public record Problem(Severity severity, String title, String text) {
    /** BAD: wrong results or failures; WARN: slow or wasteful; MISSING: data could not be read. */
    public enum Severity { BAD, WARN, MISSING }
}
