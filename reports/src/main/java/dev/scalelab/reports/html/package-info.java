/**
 * The HTML page, rendered through a Mustache template that escapes every value.
 * Internal to the reports module: public only for the other packages of the module.
 */
package dev.scalelab.reports.html;
