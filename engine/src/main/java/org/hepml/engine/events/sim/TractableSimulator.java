package org.hepml.engine.events.sim;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A simulator whose likelihood is known, used to validate every learned estimate against the truth.
 * Simulation follows a latent path z (nails passed, true angle) with p(x, z | theta) = p(x | z) prod_i
 * p(z_i | z_<i, theta); the joint quantities along the path are exact by construction, and p(x | theta)
 * itself is computed exactly (dynamic programming, closed-form integration) for validation.
 * Conventions as in MadMiner and docs/REFERENCE.md section 2: r(x|th0,th1) = p(x|th0) / p(x|th1).
 */
public interface TractableSimulator extends java.io.Serializable { // travels with the exact likelihood to tasks elsewhere

    String name();

    /** Parameter names; datasets carry them as {@code theta.<name>} and the joint score as {@code t_xz.<name>}. */
    List<String> parameters();

    /** The observable's column name, e.g. {@code x.position}. */
    String observable();

    /** Checks a parameter point, with an error naming the parameter and its allowed range. */
    void checkTheta(double[] theta);

    /** Simulates one event at {@code theta}. */
    Path sample(double[] theta, RandomGenerator rng);

    /** log p(x, z | theta) up to terms that do not depend on theta (they cancel in every ratio and score). */
    double jointLogLikelihood(Path event, double[] theta);

    /** grad_theta log p(x, z | theta). */
    double[] jointScore(Path event, double[] theta);

    /** The exact log p(x | theta). */
    double logLikelihood(double x, double[] theta);

    /** The exact score grad_theta log p(x | theta). */
    double[] score(double x, double[] theta);

    /** Exact log r(x | th0, th1) = log p(x|th0) - log p(x|th1). */
    default double logRatio(double x, double[] theta0, double[] theta1) {
        return logLikelihood(x, theta0) - logLikelihood(x, theta1);
    }

    /** Exact expected Fisher information per event at theta, I_ij = E[t_i t_j]. */
    double[][] fisherInformation(double[] theta);

    /** An event: the observable and whatever latent record the simulator needs to evaluate joint quantities. */
    record Path(double x, long steps, double latent) {
    }
}
