package dev.scalelab.diagnostics;

/**
 * What a statement does, as far as query accounting cares.
 *
 * <p>Only {@link #READ} statements can be N+1 or duplicate findings. {@link #INFRASTRUCTURE}
 * covers what a driver, pool or ORM runs around the real work ({@code SET}, {@code SHOW},
 * {@code SAVEPOINT}, transaction control, sequence calls such as {@code nextval}, validation
 * queries like {@code SELECT 1}); budgets in tests do not count it.
 */
public enum StatementKind {
    /** {@code SELECT}, {@code WITH … SELECT}, {@code VALUES}, {@code TABLE}. */
    READ,
    /** {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code COPY}, {@code CALL}, data-modifying CTEs. */
    WRITE,
    /** Schema changes: {@code CREATE}, {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code GRANT}, … */
    DDL,
    /** Session, transaction and sequence housekeeping. */
    INFRASTRUCTURE,
    /** Anything the tokenizer could not place; never a finding. */
    OTHER
}
