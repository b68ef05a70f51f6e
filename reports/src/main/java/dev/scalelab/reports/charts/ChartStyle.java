package dev.scalelab.reports.charts;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPosition;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.CategoryLabelWidthType;
import org.jfree.chart.text.TextBlockAnchor;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;

/** Colours, fonts and spacing shared by every chart, matching the page's CSS. */
final class ChartStyle {
    static final String FONT = "SansSerif";
    static final Font TITLE = new Font(FONT, Font.BOLD, 15);
    static final Font SUBTITLE = new Font(FONT, Font.PLAIN, 11);
    static final Font LABEL = new Font(FONT, Font.PLAIN, 12);
    static final Font TICK = new Font(FONT, Font.PLAIN, 11);

    static final Color INK = new Color(0x1f, 0x29, 0x37);
    static final Color MUTED = new Color(0x6b, 0x72, 0x80);
    static final Color GRID = new Color(0xe5, 0xe7, 0xeb);

    static final Color BLUE = new Color(0x25, 0x63, 0xeb);
    static final Color ORANGE = new Color(0xf5, 0x9e, 0x0b);
    static final Color RED = new Color(0xdc, 0x26, 0x26);
    static final Color GREEN = new Color(0x16, 0xa3, 0x4a);
    static final Color PURPLE = new Color(0x7c, 0x3a, 0xed);
    static final Color TEAL = new Color(0x0d, 0x94, 0x88);
    static final Color PINK = new Color(0xdb, 0x27, 0x77);
    static final Color SLATE = new Color(0x64, 0x74, 0x8b);

    /** Series colours in order. */
    static final Color[] PALETTE = {BLUE, ORANGE, PURPLE, TEAL, PINK, SLATE, GREEN, RED};

    /** Three shades of one hue for p50 / p95 / p99. */
    static final Color[] PERCENTILES = {new Color(0x93, 0xc5, 0xfd), BLUE, new Color(0x1e, 0x3a, 0x8a)};

    private ChartStyle() {
    }

    static Paint series(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static void apply(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        chart.setPadding(new RectangleInsets(8, 8, 6, 12));
        TextTitle title = chart.getTitle();
        title.setFont(TITLE);
        title.setPaint(INK);
        title.setHorizontalAlignment(HorizontalAlignment.LEFT);
        title.setMargin(0, 4, 2, 0);
        if (subtitle != null) {
            TextTitle sub = new TextTitle(subtitle, SUBTITLE, MUTED, RectangleEdge.TOP, HorizontalAlignment.LEFT,
                    org.jfree.chart.ui.VerticalAlignment.CENTER, new RectangleInsets(0, 4, 6, 0));
            chart.addSubtitle(0, sub);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LABEL);
            legend.setItemPaint(INK);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setPosition(RectangleEdge.TOP);
            legend.setHorizontalAlignment(HorizontalAlignment.RIGHT);
            legend.setMargin(0, 0, 4, 0);
        }
        if (chart.getPlot() instanceof CategoryPlot p) {
            category(p);
        } else if (chart.getPlot() instanceof XYPlot p) {
            xy(p);
        }
    }

    static void category(CategoryPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlineVisible(false);
        p.setRangeGridlinePaint(GRID);
        p.setRangeGridlineStroke(new BasicStroke(1f));
        p.setDomainGridlinesVisible(false);
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
        p.setNoDataMessageFont(LABEL);
        p.setNoDataMessagePaint(MUTED);
        CategoryAxis x = p.getDomainAxis();
        axis(x);
        x.setMaximumCategoryLabelLines(3);
        // labels may use a little more than their bar group's width (the gap between groups is free)
        x.setCategoryLabelPositions(CategoryLabelPositions.replaceBottomPosition(CategoryLabelPositions.STANDARD,
                new CategoryLabelPosition(RectangleAnchor.TOP, TextBlockAnchor.TOP_CENTER,
                        CategoryLabelWidthType.CATEGORY, 1.3f)));
        x.setCategoryMargin(0.25);
        x.setLowerMargin(0.02);
        x.setUpperMargin(0.02);
        for (int i = 0; i < p.getRangeAxisCount(); i++) {
            if (p.getRangeAxis(i) != null) {
                axis(p.getRangeAxis(i));
            }
        }
    }

    static void xy(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlineVisible(false);
        p.setRangeGridlinePaint(GRID);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlineStroke(new BasicStroke(1f));
        p.setDomainGridlineStroke(new BasicStroke(1f));
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
        p.setNoDataMessageFont(LABEL);
        p.setNoDataMessagePaint(MUTED);
        if (p.getDomainAxis() != null) {
            axis(p.getDomainAxis());
        }
        for (int i = 0; i < p.getRangeAxisCount(); i++) {
            if (p.getRangeAxis(i) != null) {
                axis(p.getRangeAxis(i));
            }
        }
    }

    static void axis(Axis a) {
        a.setLabelFont(LABEL);
        a.setLabelPaint(MUTED);
        a.setTickLabelFont(TICK);
        a.setTickLabelPaint(INK);
        a.setAxisLinePaint(GRID);
        a.setTickMarksVisible(false);
        if (a instanceof ValueAxis v) {
            v.setAxisLineVisible(false);
        }
    }
}
