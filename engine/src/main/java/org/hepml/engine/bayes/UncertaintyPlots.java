package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * The figures that show what a Bayesian network's uncertainties mean: the prediction with 1 and 2 sigma
 * bands, sigma_pred against mu_pred for a classifier with its mu(1 - mu) envelopes, the pull distribution
 * against a unit Gaussian, the coverage curve, the reliability curve, and the uncertainties against the
 * training-set size.
 */
public final class UncertaintyPlots {
    private static final int MAX_POINTS = 3000; // scatter points drawn; more only blacken the plot and slow PNGs

    private UncertaintyPlots() {
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle(x).yAxisTitle(y).build();
        HepStyle.apply(c);
        return c;
    }

    private static Color alpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    private static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        return s;
    }

    private static void band(XYChart c, String name, double[] x, double[] lo, double[] hi, Color fill) {
        int n = x.length;
        double[] px = new double[2 * n], py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = hi[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lo[i];
        }
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(fill);
        s.setLineColor(fill);
    }

    private static int[] subsample(int n, int max) {
        if (n <= max) return IntStream.range(0, n).toArray();
        int[] idx = new int[max];
        for (int i = 0; i < max; i++) idx[i] = (int) ((long) i * n / max);
        return idx;
    }

    /**
     * The predictive mean over input {@code input} with the 1 and 2 sigma bands of the total uncertainty and,
     * inside, the 1 sigma band of the epistemic part alone; the truth (events) as points when known and the
     * true mean as a dashed line when {@code trueMean} is given.
     */
    public static Figure bands(RegressionPrediction p, int input, String xLabel, DoubleUnaryOperator trueMean) {
        double[] x = p.input(input);
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        int n = x.length;
        double[] xs = new double[n], mu = new double[n], t = p.total(), lo1 = new double[n], hi1 = new double[n], lo2 = new double[n],
                hi2 = new double[n], loE = new double[n], hiE = new double[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            xs[k] = x[i];
            mu[k] = p.mean()[i];
            lo1[k] = mu[k] - t[i];
            hi1[k] = mu[k] + t[i];
            lo2[k] = mu[k] - 2 * t[i];
            hi2[k] = mu[k] + 2 * t[i];
            loE[k] = mu[k] - p.epistemic()[i];
            hiE[k] = mu[k] + p.epistemic()[i];
        }
        XYChart c = chart("BNN prediction", xLabel, p.target());
        Color blue = HepStyle.color(1);
        band(c, "\u00b12\u03c3 total", xs, lo2, hi2, alpha(blue, 50));
        band(c, "\u00b11\u03c3 total", xs, lo1, hi1, alpha(blue, 90));
        band(c, "\u00b11\u03c3 epistemic", xs, loE, hiE, alpha(HepStyle.color(2), 140));
        if (p.truth() != null) {
            int[] pick = subsample(n, MAX_POINTS);
            double[] px = new double[pick.length], py = new double[pick.length];
            for (int k = 0; k < pick.length; k++) {
                px[k] = x[pick[k]];
                py[k] = p.truth()[pick[k]];
            }
            XYSeries s = c.addSeries("events", px, py);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(alpha(Color.BLACK, 90));
        }
        line(c, "mean", xs, mu, blue.darker(), new BasicStroke(2f));
        if (trueMean != null) {
            double[] f = new double[n];
            for (int k = 0; k < n; k++) f[k] = trueMean.applyAsDouble(xs[k]);
            line(c, "true mean", xs, f, Color.BLACK, SeriesLines.DASH_DASH);
        }
        c.getStyler().setMarkerSize(3);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        return Figure.of(c);
    }

    /**
     * sigma_pred against mu_pred, one point per event, with the hard bound sqrt(mu (1 - mu)) (the largest spread
     * a number in [0, 1] with mean mu can have) and sigma_l mu (1 - mu) with sigma_l fitted by least squares,
     * the shape a logit of small spread sigma_l gives.
     */
    public static Figure sigmaVsMu(ClassifierPrediction p) {
        XYChart c = chart("BNN classifier: \u03c3_pred vs \u03bc_pred", "\u03bc_pred", "\u03c3_pred");
        int[] pick = subsample(p.size(), MAX_POINTS * 2);
        double[] mx = new double[pick.length], sy = new double[pick.length];
        double num = 0, den = 0, top = 0;
        for (int k = 0; k < pick.length; k++) {
            mx[k] = p.mean()[pick[k]];
            sy[k] = p.sigma()[pick[k]];
            top = Math.max(top, sy[k]);
        }
        for (int i = 0; i < p.size(); i++) {
            double f = p.mean()[i] * (1 - p.mean()[i]);
            num += f * p.sigma()[i];
            den += f * f;
        }
        double sigmaL = den > 0 ? num / den : 0;
        XYSeries s = c.addSeries("events", mx, sy);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(alpha(HepStyle.color(1), 60));
        double[] g = new double[101], fit = new double[101];
        for (int i = 0; i <= 100; i++) {
            g[i] = i / 100.0;
            fit[i] = sigmaL * g[i] * (1 - g[i]);
        }
        line(c, String.format(Locale.ROOT, "%.3g \u03bc(1-\u03bc)", sigmaL), g, fit, HepStyle.color(2), new BasicStroke(2f));
        double ceiling = Math.max(1.3 * top, 1e-4);
        double[] bound = new double[101];
        for (int i = 0; i <= 100; i++) bound[i] = Math.min(Math.sqrt(g[i] * (1 - g[i])), ceiling);
        line(c, "\u221a(\u03bc(1-\u03bc)) bound", g, bound, Color.GRAY, SeriesLines.DASH_DASH);
        c.getStyler().setMarkerSize(3);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(ceiling);
        return Figure.of(c);
    }

    /** Observed fraction of class 1 against mean mu_pred per bin, with the diagonal. */
    public static Figure reliability(double[][] rel) {
        XYChart c = chart("Reliability", "\u03bc_pred", "observed fraction of class 1");
        line(c, "perfect", new double[]{0, 1}, new double[]{0, 1}, Color.GRAY, SeriesLines.DASH_DASH);
        double[][] kept = keepFinite(rel[0], rel[1]);
        XYSeries s = c.addSeries("BNN", kept[0], kept[1]);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(HepStyle.color(1));
        s.setMarkerColor(HepStyle.color(1));
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        return Figure.of(c);
    }

    private static double[][] keepFinite(double[] a, double[] b) {
        int[] ok = IntStream.range(0, a.length).filter(i -> Double.isFinite(a[i]) && Double.isFinite(b[i])).toArray();
        if (ok.length == 0) throw new HepmlException("Nothing to plot: every bin is empty.");
        return new double[][]{Arrays.stream(ok).mapToDouble(i -> a[i]).toArray(), Arrays.stream(ok).mapToDouble(i -> b[i]).toArray()};
    }

    /** The pull distribution (normalised) in [-5, 5] with the unit Gaussian and the Gaussian of its own mean and width. */
    public static Figure pulls(double[] pulls, String xLabel) {
        int bins = 40;
        double lo = -5, hi = 5, w = (hi - lo) / bins;
        double[] counts = new double[bins];
        for (double v : pulls) {
            int b = (int) Math.floor((v - lo) / w);
            if (b >= 0 && b < bins) counts[b]++;
        }
        double[] ms = Calibration.meanAndStd(pulls);
        double[] sx = new double[2 * bins], sy = new double[2 * bins];
        for (int b = 0; b < bins; b++) {
            double d = counts[b] / (pulls.length * w);
            sx[2 * b] = lo + b * w;
            sx[2 * b + 1] = lo + (b + 1) * w;
            sy[2 * b] = d;
            sy[2 * b + 1] = d;
        }
        XYChart c = chart("Pulls", xLabel, "density");
        line(c, String.format(Locale.ROOT, "pulls (%d)", pulls.length), sx, sy, Color.BLACK, new BasicStroke(1.5f));
        double[] g = new double[201], unit = new double[201], fit = new double[201];
        for (int i = 0; i <= 200; i++) {
            g[i] = lo + i * (hi - lo) / 200;
            unit[i] = Math.exp(-0.5 * g[i] * g[i]) / Math.sqrt(2 * Math.PI);
            double z = (g[i] - ms[0]) / ms[1];
            fit[i] = Math.exp(-0.5 * z * z) / (ms[1] * Math.sqrt(2 * Math.PI));
        }
        line(c, "N(0, 1)", g, unit, HepStyle.color(2), SeriesLines.DASH_DASH);
        line(c, String.format(Locale.ROOT, "mean %.3f, width %.3f", ms[0], ms[1]), g, fit, HepStyle.color(1), new BasicStroke(1.5f));
        c.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(0.0);
        c.getStyler().setYAxisDecimalPattern("0.00");
        return Figure.of(c);
    }

    /** Observed against nominal coverage of central Gaussian intervals; on the diagonal the sigmas are right. */
    public static Figure coverage(double[] nominal, double[] observed) {
        XYChart c = chart("Coverage", "nominal coverage", "observed coverage");
        line(c, "perfect", new double[]{0, 1}, new double[]{0, 1}, Color.GRAY, SeriesLines.DASH_DASH);
        XYSeries s = c.addSeries("BNN", nominal, observed);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(HepStyle.color(1));
        s.setMarkerColor(HepStyle.color(1));
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        return Figure.of(c);
    }

    /**
     * Mean epistemic and aleatoric sigma against the number of training events (log axis): the epistemic part
     * should fall (roughly as N^-1/2), the aleatoric part stay at the true noise ({@code trueNoise}, drawn when
     * positive).
     */
    public static Figure vsTrainingSize(int[] sizes, double[] epistemic, double[] aleatoric, double trueNoise) {
        XYChart c = chart("Uncertainty vs training size", "training events", "mean \u03c3");
        double[] n = Arrays.stream(sizes).asDoubleStream().toArray();
        XYSeries e = c.addSeries("epistemic", n, epistemic);
        e.setMarker(SeriesMarkers.CIRCLE);
        e.setLineColor(HepStyle.color(2));
        e.setMarkerColor(HepStyle.color(2));
        XYSeries a = c.addSeries("aleatoric", n, aleatoric);
        a.setMarker(SeriesMarkers.SQUARE);
        a.setLineColor(HepStyle.color(1));
        a.setMarkerColor(HepStyle.color(1));
        if (trueNoise > 0) line(c, "true noise", new double[]{n[0], n[n.length - 1]}, new double[]{trueNoise, trueNoise}, Color.GRAY, SeriesLines.DASH_DASH);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return Figure.of(c);
    }
}
