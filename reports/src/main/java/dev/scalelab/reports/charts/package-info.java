/**
 * The report's charts, drawn with JFreeChart and rendered to SVG with JFreeSVG.
 * Internal to the reports module: public only for the other packages of the module.
 */
package dev.scalelab.reports.charts;
