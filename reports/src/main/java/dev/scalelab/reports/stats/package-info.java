/**
 * Significance tests of per-run values: Welch's t-test on logarithms for 2-3 runs per step, exact Mann-Whitney U from 4.
 * Internal to the reports module: public only for the other packages of the module.
 */
package dev.scalelab.reports.stats;
