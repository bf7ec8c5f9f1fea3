package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;

import java.util.SplittableRandom;

/**
 * Two classes with known densities, for classifier calibration and uncertainty checks: class 1 (signal)
 * x ~ N(+shift/2, 1)^d, class 0 (background) x ~ N(-shift/2, 1)^d, equal priors. The optimal classifier is
 * p(1 | x) = sigmoid(shift * sum_j x_j), stored as {@code truth.p}, so calibration is measured exactly.
 */
public final class TwoClassToy {
    private int dimensions = 2;
    private double shift = 1.5;
    private long seed = 1;

    public TwoClassToy dimensions(int d) {
        if (d < 1 || d > 20) throw new HepmlException("dimensions must be between 1 and 20, got " + d + ".");
        this.dimensions = d;
        return this;
    }

    public TwoClassToy shift(double shift) {
        if (!(shift > 0)) throw new HepmlException("shift must be positive, got " + shift + ".");
        this.shift = shift;
        return this;
    }

    public TwoClassToy seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The exact posterior probability of class 1. */
    public double probability(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return 1 / (1 + Math.exp(-shift * s));
    }

    /** The exact log-likelihood ratio log p(x | class 1) / p(x | class 0) = shift * sum_j x_j. */
    public double logRatio(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return shift * s;
    }

    public Dataset generate(String name, int n) {
        if (n <= 0) throw new HepmlException("The number of events must be positive, got " + n + ".");
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[dimensions][n];
        double[] y = new double[n], p = new double[n], row = new double[dimensions];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2; // equal priors, exactly
            double centre = (y[i] == 1 ? 0.5 : -0.5) * shift;
            for (int j = 0; j < dimensions; j++) {
                row[j] = centre + rng.nextGaussian();
                x[j][i] = row[j];
            }
            p[i] = probability(row);
        }
        Dataset.Builder b = Dataset.builder(name);
        for (int j = 0; j < dimensions; j++) b.column("x." + (j + 1), x[j]);
        return b.column("y", y).column("truth.p", p).meta("simulator", "two-class").meta("shift", shift).meta("seed", seed).build();
    }
}
