package dev.scalelab.diagnostics.sql;

import dev.scalelab.diagnostics.StatementKind;

import java.util.List;
import java.util.Objects;

/**
 * One SQL text, normalized.
 *
 * @param fingerprint  literals and bind markers as {@code ?}, IN/ANY/ARRAY lists collapsed to
 *                     {@code (...)}, multi-row VALUES collapsed to the first row, comments dropped,
 *                     whitespace and unquoted identifier/keyword case normalized
 * @param kind         classification
 * @param literals     the literal values the fingerprint replaced, in order (part of a statement's
 *                     parameter identity: two texts with different literals are different parameters)
 * @param largestList  element count of the largest collapsed IN/ARRAY list (0 without lists)
 * @param anyParameter whether the text compares with {@code ANY(?)}: a whole array bound as one parameter
 * @param paged        whether the top level has {@code LIMIT}, {@code OFFSET} or {@code FETCH FIRST/NEXT}
 */
public record NormalizedSql(String fingerprint, StatementKind kind, List<String> literals,
                            int largestList, boolean anyParameter, boolean paged) {
    public NormalizedSql {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(kind, "kind");
        literals = List.copyOf(literals);
    }
}
