/**
 * Significance tests of per-run values: Welch's t-test on logarithms for 2-3 runs per step, exact Mann-Whitney U from 4.
 * Internal to the reports module: public only for the other packages of the module. The one exception is
 * {@link dev.scalelab.reports.stats.Usl}, the Universal Scalability Law fit, which the ladder's capacity search calls to
 * fill {@code summary.json}'s {@code usl}.
 */
package dev.scalelab.reports.stats;
