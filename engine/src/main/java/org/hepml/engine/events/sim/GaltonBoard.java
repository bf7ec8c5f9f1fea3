package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The generalised Galton board of the "mining gold" paper (Brehmer, Louppe, Pavez, Cranmer, PNAS 117
 * (2020) 5242), with the slope of its public example code: 20 rows, 31 nail positions, the ball starts at
 * position 15. At row l and position p it goes left with probability
 * P_left = (1 - f)/2 + f sigmoid(10 theta n), f = sin(pi l / 19), n = 2p/30 - 1,
 * so theta pushes the ball towards the centre (theta > 0) or the walls (theta < 0) in the middle rows.
 * Even rows: left stays at p, right moves to p + 1; odd rows: left moves to p - 1, right stays.
 * The observable is the final position; the latent path is the 20 left/right decisions.
 * Exact p(x | theta) and its theta-derivative come from forward dynamic programming over the rows.
 */
public final class GaltonBoard implements TractableSimulator {
    public static final int ROWS = 20;
    public static final int POSITIONS = 31;
    public static final int START = 15;
    static final double SLOPE = 10;

    /** Exact distributions are cached per theta: a likelihood scan evaluates the same grid for every event. */
    private final ConcurrentHashMap<Double, double[][]> exact = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "galton";
    }

    @Override
    public List<String> parameters() {
        return List.of("theta");
    }

    @Override
    public String observable() {
        return "x.position";
    }

    @Override
    public void checkTheta(double[] theta) {
        if (theta.length != 1 || !Double.isFinite(theta[0]) || Math.abs(theta[0]) > 10) {
            throw new HepmlException("The Galton board has one parameter theta, a number in [-10, 10]; got "
                    + Arrays.toString(theta) + ".");
        }
    }

    static double pLeft(int row, int pos, double theta) {
        double f = Math.sin(Math.PI * row / 19.0);
        double n = 2.0 * pos / 30.0 - 1.0;
        return (1 - f) / 2 + f * sigmoid(SLOPE * theta * n);
    }

    /** dP_left / dtheta = f s (1 - s) 10 n. */
    static double pLeftDerivative(int row, int pos, double theta) {
        double f = Math.sin(Math.PI * row / 19.0);
        double n = 2.0 * pos / 30.0 - 1.0;
        double s = sigmoid(SLOPE * theta * n);
        return f * s * (1 - s) * SLOPE * n;
    }

    static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    static int next(int row, int pos, boolean left) {
        if (row % 2 == 0) return left ? pos : pos + 1;
        return left ? pos - 1 : pos;
    }

    @Override
    public Path sample(double[] theta, RandomGenerator rng) {
        int pos = START;
        long steps = 0; // bit l set = went left at row l
        for (int row = 0; row < ROWS; row++) {
            boolean left = rng.nextDouble() < pLeft(row, pos, theta[0]);
            if (left) steps |= 1L << row;
            pos = next(row, pos, left);
        }
        return new Path(pos, steps, 0);
    }

    @Override
    public double jointLogLikelihood(Path event, double[] theta) {
        double logp = 0;
        int pos = START;
        for (int row = 0; row < ROWS; row++) {
            boolean left = (event.steps() >> row & 1) == 1;
            double p = pLeft(row, pos, theta[0]);
            logp += Math.log(left ? p : 1 - p);
            pos = next(row, pos, left);
        }
        return logp;
    }

    @Override
    public double[] jointScore(Path event, double[] theta) {
        double t = 0;
        int pos = START;
        for (int row = 0; row < ROWS; row++) {
            boolean left = (event.steps() >> row & 1) == 1;
            double p = pLeft(row, pos, theta[0]);
            double dp = pLeftDerivative(row, pos, theta[0]);
            t += left ? dp / p : -dp / (1 - p);
            pos = next(row, pos, left);
        }
        return new double[]{t};
    }

    /** {p(x|theta), dp(x|theta)/dtheta} for every final position, by forward dynamic programming. */
    double[][] distribution(double theta) {
        return exact.computeIfAbsent(theta, th -> {
            if (exact.size() > 10_000) exact.clear();
            double[] p = new double[POSITIONS], dp = new double[POSITIONS];
            p[START] = 1;
            for (int row = 0; row < ROWS; row++) {
                double[] q = new double[POSITIONS], dq = new double[POSITIONS];
                for (int pos = 0; pos < POSITIONS; pos++) {
                    if (p[pos] == 0 && dp[pos] == 0) continue;
                    double l = pLeft(row, pos, th), dl = pLeftDerivative(row, pos, th);
                    int left = next(row, pos, true), right = next(row, pos, false);
                    q[left] += p[pos] * l;
                    dq[left] += dp[pos] * l + p[pos] * dl;
                    q[right] += p[pos] * (1 - l);
                    dq[right] += dp[pos] * (1 - l) - p[pos] * dl;
                }
                p = q;
                dp = dq;
            }
            return new double[][]{p, dp};
        });
    }

    /** The exact distribution of the final position at theta. */
    public double[] probabilities(double theta) {
        return distribution(theta)[0].clone();
    }

    private static int position(double x) {
        int pos = (int) Math.round(x);
        if (pos != x || pos < 0 || pos >= POSITIONS) {
            throw new HepmlException("A Galton board position is an integer in [0, 30]; got " + x + ".");
        }
        return pos;
    }

    @Override
    public double logLikelihood(double x, double[] theta) {
        return Math.log(distribution(theta[0])[0][position(x)]);
    }

    @Override
    public double[] score(double x, double[] theta) {
        double[][] d = distribution(theta[0]);
        int pos = position(x);
        return new double[]{d[1][pos] / d[0][pos]};
    }

    @Override
    public double[][] fisherInformation(double[] theta) {
        double[][] d = distribution(theta[0]);
        double info = 0;
        for (int x = 0; x < POSITIONS; x++) {
            if (d[0][x] > 0) info += d[1][x] * d[1][x] / d[0][x];
        }
        return new double[][]{{info}};
    }
}
