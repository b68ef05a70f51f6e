/**
 * The comparison report of a ladder run: {@link dev.scalelab.reports.ReportGenerator} reads a run folder's
 * {@code summary.json} (see {@link dev.scalelab.reports.model.RunSummary}) and its raw files and writes
 * {@code report.html} (self-contained: inline CSS, SVG charts, no scripts) and {@code report.md}.
 *
 * <p>Supported API: this package and {@code dev.scalelab.reports.model}. The other packages ({@code stats},
 * {@code compare}, {@code charts}, {@code html}, {@code markdown}, {@code io}) are public only so that the
 * packages can see each other; they may change without notice.
 */
package dev.scalelab.reports;
