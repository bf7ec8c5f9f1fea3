package org.hepml.engine.sbi;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.SplittableRandom;

/**
 * A posterior of one parameter in closed form: a normal N(centre, width) truncated to [lo, hi] (lo, hi infinite for
 * none). The Gaussian toy's posterior for mu is of this form: the likelihood of N events is N(xbar; mu, s/sqrt(N)), so a
 * normal prior gives a normal posterior (conjugate) and a flat prior on [a, b] the likelihood truncated to [a, b].
 */
public record ExactPosterior(double centre, double width, double lo, double hi) {
    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    /** The posterior of mu given the mean {@code xbar} of {@code n} events of known width {@code s}, under {@code prior}. */
    public static ExactPosterior gaussianMean(double xbar, int n, double s, PosteriorPrior prior) {
        double w = s / Math.sqrt(n);
        if (prior.isUniform()) return new ExactPosterior(xbar, w, prior.a(), prior.b());
        double precision = 1 / (prior.b() * prior.b()) + 1 / (w * w);
        double centre = (prior.a() / (prior.b() * prior.b()) + xbar / (w * w)) / precision;
        return new ExactPosterior(centre, 1 / Math.sqrt(precision), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    private double alpha() {
        return (lo - centre) / width;
    }

    private double beta() {
        return (hi - centre) / width;
    }

    private double mass() {
        return STANDARD.cumulativeProbability(beta()) - STANDARD.cumulativeProbability(alpha());
    }

    private static double phi(double z) {
        return Double.isInfinite(z) ? 0 : STANDARD.density(z);
    }

    /** The truncated normal's mean: centre + width (phi(alpha) - phi(beta)) / Z. */
    public double mean() {
        return centre + width * (phi(alpha()) - phi(beta())) / mass();
    }

    /** The truncated normal's standard deviation (Johnson, Kotz and Balakrishnan, eq. 13.134). */
    public double sd() {
        double a = alpha(), b = beta(), z = mass();
        double aa = Double.isInfinite(a) ? 0 : a * phi(a), bb = Double.isInfinite(b) ? 0 : b * phi(b);
        double d = (phi(a) - phi(b)) / z;
        return width * Math.sqrt(1 + (aa - bb) / z - d * d);
    }

    public double density(double theta) {
        if (theta < lo || theta > hi) return 0;
        return phi((theta - centre) / width) / (width * mass());
    }

    /** P(theta' <= theta). */
    public double cdf(double theta) {
        if (theta <= lo) return 0;
        if (theta >= hi) return 1;
        double fa = STANDARD.cumulativeProbability(alpha());
        return (STANDARD.cumulativeProbability((theta - centre) / width) - fa) / mass();
    }

    /** {@code n} draws by inverting the cdf. */
    public double[] sample(int n, SplittableRandom rng) {
        double fa = STANDARD.cumulativeProbability(alpha()), z = mass();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = fa + z * rng.nextDouble();
            out[i] = centre + width * STANDARD.inverseCumulativeProbability(Math.min(Math.max(u, 1e-300), 1 - 1e-16));
        }
        return out;
    }
}
