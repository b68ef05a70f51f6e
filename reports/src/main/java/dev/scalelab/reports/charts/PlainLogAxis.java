package dev.scalelab.reports.charts;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A log axis whose tick labels are plain strings. {@link LogAxis} draws its labels as attributed strings, which
 * SVG output turns into glyph outlines; plain labels become text elements (smaller, selectable, searchable).
 */
final class PlainLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    PlainLogAxis(String label) {
        super(label);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        List<ValueTick> ticks = super.refreshTicks(g2, state, dataArea, edge);
        NumberFormat format = getNumberFormatOverride();
        List<ValueTick> plain = new ArrayList<>(ticks.size());
        for (ValueTick t : ticks) {
            String text = t.getTickType() == TickType.MAJOR ? format.format(t.getValue()) : "";
            plain.add(new NumberTick(t.getTickType(), t.getValue(), text, t.getTextAnchor(), t.getRotationAnchor(),
                    t.getAngle()));
        }
        return plain;
    }
}
