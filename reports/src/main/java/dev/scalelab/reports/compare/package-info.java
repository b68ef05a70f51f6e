/**
 * Steps merged over their repeats and compared with the previous step: metrics, changes, verdict wording, diagnoses.
 * Internal to the reports module: public only for the other packages of the module.
 */
package dev.scalelab.reports.compare;
