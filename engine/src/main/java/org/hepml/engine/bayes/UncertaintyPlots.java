package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
    /** The series names of the prediction figure, for its tests. */
    public static final String MEAN = "mean \u03bc", TOTAL_1 = "\u00b11\u03c3 total", TOTAL_2 = "\u00b12\u03c3 total",
            EPISTEMIC = "\u03c3 epistemic", ALEATORIC = "\u03c3 aleatoric", EVENTS = "events", TRUE_MEAN = "true mean";

    private UncertaintyPlots() {
    }

    private static XYChart chart(String title, String x, String y) {
        return chart(title, x, y, 560, 420);
    }

    private static XYChart chart(String title, String x, String y, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(x).yAxisTitle(y).build();
        HepStyle.apply(c);
        return c;
    }

    private static int[] subsample(int n, int max) {
        if (n <= max) return IntStream.range(0, n).toArray();
        int[] idx = new int[max];
        for (int i = 0; i < max; i++) idx[i] = (int) ((long) i * n / max);
        return idx;
    }

    /**
     * The predictive mean over input {@code input} with the 1 and 2 sigma bands of the total uncertainty, the truth
     * (events) as points when known and the true mean as a dashed line when {@code trueMean} is given; below it, a
     * panel with the two parts of sigma, epistemic and aleatoric, against the same input (the epistemic part is
     * often far narrower than a line in the upper panel, where it could not be seen).
     */
    public static Figure bands(RegressionPrediction p, int input, String xLabel, DoubleUnaryOperator trueMean) {
        double[] x = p.input(input);
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        int n = x.length;
        double[] xs = new double[n], mu = new double[n], t = p.total(), lo1 = new double[n], hi1 = new double[n], lo2 = new double[n],
                hi2 = new double[n], epi = new double[n], alea = new double[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            xs[k] = x[i];
            mu[k] = p.mean()[i];
            lo1[k] = mu[k] - t[i];
            hi1[k] = mu[k] + t[i];
            lo2[k] = mu[k] - 2 * t[i];
            hi2[k] = mu[k] + 2 * t[i];
            epi[k] = p.epistemic()[i];
            alea[k] = p.aleatoric()[i];
        }
        String xTitle = AxisLabels.of(xLabel);
        XYChart c = chart("BNN prediction", "", AxisLabels.of(p.target()), 600, 340);
        Color blue = HepStyle.color(1);
        Series.band(c, TOTAL_2, xs, lo2, hi2, HepStyle.light(blue, 0.8), true);
        Series.band(c, TOTAL_1, xs, lo1, hi1, HepStyle.light(blue, 0.55), true);
        if (p.truth() != null) {
            int[] pick = subsample(n, MAX_POINTS);
            double[] px = new double[pick.length], py = new double[pick.length];
            for (int k = 0; k < pick.length; k++) {
                px[k] = x[pick[k]];
                py[k] = p.truth()[pick[k]];
            }
            Series.points(c, EVENTS, px, py, HepStyle.alpha(Color.BLACK, 110), SeriesMarkers.CIRCLE);
        }
        Series.line(c, MEAN, xs, mu, blue.darker(), HepStyle.stroke(2f));
        if (trueMean != null) {
            double[] f = new double[n];
            for (int k = 0; k < n; k++) f[k] = trueMean.applyAsDouble(xs[k]);
            Series.line(c, TRUE_MEAN, xs, f, Color.BLACK, HepStyle.stroke(1.6f, 6f, 4f));
        }
        c.getStyler().setMarkerSize(3);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setXAxisTicksVisible(false);
        HepStyle.noLowerEdgeLabel(c);
        XYChart lower = chart("", xTitle, "\u03c3", 600, 180);
        Series.line(lower, ALEATORIC, xs, alea, blue, HepStyle.stroke(1.8f));
        Series.line(lower, EPISTEMIC, xs, epi, HepStyle.color(2), HepStyle.stroke(2f, 7f, 4f));
        double top = 0;
        for (int k = 0; k < n; k++) top = Math.max(top, Math.max(epi[k], alea[k]));
        lower.getStyler().setYAxisMin(0.0).setYAxisMax(top > 0 ? top * HepStyle.headroom(2, 180) : 1.0);
        lower.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double x0 = xs[0], x1 = xs[n - 1];
        c.getStyler().setXAxisMin(x0).setXAxisMax(x1);
        lower.getStyler().setXAxisMin(x0).setXAxisMax(x1);
        return new Figure(600, List.of(c, lower), new int[]{340, 180}).info(String.format(Locale.ROOT, "%,d events", n));
    }

    /**
     * sigma_pred against mu_pred, one point per event, with the hard bound sqrt(mu (1 - mu)) (the largest spread
     * a number in [0, 1] with mean mu can have) and sigma_l mu (1 - mu) with sigma_l fitted by least squares,
     * the shape a logit of small spread sigma_l gives.
     */
    public static Figure sigmaVsMu(ClassifierPrediction p) {
        XYChart c = chart("BNN classifier", "\u03bc_{pred}", "\u03c3_{pred}");
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
        Series.points(c, EVENTS, mx, sy, HepStyle.alpha(HepStyle.color(1), 70), SeriesMarkers.CIRCLE);
        double[] g = new double[101], fit = new double[101];
        for (int i = 0; i <= 100; i++) {
            g[i] = i / 100.0;
            fit[i] = sigmaL * g[i] * (1 - g[i]);
        }
        Series.line(c, String.format(Locale.ROOT, "%.3g \u03bc(1\u2212\u03bc)", sigmaL), g, fit, HepStyle.color(2), HepStyle.stroke(2f));
        double ceiling = Math.max(1.3 * top, 1e-4) * HepStyle.headroom(3, 420);
        double[] bound = new double[101];
        for (int i = 0; i <= 100; i++) bound[i] = Math.min(Math.sqrt(g[i] * (1 - g[i])), ceiling);
        Series.line(c, "\u221a(\u03bc(1\u2212\u03bc)) bound", g, bound, HepStyle.REFERENCE, HepStyle.stroke(1.4f, 6f, 4f));
        c.getStyler().setMarkerSize(3);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(ceiling);
        return Figure.of(c).info(String.format(Locale.ROOT, "%,d events", p.size()));
    }

    /** Observed fraction of class 1 against mean mu_pred per bin, with the diagonal. */
    public static Figure reliability(double[][] rel) {
        XYChart c = chart("Reliability", "\u03bc_{pred}", "observed fraction of class 1");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Series.line(c, "perfect", new double[]{0, 1}, new double[]{0, 1}, HepStyle.REFERENCE, HepStyle.stroke(1.4f, 6f, 4f));
        double[][] kept = keepFinite(rel[0], rel[1]);
        XYSeries s = Series.line(c, "BNN", kept[0], kept[1], HepStyle.color(1), HepStyle.stroke(1.6f));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(HepStyle.color(1));
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        return Figure.of(c);
    }

    private static double[][] keepFinite(double[] a, double[] b) {
        int[] ok = IntStream.range(0, a.length).filter(i -> Double.isFinite(a[i]) && Double.isFinite(b[i])).toArray();
        if (ok.length == 0) throw new HepmlException("Nothing to plot: every bin is empty.");
        return new double[][]{Arrays.stream(ok).mapToDouble(i -> a[i]).toArray(), Arrays.stream(ok).mapToDouble(i -> b[i]).toArray()};
    }

    /**
     * The pull distribution in [-5, 5] as a density, drawn as data (points with Garwood Poisson intervals), with
     * the unit Gaussian and the Gaussian of its own mean and width.
     */
    public static Figure pulls(double[] pulls, String xLabel) {
        int bins = 40;
        double lo = -5, hi = 5;
        Histogram h = Histogram.of("pulls", pulls, null, bins, lo, hi).normalized();
        // a density of all pulls, those outside [-5, 5] included
        double inside = Histogram.of("pulls", pulls, null, bins, lo, hi).integral();
        double scale = pulls.length > 0 ? inside / pulls.length : 1;
        double[] d = h.counts(), dl = h.errorsLow(), dh = h.errorsHigh();
        for (int b = 0; b < bins; b++) {
            d[b] *= scale;
            dl[b] *= scale;
            dh[b] *= scale;
        }
        double[] ms = Calibration.meanAndStd(pulls);
        XYChart c = chart("Pulls", xLabel, "density");
        double[] g = new double[201], unit = new double[201], fit = new double[201];
        for (int i = 0; i <= 200; i++) {
            g[i] = lo + i * (hi - lo) / 200;
            unit[i] = Math.exp(-0.5 * g[i] * g[i]) / Math.sqrt(2 * Math.PI);
            double z = (g[i] - ms[0]) / ms[1];
            fit[i] = Math.exp(-0.5 * z * z) / (ms[1] * Math.sqrt(2 * Math.PI));
        }
        Series.line(c, "N(0, 1)", g, unit, HepStyle.color(2), HepStyle.stroke(1.8f, 6f, 4f));
        Series.line(c, String.format(Locale.ROOT, "Gaussian: mean %.3f, width %.3f", ms[0], ms[1]), g, fit, HepStyle.color(1), HepStyle.stroke(1.8f));
        double[] pd = new double[bins];
        for (int b = 0; b < bins; b++) pd[b] = d[b] > 0 ? d[b] : Double.NaN;
        Series.errorBars(c, "pulls (errors)", h.centers(), d, dl, dh, Color.BLACK, 1.3f);
        Series.points(c, "pulls", h.centers(), pd, Color.BLACK, SeriesMarkers.CIRCLE);
        double top = 0.4;
        for (int b = 0; b < bins; b++) top = Math.max(top, d[b] + dh[b]);
        c.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(0.0).setYAxisMax(top * HepStyle.headroom(3, 420));
        return Figure.of(c).info(String.format(Locale.ROOT, "%,d events", pulls.length));
    }

    /** Observed against nominal coverage of central Gaussian intervals; on the diagonal the sigmas are right. */
    public static Figure coverage(double[] nominal, double[] observed) {
        XYChart c = chart("Coverage", "nominal coverage", "observed coverage");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Series.line(c, "perfect", new double[]{0, 1}, new double[]{0, 1}, HepStyle.REFERENCE, HepStyle.stroke(1.4f, 6f, 4f));
        XYSeries s = Series.line(c, "BNN", nominal, observed, HepStyle.color(1), HepStyle.stroke(1.6f));
        s.setMarker(SeriesMarkers.CIRCLE);
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
        XYSeries e = Series.line(c, "epistemic", n, epistemic, HepStyle.color(2), HepStyle.stroke(1.6f));
        e.setMarker(SeriesMarkers.CIRCLE);
        e.setMarkerColor(HepStyle.color(2));
        XYSeries a = Series.line(c, "aleatoric", n, aleatoric, HepStyle.color(1), HepStyle.stroke(1.6f));
        a.setMarker(SeriesMarkers.SQUARE);
        a.setMarkerColor(HepStyle.color(1));
        if (trueNoise > 0) {
            Series.line(c, "true noise", new double[]{n[0], n[n.length - 1]}, new double[]{trueNoise, trueNoise}, HepStyle.REFERENCE,
                    HepStyle.stroke(1.4f, 6f, 4f));
        }
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0);
        return Figure.of(c);
    }
}
