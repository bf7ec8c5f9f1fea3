package org.hepml.engine.bayes;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.nn.Scalars;
import ai.djl.ndarray.NDManager;
import org.hepml.engine.HepmlException;

/**
 * The prior N(0, s_p^2) on every weight and bias, and the closed-form Kullback-Leibler divergence of a
 * factorised Gaussian posterior q = N(mu, sigma^2) from it (docs/REFERENCE.md section 5):
 * KL(q||p) = 1/2 [ (mu^2 + sigma^2) / s_p^2 - log(sigma^2 / s_p^2) - 1 ] per weight, summed over weights.
 */
public record GaussianPrior(double width) {
    public GaussianPrior {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new HepmlException("--prior-width must be a positive number, got " + width + ".");
        }
    }

    /** KL of one weight's posterior N(mu, sigma^2) from the prior. */
    public double kl(double mu, double sigma) {
        double s2 = width * width;
        return 0.5 * ((mu * mu + sigma * sigma) / s2 - Math.log(sigma * sigma / s2) - 1);
    }

    /**
     * The summed KL of arrays of posterior means (a parameter) and widths (owned by {@code m}), a differentiable
     * scalar owned by {@code m}: 1/2 [sum(mu^2 + sigma^2) / s_p^2 - 2 sum log sigma + n (2 log s_p - 1)].
     */
    NDArray kl(NDManager m, NDArray mu, NDArray sigma) {
        float inv = (float) (1 / (width * width));
        NDArray mu2 = mu.square();
        mu2.attach(m); // an op on a parameter lands in the parameter's manager
        long n = mu.size();
        return mu2.add(sigma.square()).sum().mul(Scalars.of(m, 0.5f * inv)).sub(sigma.log().sum())
                .add((float) (0.5 * n * (2 * Math.log(width) - 1)));
    }
}
