package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How close a learned log r(x | theta0, theta1) is to the simulator's exact one: the error measure of the
 * mining-gold paper, the learned and exact curves over x for several theta0, and a scatter of learned
 * against exact values on simulated events. Every x is drawn from the reference theta1, where the estimator
 * is used in a likelihood scan.
 */
public final class RatioDiagnostics {
    private RatioDiagnostics() {
    }

    /** {@code n} events simulated at {@code theta}, as the observable matrix the estimators take. */
    public static double[][] sample(TractableSimulator sim, double[] theta, int n, long seed) {
        Dataset d = new AugmentedSimulation(sim).theta(thetaSpec(theta)).seed(seed).generate("sample", n);
        return LikelihoodScan.observables(d, List.of(sim.observable()));
    }

    /**
     * The expected squared error E_{x ~ p(x|theta1)} [(log r_hat(x|theta0) - log r(x|theta0))^2] averaged over
     * the given theta0, on the events {@code x} drawn from theta1 (the paper's figure of merit).
     */
    public static double meanSquaredError(LogRatio learned, TractableSimulator sim, double[] theta1, double[][] x, double[]... thetas0) {
        ExactLogRatio exact = new ExactLogRatio(sim, theta1);
        double sum = 0;
        for (double[] t0 : thetas0) {
            double[] a = learned.logRatio(x, t0), b = exact.logRatio(x, t0);
            for (int i = 0; i < x.length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum / ((double) x.length * thetas0.length);
    }

    /** The same error for the constant guess log r = 0: the scale every estimator must beat. */
    public static double constantGuessError(TractableSimulator sim, double[] theta1, double[][] x, double[]... thetas0) {
        ExactLogRatio exact = new ExactLogRatio(sim, theta1);
        double sum = 0;
        for (double[] t0 : thetas0) {
            for (double v : exact.logRatio(x, t0)) sum += v * v;
        }
        return sum / ((double) x.length * thetas0.length);
    }

    /**
     * Learned (dashed) and exact (solid) log r at the observable values {@code xs} (a grid such as
     * {@code LikelihoodScan.grid(-1, 1, 101)}, or the integers 0..30 of the Galton board), one colour per theta0.
     */
    public static Figure curves(LogRatio learned, TractableSimulator sim, double[] theta1, double[] xs, double[]... thetas0) {
        int n = xs.length;
        double[][] x = new double[n][1];
        for (int i = 0; i < n; i++) x[i][0] = xs[i];
        ExactLogRatio exact = new ExactLogRatio(sim, theta1);
        XYChart c = new XYChartBuilder().width(640).height(440).xAxisTitle(AxisLabels.of(sim.observable()))
                .yAxisTitle("log r(x | \u03b8_0, \u03b8_1 = " + fmt(theta1) + ")").title(name(learned)).build();
        HepStyle.apply(c);
        for (int k = 0; k < thetas0.length; k++) {
            double[] ex = exact.logRatio(x, thetas0[k]);
            double[][] keep = finite(xs, ex);
            Series.line(c, "exact, \u03b8\u2080 = " + fmt(thetas0[k]), keep[0], keep[1], HepStyle.color(k + 1), HepStyle.stroke(2f));
            double[][] lk = finite(xs, learned.logRatio(x, thetas0[k]));
            Series.line(c, "learned, \u03b8\u2080 = " + fmt(thetas0[k]), lk[0], lk[1], HepStyle.color(k + 1), HepStyle.stroke(2f, 7f, 4f));
        }
        return Figure.of(c);
    }

    /** The panel title of a learned ratio: its method ("CARL") for a trained estimator, "exact" for the exact one. */
    static String name(LogRatio r) {
        if (r instanceof RatioEstimator e) return e.method().label();
        if (r instanceof ExactLogRatio) return "exact";
        return "";
    }

    /** Learned against exact log r on {@code x} (events from theta1), one colour per theta0, with the diagonal. */
    public static Figure scatter(LogRatio learned, TractableSimulator sim, double[] theta1, double[][] x, double[]... thetas0) {
        ExactLogRatio exact = new ExactLogRatio(sim, theta1);
        XYChart c = new XYChartBuilder().width(520).height(480).xAxisTitle("exact log r").yAxisTitle("learned log r")
                .title(name(learned)).build();
        HepStyle.apply(c);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < thetas0.length; k++) {
            double[][] keep = finite(exact.logRatio(x, thetas0[k]), learned.logRatio(x, thetas0[k]));
            for (double v : keep[0]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            Series.points(c, "\u03b8\u2080 = " + fmt(thetas0[k]), keep[0], keep[1], HepStyle.alpha(HepStyle.color(k + 1), 150), SeriesMarkers.CIRCLE);
        }
        Series.line(c, "learned = exact", new double[]{lo, hi}, new double[]{lo, hi}, HepStyle.REFERENCE, HepStyle.stroke(1.4f, 6f, 4f));
        c.getStyler().setMarkerSize(4);
        return Figure.of(c).info(String.format(Locale.ROOT, "%,d events", x.length));
    }

    /**
     * Calibration in the sense of Cranmer, Pavez and Louppe: events simulated at theta0 and at theta1 (n each)
     * are binned in the learned log r_hat(x | theta0); in each bin the observed log(n0 / n1) is the ratio the
     * estimator's output actually carries. A calibrated estimator lies on the diagonal; a monotonic but
     * miscalibrated one still ranks events correctly and can be recalibrated with this very curve.
     */
    public static Figure calibration(LogRatio learned, TractableSimulator sim, double[] theta0, double[] theta1, int n, int bins, long seed) {
        double[] s0 = learned.logRatio(sample(sim, theta0, n, seed), theta0);
        double[] s1 = learned.logRatio(sample(sim, theta1, n, seed + 1), theta0);
        double[] all = new double[2 * n];
        System.arraycopy(s0, 0, all, 0, n);
        System.arraycopy(s1, 0, all, n, n);
        Arrays.sort(all);
        // equal-population bins in the learned log r, so every bin has about 2n / bins events
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = all[Math.min(2 * n - 1, (int) ((long) b * (2 * n - 1) / bins))];
        double[] n0 = new double[bins], n1 = new double[bins], sum = new double[bins];
        for (double v : s0) {
            int b = bin(edges, v);
            n0[b]++;
            sum[b] += v;
        }
        for (double v : s1) {
            int b = bin(edges, v);
            n1[b]++;
            sum[b] += v;
        }
        double[] px = new double[bins], py = new double[bins], err = new double[bins];
        int k = 0;
        for (int b = 0; b < bins; b++) {
            if (n0[b] < 1 || n1[b] < 1) continue;
            px[k] = sum[b] / (n0[b] + n1[b]);
            py[k] = Math.log(n0[b] / n1[b]);
            err[k++] = Math.sqrt(1 / n0[b] + 1 / n1[b]);
        }
        XYChart c = new XYChartBuilder().width(520).height(480).xAxisTitle("learned log r\u0302 (bin mean)")
                .yAxisTitle("observed log(n_{\u03b80} / n_{\u03b81})")
                .title("calibration, \u03b8\u2080 = " + fmt(theta0) + ", \u03b8\u2081 = " + fmt(theta1)).build();
        HepStyle.apply(c);
        double lo = Math.min(px[0], py[0]), hi = Math.max(px[k - 1], py[k - 1]);
        Series.line(c, "calibrated", new double[]{lo, hi}, new double[]{lo, hi}, HepStyle.REFERENCE, HepStyle.stroke(1.4f, 6f, 4f));
        double[] e = Arrays.copyOf(err, k);
        Series.errorBars(c, "simulated events (errors)", Arrays.copyOf(px, k), Arrays.copyOf(py, k), e, e, Color.BLACK, 1.3f);
        Series.points(c, "simulated events", Arrays.copyOf(px, k), Arrays.copyOf(py, k), Color.BLACK, SeriesMarkers.CIRCLE);
        return Figure.of(c).info(String.format(Locale.ROOT, "2 \u00d7 %,d events", n));
    }

    private static int bin(double[] edges, double v) {
        int i = Arrays.binarySearch(edges, v);
        if (i < 0) i = -i - 2;
        return Math.max(0, Math.min(edges.length - 2, i));
    }

    private static double[][] finite(double[] a, double[] b) {
        int n = 0;
        double[] ka = new double[a.length], kb = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
                ka[n] = a[i];
                kb[n++] = b[i];
            }
        }
        return new double[][]{Arrays.copyOf(ka, n), Arrays.copyOf(kb, n)};
    }

    static String fmt(double[] theta) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < theta.length; i++) b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3g", theta[i]));
        return b.toString();
    }

    private static String thetaSpec(double[] theta) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < theta.length; i++) b.append(i == 0 ? "" : "; ").append(theta[i]);
        return b.toString();
    }
}
