package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;

import java.util.SplittableRandom;

/**
 * A weighted sample with a known fraction of negative weights, as NLO generators with subtraction make them (for the
 * resampling of Nachman and Thaler, PRD 102 (2020) 076004): x1 ~ N(0, 1), x2 = 0.5 x1 + N(0, 1), and
 * x3 = x1 x2 + 0.3 N(0, 1), an observable that resampling may not see. Each event has weight -1 with probability
 * p(x1, x2) = f (sigmoid(2 x1) + sigmoid(2 x2)) and +1 otherwise; x1 and x2 are symmetric about zero, so each
 * sigmoid averages 1/2 and the negative fraction is exactly f (default 0.2). The exact local mean weight E[w | x] = 1 - 2 p(x1, x2) is kept in
 * {@code weight.expected}, the weighting that resampling should learn.
 */
public final class NegativeWeightToy {
    private double negativeFraction = 0.2;
    private long seed = 1;

    public NegativeWeightToy negativeFraction(double f) {
        if (!(f >= 0 && f < 0.5)) throw new HepmlException("The negative-weight fraction must be in [0, 0.5), got " + f + ".");
        this.negativeFraction = f;
        return this;
    }

    public NegativeWeightToy seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The probability of a negative weight at (x1, x2). */
    public double negativeProbability(double x1, double x2) {
        return negativeFraction * (sigmoid(2 * x1) + sigmoid(2 * x2));
    }

    public Dataset generate(String name, int n) {
        if (n <= 0) throw new HepmlException("The number of events must be positive, got " + n + ".");
        MemoryBudget.require(n, 5, "simulating " + n + " weighted events");
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x1 = new double[n], x2 = new double[n], x3 = new double[n], w = new double[n], expected = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = rng.nextGaussian();
            x2[i] = 0.5 * x1[i] + rng.nextGaussian();
            x3[i] = x1[i] * x2[i] + 0.3 * rng.nextGaussian();
            double p = negativeProbability(x1[i], x2[i]);
            w[i] = rng.nextDouble() < p ? -1 : 1;
            expected[i] = 1 - 2 * p;
        }
        return Dataset.builder(name).column("x.x1", x1).column("x.x2", x2).column("x.x3", x3).column("weight", w)
                .column("weight.expected", expected).meta("simulator", "negative-weights").meta("negative_fraction", negativeFraction)
                .meta("seed", seed).build();
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
