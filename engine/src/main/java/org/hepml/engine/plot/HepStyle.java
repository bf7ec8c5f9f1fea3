package org.hepml.engine.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The look of a HEP figure (mplhep and ROOT style): white canvas, a closed frame with major and minor ticks
 * pointing inward on all four sides, no grid, axis titles at the far end of their axis (x at the right, y at the top)
 * in physics notation ({@link AxisLabels}, {@link RichText}), tick labels as plain numbers or with a common
 * "×10ⁿ" factor and never in E-notation, a colour-blind-safe palette (Okabe-Ito), a frameless legend inside the
 * frame, and a small "hepml" label with the event count above it. {@link #apply} sets what XChart can draw itself;
 * {@link #finish} (called when a {@link Figure} is made) fixes the axis ranges and tick labels from the data, and
 * {@link Figure} draws the rest (ticks, titles, the label) over XChart's picture.
 */
public final class HepStyle {
    /** A colour-blind-safe cycle (Okabe-Ito), black first for data. */
    public static final Color[] COLORS = {
            new Color(0, 0, 0), new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(240, 228, 66)};
    /** Reference lines (y = 1, the diagonal, confidence levels). */
    public static final Color REFERENCE = new Color(110, 110, 110);
    static final Color TRANSPARENT = new Color(0, 0, 0, 0);
    /** The series that keeps XChart from putting a tick at every point of an evenly spaced grid (see {@link #finish}). */
    static final String TICK_GUARD = "\u2063ticks";

    /** The font family every figure uses: DejaVu Sans (Debian's fonts-dejavu-core) where installed, so figures look
     * the same on every machine that has it; Java's logical sans-serif font elsewhere. */
    public static final String FONT_FAMILY = fontFamily();
    static final Font TICK_FONT = new Font(FONT_FAMILY, Font.PLAIN, 12);
    static final Font AXIS_TITLE_FONT = new Font(FONT_FAMILY, Font.PLAIN, 14);
    static final Font LEGEND_FONT = new Font(FONT_FAMILY, Font.PLAIN, 12);
    static final Font HEADER_FONT = new Font(FONT_FAMILY, Font.PLAIN, 12);
    static final Font LABEL_FONT = new Font(FONT_FAMILY, Font.BOLD, 13);
    static final Font TITLE_FONT = new Font(FONT_FAMILY, Font.BOLD, 13);

    private static final Pattern E_NOTATION = Pattern.compile("(?i)[0-9.]\\s*e\\s*[-+\u2212]?[0-9]");
    private static final Map<XYChart, Finished> FINISHED = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<XYChart, Boolean> NO_LOWER_EDGE_LABEL = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<XYChart, Boolean> INTEGER_X = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<XYChart, Boolean> STYLED = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * What {@link #finish} took off the chart for {@link Figure} to draw: the panel title and the axis titles (in
     * {@link RichText} markup), the powers of ten the tick labels are divided by (0: none), and whether an axis is
     * logarithmic with labels to be written as powers of ten.
     */
    record Finished(String title, String xTitle, String yTitle, int xExponent, int yExponent, boolean xPowers, boolean yPowers) {
    }

    private HepStyle() {
    }

    private static String fontFamily() {
        try {
            if (Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()).contains("DejaVu Sans")) {
                return "DejaVu Sans";
            }
        } catch (RuntimeException | Error e) {
            // no font configuration at all (a bare container): the logical font still renders
        }
        return Font.SANS_SERIF;
    }

    public static Color color(int i) {
        return COLORS[i % COLORS.length];
    }

    /** The colour with the given alpha (0-255). */
    public static Color alpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** The colour mixed with white: {@code amount} 0 keeps it, 1 gives white (a fill that a line on it still shows on). */
    public static Color light(Color c, double amount) {
        return new Color((int) Math.round(c.getRed() + (255 - c.getRed()) * amount),
                (int) Math.round(c.getGreen() + (255 - c.getGreen()) * amount),
                (int) Math.round(c.getBlue() + (255 - c.getBlue()) * amount));
    }

    /** Styles a chart; a {@link Figure} of it then draws the rest of the style (ticks, titles, header) over it. */
    public static void apply(XYChart chart) {
        STYLED.put(chart, true);
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(Color.BLACK);
        s.setPlotGridLinesVisible(false);
        // the data range fills the frame; ticks are drawn inward by Figure, over the data
        s.setPlotContentSize(1.0);
        s.setPlotMargin(0);
        s.setAxisTicksMarksVisible(false);
        s.setPlotTicksMarksVisible(false);
        s.setAxisTickMarkLength(3);
        s.setAxisTickPadding(5);
        s.setAxisTickMarksColor(Color.BLACK);
        s.setAxisTitlePadding(6);
        s.setChartPadding(12);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBorderColor(TRANSPARENT);
        s.setLegendBackgroundColor(TRANSPARENT);
        s.setLegendPadding(8);
        s.setLegendSeriesLineLength(26);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(TITLE_FONT);
        s.setAxisTitleFont(AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setLegendFont(LEGEND_FONT);
        s.setBaseFont(LEGEND_FONT);
        s.setChartFontColor(Color.BLACK);
        s.setAxisTickLabelsColor(Color.BLACK);
        s.setMarkerSize(6);
        s.setErrorBarsColorSeriesColor(true);
        s.setXAxisTickMarkSpacingHint(80);
        s.setYAxisTickMarkSpacingHint(60);
        s.setXAxisLogarithmicDecadeOnly(true);
        s.setYAxisLogarithmicDecadeOnly(true);
        s.setToolTipsEnabled(false);
    }

    /**
     * Leaves the label off a tick at the bottom edge of the y axis, for a panel with another directly below it whose
     * top label would touch it (the main panel above a ratio panel).
     */
    public static void noLowerEdgeLabel(XYChart chart) {
        NO_LOWER_EDGE_LABEL.put(chart, true);
    }

    /** Ticks only at whole numbers on the x axis (epochs, iterations, counts): never a tick at epoch 2.5. */
    public static void integerX(XYChart chart) {
        INTEGER_X.put(chart, true);
    }

    /**
     * Takes the titles off the chart (Figure draws them, with sub- and superscripts, and XChart keeps their room
     * free), fixes every axis range not set yet from the data (with a margin, and with room for the legend
     * above the data), and installs the tick-label format. Idempotent: a chart is finished once. A chart never
     * given the style ({@link #apply}), such as one a user built in a Java cell, is left as it is: returns null.
     */
    static Finished finish(XYChart chart) {
        Finished done = FINISHED.get(chart);
        if (done != null) return done;
        if (!STYLED.containsKey(chart)) return null;
        XYStyler s = chart.getStyler();
        String title = chart.getTitle();
        chart.setTitle("");
        s.setChartTitleVisible(false);
        String xTitle = chart.getXAxisTitle() == null ? "" : chart.getXAxisTitle();
        String yTitle = chart.getYAxisTitle() == null ? "" : chart.getYAxisTitle();
        chart.setXAxisTitle(RichText.plain(xTitle));
        chart.setYAxisTitle(RichText.plain(yTitle));
        s.setXAxisTitleColor(TRANSPARENT);
        s.setYAxisGroupTitleColor(0, TRANSPARENT);

        double[] xr = extent(chart, true);
        double[] yr = extent(chart, false);
        boolean markers = chart.getSeriesMap().values().stream().anyMatch(v -> v.isShowInLegend() && v.getMarker() != null
                && v.getMarker() != SeriesMarkers.NONE);
        if (s.getXAxisMin() == null || s.getXAxisMax() == null) {
            double[] r = s.isXAxisLogarithmic() ? decades(xr) : pad(xr, markers ? 0.04 : 0, false);
            if (INTEGER_X.containsKey(chart)) {
                // whole numbers at both ends, where the labels are (a blank label at both ends would leave XChart with none)
                r[0] = Math.floor(r[0] + 1e-9);
                r[1] = Math.max(r[0] + 1, Math.ceil(r[1] - 1e-9));
            }
            if (s.getXAxisMin() == null) s.setXAxisMin(r[0]);
            if (s.getXAxisMax() == null) s.setXAxisMax(r[1]);
        }
        if (s.getYAxisMin() == null || s.getYAxisMax() == null) {
            double[] r = s.isYAxisLogarithmic() ? decades(yr) : pad(yr, 0.06, true);
            if (!s.isYAxisLogarithmic() && legendAtTop(s)) r[1] = r[0] + (r[1] - r[0]) * headroom(legendEntries(chart), chart.getHeight());
            if (s.getYAxisMin() == null) s.setYAxisMin(r[0]);
            if (s.getYAxisMax() == null) s.setYAxisMax(r[1]);
        }
        int xExp = s.isXAxisLogarithmic() ? logRange(s, true) : linearAxis(s, true, false, INTEGER_X.containsKey(chart));
        int yExp = s.isYAxisLogarithmic() ? logRange(s, false) : linearAxis(s, false, NO_LOWER_EDGE_LABEL.containsKey(chart), false);
        boolean xPowers = s.isXAxisLogarithmic() && logAxis(s, true);
        boolean yPowers = s.isYAxisLogarithmic() && logAxis(s, false);
        if (!s.isXAxisLogarithmic() && !chart.getSeriesMap().containsKey(TICK_GUARD)) {
            // XChart puts a tick at every data point when all x values lie on one evenly spaced grid (a scan, a
            // histogram's edges), giving crowded labels such as 0.15 0.158 0.166; one more x value off that grid (with
            // no y, so nothing is drawn) makes it choose round steps as for any other data
            double x = s.getXAxisMin() + 0.5123 * (s.getXAxisMax() - s.getXAxisMin());
            XYSeries guard = chart.addSeries(TICK_GUARD, new double[]{x}, new double[]{Double.NaN});
            guard.setShowInLegend(false);
            guard.setMarker(SeriesMarkers.NONE);
            guard.setLineStyle(SeriesLines.NONE);
            guard.setLineColor(TRANSPARENT);
        }
        done = new Finished(title == null ? "" : title, xTitle, yTitle, xExp, yExp, xPowers, yPowers);
        FINISHED.put(chart, done);
        return done;
    }

    /** What {@link #finish} took off the chart, or null if it was not finished (not in the style). */
    static Finished finished(XYChart chart) {
        return FINISHED.get(chart);
    }

    /** The factor by which to stretch a y range so that {@code entries} legend lines fit above the data. */
    public static double headroom(int entries, int chartHeight) {
        if (entries == 0) return 1.08;
        double plot = Math.max(120, chartHeight - 90);
        double used = Math.min(0.5, (entries * 17 + 14) / plot);
        return 1 / (1 - used);
    }

    static int legendEntries(XYChart chart) {
        if (!chart.getStyler().isLegendVisible()) return 0;
        return (int) chart.getSeriesMap().values().stream().filter(v -> v.isShowInLegend() && v.isEnabled()).count();
    }

    private static boolean legendAtTop(Styler s) {
        Styler.LegendPosition p = s.getLegendPosition();
        return s.isLegendVisible() && (p == Styler.LegendPosition.InsideNE || p == Styler.LegendPosition.InsideNW
                || p == Styler.LegendPosition.InsideN);
    }

    /** The finite data range of all x (or y, error bars included) values of the chart's series; {NaN, NaN} if none. */
    private static double[] extent(XYChart chart, boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        boolean log = x ? chart.getStyler().isXAxisLogarithmic() : chart.getStyler().isYAxisLogarithmic();
        for (XYSeries series : chart.getSeriesMap().values()) {
            if (!series.isEnabled() || series.getName().equals(TICK_GUARD)) continue;
            double[] v = x ? series.getXData() : series.getYData();
            double[] err = x ? null : series.getExtraValues();
            for (int i = 0; i < v.length; i++) {
                double e = err == null ? 0 : err[i];
                for (double d : new double[]{v[i] - e, v[i] + e}) {
                    if (!Double.isFinite(d) || (log && d <= 0)) continue;
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        return lo <= hi ? new double[]{lo, hi} : new double[]{Double.NaN, Double.NaN};
    }

    private static double[] pad(double[] r, double margin, boolean fromZero) {
        if (Double.isNaN(r[0])) return new double[]{0, 1};
        double lo = r[0], hi = r[1];
        if (hi == lo) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[]{lo - d, hi + d};
        }
        double span = hi - lo;
        // counts, densities, widths: start at zero when the data come near it
        if (fromZero && lo >= 0 && lo < 0.25 * hi) return new double[]{0, hi + margin * hi};
        return new double[]{lo - margin * span, hi + margin * span};
    }

    private static double[] decades(double[] r) {
        if (Double.isNaN(r[0])) return new double[]{1, 10};
        double lo = Math.pow(10, Math.floor(Math.log10(r[0]) + 1e-9));
        double hi = Math.pow(10, Math.ceil(Math.log10(r[1]) - 1e-9));
        return new double[]{lo, hi > lo ? hi : lo * 10};
    }

    /**
     * Installs plain-number tick labels for a linear axis, with a common power of ten taken out when the numbers
     * are large or small; returns that power (0 for none). The range is widened by a millionth so that ticks on
     * its ends are labelled too (XChart labels only ticks strictly inside).
     */
    private static int linearAxis(XYStyler s, boolean x, boolean noLowerLabel, boolean integers) {
        double lo = x ? s.getXAxisMin() : s.getYAxisMin(), hi = x ? s.getXAxisMax() : s.getYAxisMax();
        double span = hi - lo;
        int exponent = integers ? 0 : exponent(Math.max(Math.abs(lo), Math.abs(hi)));
        double quantum = Math.pow(10, Math.floor(Math.log10(span / Math.pow(10, exponent))) - 4);
        // for whole numbers only, a blank label at a fraction makes XChart's labels repeat, so it widens its step to 1 or more
        double tolerance = 1e-4 * Math.max(1, span);
        Function<Double, String> format = integers ? v -> Math.abs(v - Math.rint(v)) < tolerance ? tickLabel(Math.rint(v), 0, 1) : ""
                : v -> tickLabel(v, exponent, quantum);
        double eps = 1e-6 * span;
        if (x) {
            s.setxAxisTickLabelsFormattingFunction(format);
            s.setXAxisMin(lo - eps).setXAxisMax(hi + eps);
        } else {
            s.setyAxisTickLabelsFormattingFunction(format);
            s.setYAxisMin(noLowerLabel ? lo : lo - eps).setYAxisMax(hi + eps);
        }
        return exponent;
    }

    /**
     * Widens a log axis by a pixel and a half at each end: XChart labels only ticks strictly inside and rounds their
     * positions down to whole pixels, so a decade on the axis's end would go unlabelled. Returns 0 (no common factor).
     */
    private static int logRange(XYStyler s, boolean x) {
        double lo = x ? s.getXAxisMin() : s.getYAxisMin(), hi = x ? s.getXAxisMax() : s.getYAxisMax();
        double decadesPerPixel = Math.log10(hi / lo) / 400;
        double f = Math.pow(10, 1.5 * decadesPerPixel);
        if (x) s.setXAxisMin(lo / f).setXAxisMax(hi * f);
        else s.setYAxisMin(lo / f).setYAxisMax(hi * f);
        return 0;
    }

    /** The power of ten to take out of tick labels reaching {@code max} in size: none between 0.001 and 99999. */
    static int exponent(double max) {
        if (!(max > 0) || !Double.isFinite(max) || (max >= 1e-3 && max < 1e5)) return 0;
        return (int) Math.floor(Math.log10(max) + 1e-12);
    }

    /**
     * A tick value as a plain number, divided by 10^exponent, rounded to {@code quantum} (which removes the
     * floating-point noise of tick positions), without trailing zeros, and with a true minus sign.
     */
    public static String tickLabel(double v, int exponent, double quantum) {
        if (!Double.isFinite(v)) return "";
        double scaled = v / Math.pow(10, exponent);
        int digits = Math.max(0, (int) Math.ceil(-Math.log10(quantum) - 1e-9));
        BigDecimal b = new BigDecimal(scaled).setScale(Math.min(digits, 15), RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (b.signum() == 0) return "0";
        String text = b.toPlainString();
        return text.startsWith("-") ? "\u2212" + text.substring(1) : text;
    }

    /**
     * Log axes keep XChart's ticks at 1..9 x 10^k (labels on whole decades): as plain numbers (0.0001 ... 100000)
     * when the decades allow; else Figure writes them as powers of ten (returns true) over XChart's, made invisible.
     */
    private static boolean logAxis(XYStyler s, boolean x) {
        double lo = x ? s.getXAxisMin() : s.getYAxisMin(), hi = x ? s.getXAxisMax() : s.getYAxisMax();
        int a = (int) Math.floor(Math.log10(lo) + 0.05), b = (int) Math.ceil(Math.log10(hi) - 0.05);
        boolean plain = a >= -4 && b <= 5;
        String pattern = plain ? (a < 0 ? "0." + "#".repeat(-a) : "0") : "0E0";
        if (x) {
            s.setXAxisDecimalPattern(pattern);
            if (!plain) s.setXAxisTickLabelsColor(TRANSPARENT);
        } else {
            s.setYAxisDecimalPattern(pattern);
            if (!plain) s.setYAxisGroupTickLabelsColorMap(0, TRANSPARENT);
        }
        return !plain;
    }

    /** True when a tick label is written in E-notation ("2.5E4", "1e-3"), which a HEP figure never shows. */
    public static boolean isENotation(String label) {
        return label != null && E_NOTATION.matcher(label).find();
    }

    /** A line series' stroke: solid, dashed or dotted, of the given width. */
    public static BasicStroke stroke(float width, float... dash) {
        return dash.length == 0 ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
    }
}
