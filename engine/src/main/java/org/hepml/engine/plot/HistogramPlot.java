package org.hepml.engine.plot;

import org.hepml.engine.HepmlException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A HEP histogram figure as the field draws it: data as black points with error bars (Garwood 68% Poisson
 * intervals for counts, sqrt(sum w^2) for weighted events), simulation as a filled histogram or as lines, and
 * optionally a ratio panel below, titled by what is divided by what ("data / sim"), with the data's error bars
 * divided by the reference and the reference's own statistical uncertainty as a grey band around 1 (bins where
 * the reference is empty are left out).
 *
 * <p>Unless told otherwise ({@link #add(Histogram, Draw)}), the reference of the ratio is drawn filled, the first
 * other histogram as data points and the rest as lines; without a ratio panel every histogram is a line with its
 * error bars.
 */
public final class HistogramPlot {
    /** How a histogram is drawn. */
    public enum Draw {
        /** black markers with vertical error bars: data, or a measurement such as an unfolded spectrum */
        POINTS,
        /** a step line with thin error bars: a simulation */
        LINE,
        /** a dashed step line: a prior or an alternative model */
        DASHED,
        /** a filled step histogram: the simulation the data are compared with */
        FILLED
    }

    /** The series name suffix of a histogram's error bars (drawn as a separate series, not in the legend). */
    public static final String ERRORS = " (errors)";
    /** The name of the ratio panel's band: the reference's relative statistical uncertainty around 1. */
    public static final String REFERENCE_BAND = "reference stat. unc.";

    private final List<Histogram> histograms = new ArrayList<>();
    private final List<Draw> draws = new ArrayList<>();
    private String title = "";
    private String xLabel = "";
    private String yLabel;
    private String ratioLabel;
    private String info;
    private int ratioTo = -1;
    private boolean normalize;
    private int width = 640;
    private int height = 480;

    public static HistogramPlot of(Histogram... hs) {
        HistogramPlot p = new HistogramPlot();
        for (Histogram h : hs) p.add(h);
        return p;
    }

    public HistogramPlot add(Histogram h) {
        return add(h, null);
    }

    /** Adds a histogram drawn as {@code draw} (null: chosen by its role, see the class comment). */
    public HistogramPlot add(Histogram h, Draw draw) {
        if (!histograms.isEmpty()) {
            Histogram first = histograms.get(0);
            if (first.bins() != h.bins() || first.lo() != h.lo() || first.hi() != h.hi()) {
                throw new HepmlException("Histograms drawn together need the same binning; '" + h.label()
                        + "' differs from '" + first.label() + "'.");
            }
        }
        histograms.add(h);
        draws.add(draw);
        return this;
    }

    public HistogramPlot title(String title) {
        this.title = title;
        return this;
    }

    /** The x-axis title, a physics label (see {@link AxisLabels}), e.g. "p_T(j₁) [GeV]". */
    public HistogramPlot xLabel(String xLabel) {
        this.xLabel = xLabel;
        return this;
    }

    /** The y-axis title (default: "Events / bin width [unit]", or "Density" when normalised). */
    public HistogramPlot yLabel(String yLabel) {
        this.yLabel = yLabel;
        return this;
    }

    /** The ratio panel's y-axis title (default: the names, "data / sim"). */
    public HistogramPlot ratioLabel(String ratioLabel) {
        this.ratioLabel = ratioLabel;
        return this;
    }

    /** What the header says of the sample beside the hepml label (default: the data's event count). */
    public HistogramPlot info(String info) {
        this.info = info;
        return this;
    }

    /** Adds a ratio panel with every histogram divided by the one at {@code index}. */
    public HistogramPlot ratioTo(int index) {
        this.ratioTo = index;
        return this;
    }

    /** Draws densities (unit area) instead of sums of weights, to compare shapes. */
    public HistogramPlot normalize(boolean normalize) {
        this.normalize = normalize;
        return this;
    }

    public HistogramPlot size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /** How each histogram is drawn, explicit or by its role. */
    public List<Draw> draws() {
        boolean ratio = hasRatio();
        List<Draw> out = new ArrayList<>();
        boolean pointsTaken = draws.contains(Draw.POINTS);
        for (int i = 0; i < histograms.size(); i++) {
            Draw d = draws.get(i);
            if (d == null) {
                if (!ratio) d = Draw.LINE;
                else if (i == ratioTo) d = Draw.FILLED;
                else if (!pointsTaken) {
                    d = Draw.POINTS;
                    pointsTaken = true;
                } else d = Draw.LINE;
            }
            out.add(d);
        }
        return out;
    }

    private boolean hasRatio() {
        return ratioTo >= 0 && ratioTo < histograms.size() && histograms.size() > 1;
    }

    public Figure figure() {
        if (histograms.isEmpty()) throw new HepmlException("Nothing to plot: no histograms were given.");
        List<Histogram> shown = normalize ? histograms.stream().map(Histogram::normalized).toList() : histograms;
        List<Draw> how = draws();
        boolean ratio = hasRatio();
        int mainHeight = ratio ? (int) Math.round(height * 0.70) : height;
        Histogram first = shown.get(0);
        XYChart main = new XYChartBuilder().width(width).height(mainHeight).title(title)
                .xAxisTitle(ratio ? "" : xLabel).yAxisTitle(yLabel != null ? yLabel : defaultYLabel(first)).build();
        HepStyle.apply(main);
        double top = 0;
        // filled histograms first, then lines, then data points on top
        for (Draw layer : new Draw[]{Draw.FILLED, Draw.LINE, Draw.DASHED, Draw.POINTS}) {
            for (int i = 0; i < shown.size(); i++) {
                if (how.get(i) != layer) continue;
                Histogram h = shown.get(i);
                double[] c = h.counts(), up = h.errorsHigh();
                for (int b = 0; b < c.length; b++) top = Math.max(top, c[b] + up[b]);
                if (layer == Draw.POINTS) {
                    Series.errorBars(main, h.label() + ERRORS, h.centers(), c, h.errorsLow(), up, Color.BLACK, 1.3f);
                    addPoints(main, h.label(), h.centers(), c, Color.BLACK);
                } else {
                    Color colour = colour(i, how);
                    addSteps(main, h.label(), h.edges(), c, colour, layer);
                    // a simulation's own error bars only where no data are drawn; with data, the ratio panel shows the reference's
                    if (!how.contains(Draw.POINTS) && !(ratio && i == ratioTo)) {
                        Series.errorBars(main, h.label() + ERRORS, h.centers(), c, h.errorsLow(), up, colour, 1f);
                    }
                }
            }
        }
        main.getStyler().setXAxisMin(first.lo()).setXAxisMax(first.hi());
        double yMax = top > 0 ? top * HepStyle.headroom(shown.size(), mainHeight) : 1.0;
        main.getStyler().setYAxisMin(0.0).setYAxisMax(yMax);
        String sample = info != null ? info : sample(shown, how);
        if (!ratio) return Figure.of(main).info(sample);

        main.getStyler().setXAxisTicksVisible(false);
        HepStyle.noLowerEdgeLabel(main);
        int lowerHeight = height - mainHeight;
        Histogram ref = shown.get(ratioTo);
        XYChart lower = new XYChartBuilder().width(width).height(lowerHeight)
                .xAxisTitle(xLabel).yAxisTitle(ratioTitle(shown, how, lowerHeight)).build();
        HepStyle.apply(lower);
        lower.getStyler().setLegendVisible(false);
        double[] rc = ref.counts(), rLow = ref.errorsLow(), rHigh = ref.errorsHigh();
        double[] bandLo = new double[rc.length], bandHi = new double[rc.length];
        for (int b = 0; b < rc.length; b++) {
            bandLo[b] = rc[b] > 0 ? 1 - rLow[b] / rc[b] : Double.NaN;
            bandHi[b] = rc[b] > 0 ? 1 + rHigh[b] / rc[b] : Double.NaN;
        }
        Series.binBand(lower, REFERENCE_BAND, ref.edges(), bandLo, bandHi, new Color(0, 0, 0, 45), false);
        Series.reference(lower, "1", new double[]{first.lo(), first.hi()}, new double[]{1, 1});
        // the axis shows the points (or, without points, the lines) and the band where the reference is well populated
        double band = 0;
        boolean points = how.contains(Draw.POINTS);
        List<Double> deviations = new ArrayList<>();
        for (int b = 0; b < rc.length; b++) if (rc[b] > 0) band = Math.max(band, Math.min(0.3, Math.max(rHigh[b], rLow[b]) / rc[b]));
        for (Draw layer : new Draw[]{Draw.LINE, Draw.DASHED, Draw.POINTS}) {
            for (int i = 0; i < shown.size(); i++) {
                if (i == ratioTo || how.get(i) != layer && !(layer == Draw.LINE && how.get(i) == Draw.FILLED)) continue;
                Histogram h = shown.get(i);
                double[] c = h.counts(), lo = h.errorsLow(), hi = h.errorsHigh();
                double[] r = new double[c.length], rl = new double[c.length], rh = new double[c.length];
                for (int b = 0; b < c.length; b++) {
                    boolean ok = rc[b] > 0;
                    r[b] = ok ? c[b] / rc[b] : Double.NaN;
                    rl[b] = ok ? lo[b] / rc[b] : Double.NaN;
                    rh[b] = ok ? hi[b] / rc[b] : Double.NaN;
                    if (ok && c[b] > 0 && (layer == Draw.POINTS || !points)) deviations.add(Math.abs(r[b] - 1));
                }
                if (layer == Draw.POINTS) {
                    Series.errorBars(lower, h.label() + ERRORS, h.centers(), r, rl, rh, Color.BLACK, 1.3f);
                    addPoints(lower, h.label(), h.centers(), r, Color.BLACK);
                } else {
                    addSteps(lower, h.label(), h.edges(), r, colour(i, how), how.get(i) == Draw.DASHED ? Draw.DASHED : Draw.LINE);
                }
            }
        }
        // nine in ten points inside: one empty-ish bin at the edge does not squash the rest
        double spread = band;
        if (!deviations.isEmpty()) {
            deviations.sort(null);
            spread = Math.max(spread, deviations.get((int) Math.floor(0.9 * (deviations.size() - 1))));
        }
        double[] range = ratioRange(spread);
        lower.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]);
        lower.getStyler().setXAxisMin(first.lo()).setXAxisMax(first.hi());
        return new Figure(width, List.of(main, lower), new int[]{mainHeight, lowerHeight}).info(sample);
    }

    /** Colours of the simulations: blue for the filled one, the next colours for lines in the order given; black is the data's. */
    private static Color colour(int index, List<Draw> how) {
        if (how.get(index) == Draw.FILLED) return HepStyle.color(1);
        int k = 0;
        for (int i = 0; i < index; i++) if (how.get(i) == Draw.LINE || how.get(i) == Draw.DASHED) k++;
        return HepStyle.color((how.contains(Draw.FILLED) ? 2 : 1) + k);
    }

    /** "Events / 0.2" or "Events / 0.2 GeV" after the x label's unit; "Density" for unit-area histograms. */
    private String defaultYLabel(Histogram h) {
        if (normalize) {
            String unit = AxisLabels.unit(xLabel);
            return unit.isEmpty() ? "Density" : "Density [1/" + unit + "]";
        }
        String w = new BigDecimal(h.width()).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        String unit = AxisLabels.unit(xLabel);
        return "Events / " + w + (unit.isEmpty() ? "" : " " + unit);
    }

    /** The ratio panel's title: "data / sim" from the names, shortened to fit the panel's height. */
    private String ratioTitle(List<Histogram> shown, List<Draw> how, int panelHeight) {
        if (ratioLabel != null) return ratioLabel;
        String ref = shortName(shown.get(ratioTo).label());
        List<String> others = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) if (i != ratioTo) others.add(shortName(shown.get(i).label()));
        double room = panelHeight - 30;
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Font f = HepStyle.AXIS_TITLE_FONT;
        for (String candidate : others.size() == 1 ? List.of(others.get(0) + " / " + ref, "ratio to " + ref, "ratio")
                : List.of("ratio to " + ref, "… / " + ref, "ratio")) {
            if (RichText.width(candidate, f, frc) <= room) return candidate;
        }
        return "ratio";
    }

    /** A histogram's name without what follows it in parentheses or after a comma: "truth (data)" -> "truth". */
    static String shortName(String label) {
        String s = label;
        for (String cut : new String[]{" (", ", "}) {
            int i = s.indexOf(cut);
            if (i > 0) s = s.substring(0, i);
        }
        return s.strip();
    }

    /** The data's event count for the header, when known: "10,000 events". */
    private static String sample(List<Histogram> shown, List<Draw> how) {
        int data = how.indexOf(Draw.POINTS);
        Histogram h = data >= 0 ? shown.get(data) : shown.size() == 1 ? shown.get(0) : null;
        if (h == null || h.entries() < 0) return "";
        return String.format(Locale.ROOT, "%,d events", h.entries());
    }

    /** A ratio axis symmetric about 1 that shows the spread of points and band, ends just off round numbers. */
    static double[] ratioRange(double spread) {
        double s = Math.max(0.05, Math.min(1.0, spread * 1.15));
        double step = Math.pow(10, Math.floor(Math.log10(s)));
        double nice = Math.ceil(s / step - 1e-9) * step;
        double pad = nice * 1.12;
        return new double[]{Math.max(0, 1 - pad), 1 + pad};
    }

    private static void addSteps(XYChart chart, String name, double[] edges, double[] counts, Color colour, Draw draw) {
        double[][] st = Series.steps(edges, counts);
        if (draw == Draw.FILLED) {
            // a closed polygon down to zero at both ends, so the legend shows a filled box
            int n = st[0].length;
            double[] x = new double[n + 2], y = new double[n + 2];
            x[0] = st[0][0];
            x[n + 1] = st[0][n - 1];
            System.arraycopy(st[0], 0, x, 1, n);
            System.arraycopy(st[1], 0, y, 1, n);
            XYSeries series = Series.line(chart, name, x, y, colour, HepStyle.stroke(1.3f));
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            series.setFillColor(HepStyle.light(colour, 0.6));
        } else {
            Series.line(chart, name, st[0], st[1], colour, draw == Draw.DASHED ? HepStyle.stroke(1.8f, 6f, 4f) : HepStyle.stroke(1.8f));
        }
    }

    private static void addPoints(XYChart chart, String name, double[] x, double[] y, Color colour) {
        double[] py = new double[y.length];
        // an empty bin shows its error bar (its Poisson upper limit), not a marker on the axis
        for (int i = 0; i < y.length; i++) py[i] = y[i] > 0 ? y[i] : Double.NaN;
        Series.points(chart, name, x, py, colour, SeriesMarkers.CIRCLE);
    }
}
