/**
 * The {@code summary.json} of a run as Java records: {@link dev.scalelab.reports.model.RunSummary} with one
 * {@link dev.scalelab.reports.model.StepResult} per step and repeat. Records check their inputs; unknown JSON
 * fields are ignored on reading; writing is atomic.
 */
package dev.scalelab.reports.model;
