package org.hepml.engine.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways a HEP figure draws data on an XChart chart, for the figures of every domain: lines, points, asymmetric
 * error bars, bands and filled areas. Helper series (error bars, reference lines) stay out of the legend, so every
 * legend entry names something drawn in the plot.
 */
public final class Series {
    private Series() {
    }

    /** A line through the points (NaN: a gap). */
    public static XYSeries line(XYChart c, String name, double[] x, double[] y, Color colour, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(stroke);
        // XChart strokes a line segment by segment, restarting the dash pattern at every point, so a dashed curve of
        // many short segments would look solid; its smoothed path is one stroke. Smoothing leaves horizontal and
        // vertical segments (steps) straight and bends a dense curve by less than a pixel.
        if (stroke.getDashArray() != null && (x.length > 40 || axisAligned(x, y))) s.setSmooth(true);
        return s;
    }

    private static boolean axisAligned(double[] x, double[] y) {
        for (int i = 1; i < x.length; i++) {
            if (Double.isNaN(y[i]) || Double.isNaN(y[i - 1])) continue;
            if (x[i] != x[i - 1] && y[i] != y[i - 1]) return false;
        }
        return true;
    }

    /** A reference line (a level, the diagonal), grey and dashed unless said otherwise, out of the legend. */
    public static XYSeries reference(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = line(c, name, x, y, HepStyle.REFERENCE, HepStyle.stroke(1.2f, 6f, 4f));
        s.setShowInLegend(false);
        return s;
    }

    /** Markers at the points (NaN y: none). */
    public static XYSeries points(XYChart c, String name, double[] x, double[] y, Color colour, Marker marker) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setLineStyle(SeriesLines.NONE);
        s.setMarker(marker);
        s.setMarkerColor(colour);
        s.setLineColor(colour);
        return s;
    }

    /**
     * Asymmetric vertical error bars from y - low to y + high, as one series of segments separated by NaN (XChart's
     * own error bars are symmetric), out of the legend; draw them before the points they belong to.
     */
    public static XYSeries errorBars(XYChart c, String name, double[] x, double[] y, double[] low, double[] high, Color colour, float width) {
        double[] sx = new double[3 * x.length], sy = new double[3 * x.length];
        for (int i = 0; i < x.length; i++) {
            sx[3 * i] = x[i];
            sx[3 * i + 1] = x[i];
            sx[3 * i + 2] = x[i];
            sy[3 * i] = y[i] - low[i];
            sy[3 * i + 1] = y[i] + high[i];
            sy[3 * i + 2] = Double.NaN;
        }
        XYSeries s = line(c, name, sx, sy, colour, HepStyle.stroke(width));
        s.setShowInLegend(false);
        return s;
    }

    /** The error bars read back from a series made by {@link #errorBars}: {x, lower end, upper end} per bar. */
    public static double[][] readErrorBars(XYSeries s) {
        double[] x = s.getXData(), y = s.getYData();
        int n = x.length / 3;
        double[][] out = new double[3][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = x[3 * i];
            out[1][i] = y[3 * i];
            out[2][i] = y[3 * i + 1];
        }
        return out;
    }

    /**
     * A filled band between lo and hi along x (NaN in lo: a gap), drawn as polygons. {@code inLegend} shows it in
     * the legend as a box of its colour.
     */
    public static XYSeries band(XYChart c, String name, double[] x, double[] lo, double[] hi, Color fill, boolean inLegend) {
        List<Double> px = new ArrayList<>(), py = new ArrayList<>();
        int n = x.length, b = 0;
        while (b < n) {
            if (Double.isNaN(lo[b]) || Double.isNaN(hi[b])) {
                b++;
                continue;
            }
            int e = b;
            while (e < n && !Double.isNaN(lo[e]) && !Double.isNaN(hi[e])) e++;
            for (int k = b; k < e; k++) {
                px.add(x[k]);
                py.add(hi[k]);
            }
            for (int k = e - 1; k >= b; k--) {
                px.add(x[k]);
                py.add(lo[k]);
            }
            px.add(x[b]);
            py.add(Double.NaN);
            b = e;
        }
        if (px.isEmpty()) {
            px.add(x.length > 0 ? x[0] : 0);
            py.add(Double.NaN);
        }
        XYSeries s = c.addSeries(name, px.stream().mapToDouble(Double::doubleValue).toArray(), py.stream().mapToDouble(Double::doubleValue).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(fill);
        s.setLineColor(fill);
        s.setLineStyle(HepStyle.stroke(0.5f));
        s.setShowInLegend(inLegend);
        return s;
    }

    /** A step-shaped band over bins: between lo[b] and hi[b] across each bin (NaN: no band in that bin). */
    public static XYSeries binBand(XYChart c, String name, double[] edges, double[] lo, double[] hi, Color fill, boolean inLegend) {
        int n = lo.length;
        double[] x = new double[2 * n], l = new double[2 * n], h = new double[2 * n];
        for (int b = 0; b < n; b++) {
            x[2 * b] = edges[b];
            x[2 * b + 1] = edges[b + 1];
            l[2 * b] = l[2 * b + 1] = lo[b];
            h[2 * b] = h[2 * b + 1] = hi[b];
        }
        return band(c, name, x, l, h, fill, inLegend);
    }

    /** A step histogram as a line through the bin edges (each content held across its bin). */
    public static double[][] steps(double[] edges, double[] counts) {
        int n = counts.length;
        double[] x = new double[2 * n], y = new double[2 * n];
        for (int b = 0; b < n; b++) {
            x[2 * b] = edges[b];
            x[2 * b + 1] = edges[b + 1];
            y[2 * b] = counts[b];
            y[2 * b + 1] = counts[b];
        }
        return new double[][]{x, y};
    }
}
