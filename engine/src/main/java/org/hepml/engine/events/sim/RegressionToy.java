package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;

import java.util.SplittableRandom;

/**
 * Regression data with a known truth for validating learned uncertainties (docs/REFERENCE.md section 5):
 * y = f(x) + sigma(x) eps, eps ~ N(0, 1), with f(x) = sin(2x) + 0.3 x summed over the inputs' first
 * coordinate and the others entering linearly, and the noise either constant (homoscedastic) or growing with
 * |x_1| (heteroscedastic, sigma = sigma0 (1 + |x_1|)). Inputs x ~ U(-range, range)^d, so a network can also be
 * probed outside the training region, where its epistemic uncertainty must grow.
 */
public final class RegressionToy {
    private int dimensions = 1;
    private double noise = 0.1;
    private boolean heteroscedastic;
    private double range = 2;
    private long seed = 1;

    public RegressionToy dimensions(int d) {
        if (d < 1 || d > 10) throw new HepmlException("dimensions must be between 1 and 10, got " + d + ".");
        this.dimensions = d;
        return this;
    }

    public RegressionToy noise(double sigma0) {
        if (!(sigma0 > 0)) throw new HepmlException("noise must be positive, got " + sigma0 + ".");
        this.noise = sigma0;
        return this;
    }

    public RegressionToy heteroscedastic(boolean h) {
        this.heteroscedastic = h;
        return this;
    }

    public RegressionToy range(double range) {
        if (!(range > 0)) throw new HepmlException("range must be positive, got " + range + ".");
        this.range = range;
        return this;
    }

    public RegressionToy seed(long seed) {
        this.seed = seed;
        return this;
    }

    public long seed() {
        return seed;
    }

    /** The same toy (dimensions, noise, range, seed), to change its seed without touching this one. */
    public RegressionToy copy() {
        return new RegressionToy().dimensions(dimensions).noise(noise).heteroscedastic(heteroscedastic).range(range).seed(seed);
    }

    /** The true mean f(x). */
    public double mean(double[] x) {
        double f = Math.sin(2 * x[0]) + 0.3 * x[0];
        for (int j = 1; j < x.length; j++) f += 0.5 * x[j] / j;
        return f;
    }

    /** The true noise sigma(x). */
    public double sigma(double[] x) {
        return heteroscedastic ? noise * (1 + Math.abs(x[0])) : noise;
    }

    public Dataset generate(String name, int n) {
        if (n <= 0) throw new HepmlException("The number of events must be positive, got " + n + ".");
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[dimensions][n];
        double[] y = new double[n], mu = new double[n], sd = new double[n];
        double[] p = new double[dimensions];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimensions; j++) {
                p[j] = range * (2 * rng.nextDouble() - 1);
                x[j][i] = p[j];
            }
            mu[i] = mean(p);
            sd[i] = sigma(p);
            y[i] = mu[i] + sd[i] * rng.nextGaussian();
        }
        Dataset.Builder b = Dataset.builder(name);
        for (int j = 0; j < dimensions; j++) b.column("x." + (j + 1), x[j]);
        return b.column("y", y).column("truth.mean", mu).column("truth.sigma", sd)
                .meta("simulator", "regression").meta("noise", noise).meta("heteroscedastic", heteroscedastic).meta("seed", seed)
                .build();
    }
}
