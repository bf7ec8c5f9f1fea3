package org.hepml.engine.plot;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * The Garwood (exact, central) confidence interval of a Poisson mean given n observed events (F. Garwood,
 * Biometrika 28 (1936) 437; the PDG's "Poisson, central" interval, ROOT's kPoisson error option):
 * [chi2_{a/2}(2n) / 2, chi2_{1-a/2}(2n + 2) / 2] with a = 1 - CL, the lower end 0 for n = 0. Unlike n +- sqrt(n)
 * it never goes below zero and is not zero wide for an empty bin.
 */
public final class PoissonInterval {
    /** 2 Phi(1) - 1: the confidence of a one-sigma interval. */
    public static final double ONE_SIGMA = 0.682689492137086;
    private static final int CACHED = 200;
    private static final double[][] CACHE = new double[CACHED][];

    private PoissonInterval() {
    }

    /** The 68.3% Garwood interval {lower, upper} for {@code n} observed events. */
    public static double[] garwood(long n) {
        if (n < 0) throw new IllegalArgumentException("A count cannot be negative: " + n);
        if (n < CACHED) {
            synchronized (CACHE) {
                double[] c = CACHE[(int) n];
                if (c == null) CACHE[(int) n] = c = garwood(n, ONE_SIGMA);
                return c.clone();
            }
        }
        return garwood(n, ONE_SIGMA);
    }

    /** The Garwood interval {lower, upper} for {@code n} observed events at confidence level {@code cl}. */
    public static double[] garwood(long n, double cl) {
        if (!(cl > 0 && cl < 1)) throw new IllegalArgumentException("The confidence level must lie in (0, 1), got " + cl);
        double alpha = 1 - cl;
        double lower = n == 0 ? 0 : new ChiSquaredDistribution(null, 2.0 * n).inverseCumulativeProbability(alpha / 2) / 2;
        double upper = new ChiSquaredDistribution(null, 2.0 * n + 2).inverseCumulativeProbability(1 - alpha / 2) / 2;
        return new double[]{lower, upper};
    }
}
