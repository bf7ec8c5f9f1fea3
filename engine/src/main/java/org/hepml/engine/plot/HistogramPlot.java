package org.hepml.engine.plot;

import org.hepml.engine.HepmlException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;

/**
 * A HEP-style histogram figure: each histogram as a step line with its statistical error bars, and
 * optionally a ratio panel below showing every histogram divided by a reference one (errors of both added
 * in quadrature, bins where the reference is empty left out).
 */
public final class HistogramPlot {
    private final List<Histogram> histograms = new ArrayList<>();
    private String title = "";
    private String xLabel = "";
    private String yLabel = "Events";
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
        if (!histograms.isEmpty()) {
            Histogram first = histograms.get(0);
            if (first.bins() != h.bins() || first.lo() != h.lo() || first.hi() != h.hi()) {
                throw new HepmlException("Histograms drawn together need the same binning; '" + h.label()
                        + "' differs from '" + first.label() + "'.");
            }
        }
        histograms.add(h);
        return this;
    }

    public HistogramPlot title(String title) {
        this.title = title;
        return this;
    }

    public HistogramPlot xLabel(String xLabel) {
        this.xLabel = xLabel;
        return this;
    }

    public HistogramPlot yLabel(String yLabel) {
        this.yLabel = yLabel;
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

    public Figure figure() {
        if (histograms.isEmpty()) throw new HepmlException("Nothing to plot: no histograms were given.");
        List<Histogram> shown = normalize ? histograms.stream().map(Histogram::normalized).toList() : histograms;
        boolean ratio = ratioTo >= 0 && histograms.size() > 1;
        int mainHeight = ratio ? (int) (height * 0.72) : height;
        XYChart main = new XYChartBuilder().width(width).height(mainHeight).title(title)
                .xAxisTitle(ratio ? "" : xLabel).yAxisTitle(normalize ? "Density" : yLabel).build();
        HepStyle.apply(main);
        double top = 0;
        for (int i = 0; i < shown.size(); i++) {
            Histogram h = shown.get(i);
            addSteps(main, h.label(), h.edges(), h.counts(), i);
            addErrorBars(main, h.label() + " (stat.)", h.centers(), h.counts(), h.errors(), i);
            double[] c = h.counts(), e = h.errors();
            for (int b = 0; b < c.length; b++) top = Math.max(top, c[b] + e[b]);
        }
        Histogram first = shown.get(0);
        main.getStyler().setXAxisMin(first.lo()).setXAxisMax(first.hi());
        double yMax = top > 0 ? top * 1.25 : 1.0;
        main.getStyler().setYAxisMin(0.0).setYAxisMax(yMax);
        String[] patterns = HepStyle.alignedPatterns(yMax);
        main.getStyler().setYAxisDecimalPattern(patterns[0]);
        if (!ratio) return Figure.of(main);

        main.getStyler().setXAxisTicksVisible(false);
        XYChart lower = new XYChartBuilder().width(width).height(height - mainHeight)
                .xAxisTitle(xLabel).yAxisTitle("Ratio").build();
        HepStyle.apply(lower);
        lower.getStyler().setLegendVisible(false);
        lower.getStyler().setYAxisDecimalPattern(patterns[1]);
        Histogram ref = shown.get(ratioTo);
        double[] rc = ref.counts(), re = ref.errors();
        double lo = 1, hi = 1;
        for (int i = 0; i < shown.size(); i++) {
            if (i == ratioTo) continue;
            Histogram h = shown.get(i);
            double[] c = h.counts(), e = h.errors(), x = h.centers();
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), es = new ArrayList<>();
            for (int b = 0; b < c.length; b++) {
                if (rc[b] <= 0) continue;
                double r = c[b] / rc[b];
                double rel = Math.hypot(c[b] > 0 ? e[b] / c[b] : 0, re[b] / rc[b]);
                xs.add(x[b]);
                ys.add(r);
                es.add(Math.abs(r) * rel);
                lo = Math.min(lo, r);
                hi = Math.max(hi, r);
            }
            if (xs.isEmpty()) continue;
            XYSeries s = lower.addSeries(h.label(), xs, ys, es);
            s.setLineStyle(SeriesLines.NONE);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(HepStyle.color(i));
            s.setLineColor(HepStyle.color(i));
        }
        // A ratio axis that shows the interesting spread around 1 without letting one empty bin dominate.
        double pad = Math.max(0.05, Math.min(1.0, Math.max(hi - 1, 1 - lo)) * 1.2);
        lower.getStyler().setYAxisMin(1 - pad).setYAxisMax(1 + pad);
        lower.getStyler().setXAxisMin(first.lo()).setXAxisMax(first.hi());
        XYSeries one = lower.addSeries("1", new double[]{first.lo(), first.hi()}, new double[]{1, 1});
        one.setMarker(SeriesMarkers.NONE);
        one.setLineColor(java.awt.Color.GRAY);
        one.setLineStyle(SeriesLines.DASH_DASH);
        return new Figure(width, List.of(main, lower), new int[]{mainHeight, height - mainHeight});
    }

    private static void addSteps(XYChart chart, String name, double[] edges, double[] counts, int colour) {
        int n = counts.length;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int b = 0; b < n; b++) {
            x[2 * b] = edges[b];
            x[2 * b + 1] = edges[b + 1];
            y[2 * b] = counts[b];
            y[2 * b + 1] = counts[b];
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(HepStyle.color(colour));
        s.setLineStyle(new BasicStroke(1.6f));
    }

    private static void addErrorBars(XYChart chart, String name, double[] x, double[] y, double[] err, int colour) {
        XYSeries s = chart.addSeries(name, x, y, err);
        s.setLineStyle(SeriesLines.NONE);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(HepStyle.color(colour));
        s.setMarkerColor(HepStyle.color(colour));
        s.setShowInLegend(false);
    }
}
