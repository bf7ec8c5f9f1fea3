package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.sim.GaussianToy;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulator for neural posterior estimation: a sample of N events at a parameter point, reduced to a fixed vector
 * of summary statistics s(x) that the posterior flow q(theta | s) is conditioned on; with the exact posterior where
 * the simulator has one.
 */
public interface SummarySimulator {
    /** The simulator's name as the magics spell it. */
    String name();

    /** The parameter, e.g. {@code mu}. */
    String parameter();

    /** The observable the events carry, e.g. {@code x.reco}. */
    String observable();

    /** The names of the summary statistics, in the order of {@link #summarise}. */
    List<String> summaries();

    /** {@code n} values of the observable simulated at {@code theta}. */
    double[] simulate(double theta, int n, SplittableRandom rng);

    /** The summary statistics of a sample of the observable. */
    double[] summarise(double[] x);

    /** The exact posterior of the parameter given the sample {@code x} under {@code prior}; null when unknown. */
    ExactPosterior exactPosterior(double[] x, PosteriorPrior prior);

    /** The simulators by name: {@code gaussian}. */
    static SummarySimulator named(String name) {
        if ("gaussian".equals(name)) return new GaussianMean();
        throw new HepmlException("--simulator takes gaussian (the Gaussian toy's mean mu, with an exact posterior); got '" + name + "'.");
    }

    /**
     * The Gaussian toy at detector level ({@link GaussianToy} with its defaults: sigma 1, smearing 0.5), the parameter
     * its mean mu: x.reco ~ N(mu, s), s = sqrt(1 + 0.25). The sample mean is sufficient for mu; the summaries are the
     * mean, the standard deviation and the fraction of events above 0 (the last two carry no information on mu
     * beyond the mean: the flow must learn to ignore their noise).
     */
    class GaussianMean implements SummarySimulator {
        private final double s = new GaussianToy().recoSigma();

        @Override
        public String name() {
            return "gaussian";
        }

        @Override
        public String parameter() {
            return "mu";
        }

        @Override
        public String observable() {
            return "x.reco";
        }

        @Override
        public List<String> summaries() {
            return List.of("mean", "std", "fraction above 0");
        }

        /** The width of x.reco. */
        public double width() {
            return s;
        }

        @Override
        public double[] simulate(double theta, int n, SplittableRandom rng) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = theta + s * rng.nextGaussian();
            return x;
        }

        @Override
        public double[] summarise(double[] x) {
            double mean = 0, above = 0;
            for (double v : x) {
                mean += v;
                if (v > 0) above++;
            }
            mean /= x.length;
            double ss = 0;
            for (double v : x) ss += (v - mean) * (v - mean);
            return new double[]{mean, Math.sqrt(ss / Math.max(1, x.length - 1)), above / x.length};
        }

        @Override
        public ExactPosterior exactPosterior(double[] x, PosteriorPrior prior) {
            double mean = 0;
            for (double v : x) mean += v;
            return ExactPosterior.gaussianMean(mean / x.length, x.length, s, prior);
        }
    }
}
