package dev.scalelab.reports.compare;

/**
 * One metric of one step: its per-run values, their median, and its change against the previous step.
 *
 * @param metric the metric
 * @param values per-run values of the runs that measured it (empty when none did)
 * @param change change against the previous step; null for the first step or when either side has no value
 */
public record MetricCell(Metric metric, double[] values, MetricChange change) {

    public boolean hasValue() {
        return values.length > 0;
    }

    /** Median of the per-run values; NaN when there are none. */
    public double median() {
        return Stats.median(values);
    }

    /** The median as text, "—" when not measured. */
    public String text() {
        return hasValue() ? metric.format(median()) : "\u2014";
    }

    /** Smallest and largest run as text ("790–840"), empty with fewer than two runs. */
    public String rangeText() {
        if (values.length < 2) {
            return "";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return metric.format(min) + "\u2013" + metric.format(max);
    }
}
