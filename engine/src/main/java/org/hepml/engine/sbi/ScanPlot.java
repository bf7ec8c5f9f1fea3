package org.hepml.engine.sbi;

import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Likelihood-scan figures: -2 Delta log L against the parameter (1D) with the 68% and 95% Wilks levels,
 * or the 68% and 95% contours (2D, by marching squares), for several scans at once (a learned estimator
 * and the exact likelihood, say), with the true value marked when it is known.
 */
public final class ScanPlot {
    private ScanPlot() {
    }

    public static Figure of(List<ScanResult> scans, double[] truth) {
        ScanResult first = scans.get(0);
        return first.parameters().size() == 1 ? curve(scans, truth) : contours(scans, truth);
    }

    private static Figure curve(List<ScanResult> scans, double[] truth) {
        String p = scans.get(0).parameters().get(0);
        XYChart c = new XYChartBuilder().width(640).height(440).xAxisTitle(p).yAxisTitle("-2 \u0394 log L").build();
        HepStyle.apply(c);
        double[] g = scans.get(0).axes().get(0);
        double top = 0;
        for (int i = 0; i < scans.size(); i++) {
            ScanResult s = scans.get(i);
            double[] err = s.qErrors();
            XYSeries line = err == null ? c.addSeries(s.label(), s.axes().get(0), s.q())
                    : c.addSeries(String.format(Locale.ROOT, "%s (MC error of q < %.2f near the minimum)", s.label(),
                    s.monteCarloErrorNearMinimum()), s.axes().get(0), s.q());
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(HepStyle.color(i));
            line.setLineStyle(new BasicStroke(1.8f));
        }
        for (double level : ScanResult.LEVELS[0]) {
            XYSeries l = c.addSeries(level < 2 ? "68% CL" : "95% CL", new double[]{g[0], g[g.length - 1]}, new double[]{level, level});
            l.setMarker(SeriesMarkers.NONE);
            l.setLineColor(Color.GRAY);
            l.setLineStyle(SeriesLines.DASH_DASH);
            l.setShowInLegend(false);
        }
        top = 3 * ScanResult.LEVELS[0][1];
        if (truth != null) {
            XYSeries t = c.addSeries("true value", new double[]{truth[0], truth[0]}, new double[]{0, top});
            t.setMarker(SeriesMarkers.NONE);
            t.setLineColor(new Color(200, 0, 0));
            t.setLineStyle(SeriesLines.DOT_DOT);
        }
        if (scans.stream().anyMatch(ScanResult::anyOpen)) {
            // an interval that runs off the grid is open: say so on the figure itself
            c.setTitle("open interval: q stays below a level at the grid's edge, widen the grid");
        }
        c.getStyler().setYAxisMin(0.0).setYAxisMax(top).setXAxisMin(g[0]).setXAxisMax(g[g.length - 1]);
        c.getStyler().setYAxisDecimalPattern("0");
        return Figure.of(c);
    }

    private static Figure contours(List<ScanResult> scans, double[] truth) {
        ScanResult first = scans.get(0);
        XYChart c = new XYChartBuilder().width(560).height(520).xAxisTitle(first.parameters().get(0))
                .yAxisTitle(first.parameters().get(1)).build();
        HepStyle.apply(c);
        for (int i = 0; i < scans.size(); i++) {
            ScanResult s = scans.get(i);
            for (int l = 0; l < 2; l++) {
                List<double[][]> segments = Contours.segments(s.axes().get(0), s.axes().get(1), s.q(), ScanResult.LEVELS[1][l]);
                int n = 0;
                for (double[][] seg : segments) {
                    XYSeries line = c.addSeries(s.label() + (l == 0 ? " 68%" : " 95%") + (n++ == 0 ? "" : " #" + n), seg[0], seg[1]);
                    line.setMarker(SeriesMarkers.NONE);
                    line.setLineColor(HepStyle.color(i));
                    line.setLineStyle(l == 0 ? new BasicStroke(1.8f) : SeriesLines.DASH_DASH);
                    line.setShowInLegend(n == 1);
                }
            }
            if (s.anyOpen()) c.setTitle("open contour: q stays below a level at the grid's edge, widen the grid");
            XYSeries best = c.addSeries(s.label() + " MLE", new double[]{s.mle()[0]}, new double[]{s.mle()[1]});
            best.setLineStyle(SeriesLines.NONE);
            best.setMarker(SeriesMarkers.CIRCLE);
            best.setMarkerColor(HepStyle.color(i));
            best.setShowInLegend(false);
        }
        if (truth != null) {
            XYSeries t = c.addSeries("true value", new double[]{truth[0]}, new double[]{truth[1]});
            t.setLineStyle(SeriesLines.NONE);
            t.setMarker(SeriesMarkers.CROSS);
            t.setMarkerColor(new Color(200, 0, 0));
        }
        double[] a = first.axes().get(0), b = first.axes().get(1);
        c.getStyler().setXAxisMin(a[0]).setXAxisMax(a[a.length - 1]).setYAxisMin(b[0]).setYAxisMax(b[b.length - 1]);
        return Figure.of(c);
    }

    /** Marching squares: the line segments where a gridded function crosses a level. */
    static final class Contours {
        private Contours() {
        }

        /** Each segment as {{x0, x1}, {y0, y1}}; f is row-major with ys varying fastest. */
        static List<double[][]> segments(double[] xs, double[] ys, double[] f, double level) {
            List<double[][]> out = new ArrayList<>();
            int ny = ys.length;
            for (int i = 0; i + 1 < xs.length; i++) {
                for (int j = 0; j + 1 < ny; j++) {
                    double[] cx = {xs[i], xs[i + 1], xs[i + 1], xs[i]};
                    double[] cy = {ys[j], ys[j], ys[j + 1], ys[j + 1]};
                    double[] v = {f[i * ny + j], f[(i + 1) * ny + j], f[(i + 1) * ny + j + 1], f[i * ny + j + 1]};
                    List<double[]> hits = new ArrayList<>();
                    for (int e = 0; e < 4; e++) {
                        int a = e, b = (e + 1) % 4;
                        if ((v[a] < level) != (v[b] < level)) {
                            double t = (level - v[a]) / (v[b] - v[a]);
                            hits.add(new double[]{cx[a] + t * (cx[b] - cx[a]), cy[a] + t * (cy[b] - cy[a])});
                        }
                    }
                    for (int h = 0; h + 1 < hits.size(); h += 2) {
                        out.add(new double[][]{{hits.get(h)[0], hits.get(h + 1)[0]}, {hits.get(h)[1], hits.get(h + 1)[1]}});
                    }
                }
            }
            return out;
        }
    }
}
