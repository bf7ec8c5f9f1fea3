package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;

import java.util.Locale;

/**
 * The ABCD method: with two variables that are independent for the background, the background in the signal region A
 * (score above its cut, mass above its cut) is N_A = N_B N_C / N_D, from the control regions B (score high, mass low),
 * C (score low, mass high) and D (both low). Its statistical error, the counts Poisson: sigma_pred / N_pred =
 * sqrt(1/N_B + 1/N_C + 1/N_D). Comparing with the true background count in A (itself Poisson), the closure pull is
 * (N_pred - N_A) / sqrt(sigma_pred^2 + N_A).
 *
 * @param a the count in A (in a closure test: background only, or the true background by the labels)
 */
public record Abcd(double a, double b, double c, double d, double scoreCut, double massCut) {

    /** Counts the four regions of events with {@code score} and {@code mass} (weights: null for unit). */
    public static Abcd count(double[] score, double[] mass, double[] weights, double scoreCut, double massCut) {
        if (score.length != mass.length) throw new HepmlException(score.length + " scores but " + mass.length + " masses.");
        double a = 0, b = 0, c = 0, d = 0;
        for (int i = 0; i < score.length; i++) {
            double w = weights == null ? 1 : weights[i];
            boolean high = score[i] >= scoreCut, heavy = mass[i] >= massCut;
            if (high && heavy) a += w;
            else if (high) b += w;
            else if (heavy) c += w;
            else d += w;
        }
        return new Abcd(a, b, c, d, scoreCut, massCut);
    }

    /** The score cut that keeps the fraction {@code efficiency} of {@code score}. */
    public static double cutKeeping(double[] score, double efficiency) {
        if (!(efficiency > 0 && efficiency < 1)) throw new HepmlException("The score efficiency must be in (0, 1), got " + efficiency + ".");
        double[] s = score.clone();
        java.util.Arrays.sort(s);
        return s[(int) Math.floor((1 - efficiency) * (s.length - 1))];
    }

    public double predicted() {
        return b * c / d;
    }

    public double predictedError() {
        return predicted() * Math.sqrt(1 / b + 1 / c + 1 / d);
    }

    /** (N_pred - N_A) / sqrt(sigma_pred^2 + N_A). */
    public double closurePull() {
        return closurePull(0);
    }

    /**
     * The pull with a relative non-closure systematic added to the prediction's error:
     * (N_pred - N_A) / sqrt(sigma_pred^2 + (systematic N_pred)^2 + N_A).
     */
    public double closurePull(double systematic) {
        double e = predictedError(), s = systematic * predicted();
        return (predicted() - a) / Math.sqrt(e * e + s * s + a);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ABCD: N_A = %.0f, predicted N_B N_C / N_D = %.1f +- %.1f (pull %.2f); B %.0f, C %.0f, D %.0f",
                a, predicted(), predictedError(), closurePull(), b, c, d);
    }
}
