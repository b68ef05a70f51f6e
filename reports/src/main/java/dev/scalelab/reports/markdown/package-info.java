/**
 * The Markdown summary for pull-request comments and CI job summaries; every value escaped.
 * Internal to the reports module: public only for the other packages of the module.
 */
package dev.scalelab.reports.markdown;
