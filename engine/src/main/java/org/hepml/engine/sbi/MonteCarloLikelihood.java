package org.hepml.engine.sbi;

import java.util.List;

/**
 * A likelihood estimated from a finite simulated sample (SALLY's and SALLINO's histograms), whose Monte Carlo
 * error a scan reports beside the curve.
 */
public interface MonteCarloLikelihood extends LogRatio {

    /** How many events were simulated for the estimate. */
    int simulatedEvents();

    /** A short name of the method, e.g. "sally". */
    String method();

    /**
     * The Monte Carlo standard deviation of q(theta_j) = -2 [log L(theta_j) - log L(best)] for the events {@code x}
     * with weights {@code w}, at every point {@code points.get(j)}.
     */
    double[] qErrors(double[][] x, double[] w, List<double[]> points, double[] best);

    /** The effective number of simulated events behind the estimate at theta, (sum w)^2 / sum w^2. */
    double effectiveSampleSize(double[] theta);
}
