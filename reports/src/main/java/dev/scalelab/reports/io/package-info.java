/**
 * Files of a run folder: atomic writes and checks of the raw files a step links to.
 * Internal to the reports module: public only for the other packages of the module.
 */
package dev.scalelab.reports.io;
