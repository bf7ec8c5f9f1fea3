package org.hepml.engine.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * The look physicists expect from a HEP plot: white canvas, framed plot area, no grid, legend inside the
 * frame, and a fixed-width monospaced tick font so stacked panels line their y axes up exactly.
 */
public final class HepStyle {
    /** A colour-blind-safe cycle (Okabe-Ito), black first for data. */
    public static final Color[] COLORS = {
            new Color(0, 0, 0), new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(240, 228, 66)};

    private HepStyle() {
    }

    public static Color color(int i) {
        return COLORS[i % COLORS.length];
    }

    public static void apply(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(Color.BLACK);
        s.setPlotGridLinesVisible(false);
        s.setAxisTicksMarksVisible(true);
        s.setAxisTickMarksColor(Color.BLACK);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setMarkerSize(5);
        s.setErrorBarsColorSeriesColor(true);
    }

    /**
     * Tick-label patterns for a main panel whose axis reaches {@code top} and for a ratio panel below it,
     * chosen so both have labels of the same number of characters: with the monospaced tick font, the plot
     * areas of the stacked panels then share their left edge.
     */
    static String[] alignedPatterns(double top) {
        String main = top >= 1e4 ? "0.0E0" : top >= 10 ? "0" : "0.0#";
        int chars = new DecimalFormat(main, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(top).length();
        String ratio = chars <= 3 ? "0.0" : "0." + "0".repeat(chars - 2);
        return new String[]{main, ratio};
    }
}
