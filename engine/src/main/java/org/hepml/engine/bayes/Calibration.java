package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;

/**
 * The numbers that say whether predicted uncertainties mean what they claim (docs/REFERENCE.md section 5,
 * "Checks"): pulls (truth - prediction) / sigma, whose mean should be 0 and width 1; the coverage of central
 * Gaussian intervals mu +- z sigma at nominal levels; and the reliability of predicted probabilities
 * (in each bin of mu_pred, the observed fraction of class 1).
 */
public final class Calibration {
    /** Nominal levels drawn in coverage curves, 1 and 2 sigma included. */
    public static final double[] LEVELS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6827, 0.8, 0.9, 0.9545, 0.99};

    private Calibration() {
    }

    public static double[] pulls(double[] truth, double[] mean, double[] sigma) {
        check(truth, mean, sigma);
        double[] p = new double[truth.length];
        for (int i = 0; i < p.length; i++) p[i] = (truth[i] - mean[i]) / sigma[i];
        return p;
    }

    /** Mean and standard deviation of a sample: {mean, std}. */
    public static double[] meanAndStd(double[] v) {
        double s = 0, s2 = 0;
        for (double x : v) s += x;
        double m = s / v.length;
        for (double x : v) s2 += (x - m) * (x - m);
        return new double[]{m, Math.sqrt(s2 / Math.max(v.length - 1, 1))};
    }

    /** The fraction of events with |truth - mean| <= z sigma, z the two-sided Gaussian quantile of {@code level}. */
    public static double coverage(double[] truth, double[] mean, double[] sigma, double level) {
        check(truth, mean, sigma);
        double z = normalQuantile(0.5 + level / 2);
        int in = 0;
        for (int i = 0; i < truth.length; i++) if (Math.abs(truth[i] - mean[i]) <= z * sigma[i]) in++;
        return (double) in / truth.length;
    }

    public static double[] coverage(double[] truth, double[] mean, double[] sigma, double[] levels) {
        double[] out = new double[levels.length];
        for (int k = 0; k < levels.length; k++) out[k] = coverage(truth, mean, sigma, levels[k]);
        return out;
    }

    /**
     * Reliability of predicted probabilities in {@code bins} equal bins of [0, 1]:
     * {mean predicted, observed fraction of y = 1, events} per bin (NaN where a bin is empty).
     */
    public static double[][] reliability(double[] predicted, double[] y, int bins) {
        if (predicted.length != y.length) throw new HepmlException(predicted.length + " predictions but " + y.length + " labels.");
        double[] sp = new double[bins], sy = new double[bins], n = new double[bins];
        for (int i = 0; i < predicted.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (predicted[i] * bins)));
            sp[b] += predicted[i];
            sy[b] += y[i];
            n[b]++;
        }
        double[][] out = new double[3][bins];
        for (int b = 0; b < bins; b++) {
            out[0][b] = n[b] > 0 ? sp[b] / n[b] : Double.NaN;
            out[1][b] = n[b] > 0 ? sy[b] / n[b] : Double.NaN;
            out[2][b] = n[b];
        }
        return out;
    }

    /** Phi(z), the standard normal CDF (erfc by Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    public static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }

    /** Phi^-1(p) by bisection on {@link #normalCdf}; accurate to 1e-7 in z, plenty for interval edges. */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) throw new HepmlException("A probability in (0, 1) is needed, got " + p + ".");
        double lo = -10, hi = 10;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (normalCdf(mid) < p) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static void check(double[] truth, double[] mean, double[] sigma) {
        if (truth.length != mean.length || sigma.length != mean.length) {
            throw new HepmlException("Truth, prediction and sigma have different lengths: " + truth.length + ", " + mean.length + ", " + sigma.length + ".");
        }
    }
}
