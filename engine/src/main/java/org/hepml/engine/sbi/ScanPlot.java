package org.hepml.engine.sbi;

import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

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
        XYChart c = new XYChartBuilder().width(640).height(440).xAxisTitle(AxisLabels.of(p)).yAxisTitle("\u22122 \u0394ln L").build();
        HepStyle.apply(c);
        double[] g = scans.get(0).axes().get(0);
        double top = 3 * ScanResult.LEVELS[0][1];
        for (double level : ScanResult.LEVELS[0]) {
            // the Wilks levels, labelled once in the legend
            XYSeries l = Series.line(c, level < 2 ? "68% and 95% CL" : "95% CL", new double[]{g[0], g[g.length - 1]},
                    new double[]{level, level}, HepStyle.REFERENCE, HepStyle.stroke(1.2f, 6f, 4f));
            l.setShowInLegend(level < 2);
        }
        for (int i = 0; i < scans.size(); i++) {
            ScanResult s = scans.get(i);
            String name = s.qErrors() == null ? s.label() : String.format(Locale.ROOT, "%s (MC error of q < %.2f near the minimum)",
                    s.label(), s.monteCarloErrorNearMinimum());
            Series.line(c, name, s.axes().get(0), s.q(), HepStyle.color(i + 1), i == 0 ? HepStyle.stroke(2f) : HepStyle.stroke(2f, 7f, 4f));
        }
        if (truth != null) {
            Series.line(c, "true value", new double[]{truth[0], truth[0]}, new double[]{0, top}, Color.BLACK, HepStyle.stroke(1.4f, 2f, 3f));
        }
        if (scans.stream().anyMatch(ScanResult::anyOpen)) {
            // an interval that runs off the grid is open: say so on the figure itself
            c.setTitle("open interval: widen the grid");
        }
        c.getStyler().setYAxisMin(0.0).setYAxisMax(top).setXAxisMin(g[0]).setXAxisMax(g[g.length - 1]);
        return Figure.of(c);
    }

    private static Figure contours(List<ScanResult> scans, double[] truth) {
        ScanResult first = scans.get(0);
        XYChart c = new XYChartBuilder().width(560).height(520).xAxisTitle(AxisLabels.of(first.parameters().get(0)))
                .yAxisTitle(AxisLabels.of(first.parameters().get(1))).build();
        HepStyle.apply(c);
        for (int i = 0; i < scans.size(); i++) {
            ScanResult s = scans.get(i);
            for (int l = 0; l < 2; l++) {
                List<double[][]> lines = Contours.polylines(Contours.segments(s.axes().get(0), s.axes().get(1), s.q(), ScanResult.LEVELS[1][l]));
                int n = 0;
                for (double[][] line : lines) {
                    XYSeries series = Series.line(c, s.label() + (l == 0 ? " 68% CL" : " 95% CL") + (n++ == 0 ? "" : " #" + n), line[0], line[1],
                            HepStyle.color(i + 1), l == 0 ? HepStyle.stroke(2f) : HepStyle.stroke(1.6f, 6f, 4f));
                    series.setShowInLegend(n == 1);
                }
            }
            if (s.anyOpen()) c.setTitle("open contour: widen the grid");
            Series.points(c, s.label() + " best fit", new double[]{s.mle()[0]}, new double[]{s.mle()[1]}, HepStyle.color(i + 1), SeriesMarkers.CIRCLE);
        }
        if (truth != null) {
            Series.points(c, "true value", new double[]{truth[0]}, new double[]{truth[1]}, Color.BLACK, SeriesMarkers.CROSS);
        }
        double[] a = first.axes().get(0), b = first.axes().get(1);
        c.getStyler().setXAxisMin(a[0]).setXAxisMax(a[a.length - 1]).setYAxisMin(b[0]).setYAxisMax(b[b.length - 1]);
        c.getStyler().setMarkerSize(9);
        return Figure.of(c);
    }

    /** Marching squares: the line segments where a gridded function crosses a level. */
    static final class Contours {
        private Contours() {
        }

        /**
         * The segments joined end to end into lines ({{x...}, {y...}}), so a dashed contour is one stroke, not hundreds;
         * neighbouring cells compute a shared crossing alike up to rounding, hence the matching within a tolerance.
         */
        static List<double[][]> polylines(List<double[][]> segments) {
            List<java.util.ArrayDeque<double[]>> lines = new ArrayList<>();
            boolean[] used = new boolean[segments.size()];
            double tol = 1e-9;
            for (double[][] seg : segments) tol = Math.max(tol, 1e-9 * (Math.abs(seg[0][0]) + Math.abs(seg[1][0])));
            for (int start = 0; start < segments.size(); start++) {
                if (used[start]) continue;
                used[start] = true;
                java.util.ArrayDeque<double[]> line = new java.util.ArrayDeque<>();
                double[][] s0 = segments.get(start);
                line.add(new double[]{s0[0][0], s0[1][0]});
                line.add(new double[]{s0[0][1], s0[1][1]});
                boolean grown = true;
                while (grown) {
                    grown = false;
                    for (int k = 0; k < segments.size(); k++) {
                        if (used[k]) continue;
                        double[][] g = segments.get(k);
                        double[] a = {g[0][0], g[1][0]}, b = {g[0][1], g[1][1]};
                        if (near(line.getLast(), a, tol)) line.addLast(b);
                        else if (near(line.getLast(), b, tol)) line.addLast(a);
                        else if (near(line.getFirst(), a, tol)) line.addFirst(b);
                        else if (near(line.getFirst(), b, tol)) line.addFirst(a);
                        else continue;
                        used[k] = true;
                        grown = true;
                    }
                }
                lines.add(line);
            }
            List<double[][]> out = new ArrayList<>();
            for (java.util.ArrayDeque<double[]> line : lines) {
                double[] x = new double[line.size()], y = new double[line.size()];
                int i = 0;
                for (double[] p : line) {
                    x[i] = p[0];
                    y[i++] = p[1];
                }
                out.add(new double[][]{x, y});
            }
            return out;
        }

        private static boolean near(double[] p, double[] q, double tol) {
            return Math.abs(p[0] - q[0]) <= tol && Math.abs(p[1] - q[1]) <= tol;
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
