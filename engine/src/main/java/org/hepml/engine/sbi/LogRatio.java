package org.hepml.engine.sbi;

import java.util.List;

/**
 * A (learned or exact) log likelihood ratio log r(x | theta) = log p(x | theta) - log p(x | theta1) with a
 * fixed reference theta1, evaluated for many events at once. The inference code only needs this, so a
 * trained estimator and the simulator's exact answer are used, and compared, the same way.
 */
public interface LogRatio {

    /** The parameter names, in the order of {@code theta}. */
    List<String> parameters();

    /** The observable column names the function reads, in the order of {@code x[i]}. */
    List<String> observables();

    /**
     * @param x     events, {@code x[event][observable]}
     * @param theta the parameter point
     * @return log r(x_k | theta) for every event k
     */
    double[] logRatio(double[][] x, double[] theta);

    /**
     * The parameter range the model was trained on, {@code [parameter][lower, upper]}, or null where it is valid
     * everywhere (an exact likelihood). A parametrized network is least accurate near the edges of its training
     * range (there it sees theta0 from one side only, and its log r is typically too flat), so a scan warns when
     * its 95% region reaches them: see {@link ScanResult#trainingEdgeCaution()}.
     */
    default double[][] trainingRange() {
        return null;
    }

    /**
     * The number of simulated events a learned likelihood was trained on, or 0 where that does not bound its accuracy
     * (an exact likelihood) or is not tracked. A learned theta-dependence carries the statistical error of its
     * training sample, which shifts a scan's MLE by ~sqrt(observed / training) of the scan's own sigma: see
     * {@link ScanResult#trainingSizeCaution()}.
     */
    default long trainingEvents() {
        return 0;
    }
}
