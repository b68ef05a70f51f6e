/**
 * N+1 and duplicate-query detection over the statements of one unit of work.
 *
 * <p>Used by the live recorder and by the offline {@code TraceAnalyzer}, so both reach the same
 * verdicts. Public for those two callers; not a supported API of its own.
 */
package dev.scalelab.diagnostics.detect;
