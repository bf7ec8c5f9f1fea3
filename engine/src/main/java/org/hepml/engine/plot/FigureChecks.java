package org.hepml.engine.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks on what a figure shows, for the tests of every figure: the tick labels as drawn, and whether each legend
 * entry is something one can see in the plot (rendering the figure with and without the entry's series and
 * counting the pixels that change outside the legend box).
 */
public final class FigureChecks {
    /** A channel difference that counts a pixel as changed. */
    private static final int CHANGED = 40;
    /** Changed pixels a series needs to count as visible. */
    public static final int VISIBLE_PIXELS = 30;

    private FigureChecks() {
    }

    /** The names of a chart's series, without the one the style adds to steer XChart's ticks. */
    public static List<String> seriesNames(XYChart chart) {
        return chart.getSeriesMap().keySet().stream().filter(n -> !n.equals(HepStyle.TICK_GUARD)).toList();
    }

    /** The tick labels the figure shows, every panel and both axes (XChart's, or the powers of ten drawn over a log axis). */
    public static List<String> tickLabels(Figure f) {
        f.image();
        List<String> out = new ArrayList<>();
        for (Chart<?, ?> c : f.panels()) {
            if (!(c instanceof XYChart xy)) continue;
            AxesChartStyler s = xy.getStyler();
            Rectangle2D frame = ChartGeometry.plot(c);
            HepStyle.Finished style = HepStyle.finished(xy);
            if (s.isXAxisTicksVisible()) addLabels(out, ChartGeometry.ticks(ChartGeometry.xAxis(c)), frame.getWidth(), style != null && style.xPowers());
            if (s.isYAxisTicksVisible()) addLabels(out, ChartGeometry.ticks(ChartGeometry.yAxis(c)), frame.getHeight(), style != null && style.yPowers());
        }
        return out;
    }

    private static void addLabels(List<String> out, ChartGeometry.Ticks ticks, double length, boolean powers) {
        for (int i = 0; i < ticks.positions().size(); i++) {
            double p = ticks.positions().get(i);
            String label = ticks.labels().get(i);
            if (label == null || p <= 0 || p >= length) continue;
            out.add(powers ? "10^{k}" : label);
        }
    }

    /** The axis titles of every panel as drawn (markup included): x then y, panel by panel. */
    public static List<String> axisTitles(Figure f) {
        List<String> out = new ArrayList<>();
        for (Chart<?, ?> c : f.panels()) {
            if (!(c instanceof XYChart xy)) continue;
            HepStyle.Finished style = HepStyle.finished(xy);
            if (style == null) {
                if (xy.getXAxisTitle() != null && !xy.getXAxisTitle().isBlank()) out.add(xy.getXAxisTitle());
                if (xy.getYAxisTitle() != null && !xy.getYAxisTitle().isBlank()) out.add(xy.getYAxisTitle());
                continue;
            }
            if (!style.xTitle().isBlank() && xy.getStyler().isXAxisTitleVisible()) out.add(Figure.withExponent(style.xTitle(), style.xExponent()));
            if (!style.yTitle().isBlank() && xy.getStyler().isYAxisTitleVisible()) out.add(Figure.withExponent(style.yTitle(), style.yExponent()));
        }
        return out;
    }

    /** The legend entries (panel by panel, by series name) whose series changes fewer than {@link #VISIBLE_PIXELS} pixels. */
    public static List<String> invisibleLegendEntries(Figure f) {
        List<String> out = new ArrayList<>();
        for (Chart<?, ?> c : f.panels()) {
            if (!(c instanceof XYChart xy) || !xy.getStyler().isLegendVisible()) continue;
            for (XYSeries s : List.copyOf(xy.getSeriesMap().values())) {
                if (s.isShowInLegend() && s.isEnabled() && visiblePixels(f, xy, s.getName()) < VISIBLE_PIXELS) out.add(s.getName());
            }
        }
        return out;
    }

    /** How many pixels outside the legend box change when the series is left out of the figure. */
    public static int visiblePixels(Figure f, XYChart chart, String series) {
        XYSeries s = chart.getSeriesMap().get(series);
        if (s == null) throw new IllegalArgumentException("No series '" + series + "' in this chart; it has " + chart.getSeriesMap().keySet());
        BufferedImage with = f.image();
        Rectangle legend = f.chartOrigin(chart);
        Rectangle2D box = ChartGeometry.legend(chart);
        s.setEnabled(false);
        BufferedImage without;
        Rectangle2D box2;
        try {
            without = f.image();
            box2 = ChartGeometry.legend(chart);
        } finally {
            s.setEnabled(true);
        }
        Rectangle2D union = box.createUnion(box2);
        Rectangle2D skip = new Rectangle2D.Double(legend.x + union.getX() - 2, legend.y + union.getY() - 2, union.getWidth() + 4, union.getHeight() + 4);
        int changed = 0;
        for (int y = 0; y < with.getHeight(); y++) {
            for (int x = 0; x < with.getWidth(); x++) {
                if (skip.contains(x, y)) continue;
                int a = with.getRGB(x, y), b = without.getRGB(x, y);
                if (a == b) continue;
                int d = Math.max(Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)),
                        Math.max(Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)), Math.abs((a & 255) - (b & 255))));
                if (d > CHANGED) changed++;
            }
        }
        return changed;
    }
}
