package org.hepml.engine.unfold;

import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.plot.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Unbinned OmniFold with neural classifiers, against the generator-level truth of the toys. */
class OmniFoldTest {

    static TrainingSettings settings(long seed) {
        return TrainingSettings.UNFOLDING.withHidden(32, 32).withEpochs(20).withBatchSize(1000).withLearningRate(5e-3).withSeed(seed);
    }

    static ClassifierReweighter classifier(long seed) {
        // a small network with a large batch and a brisk learning rate: 1D density ratios need little capacity,
        // and a well-converged classifier matters more than its size (measured: the mean then converges in 5 iterations)
        return new ClassifierReweighter(settings(seed));
    }

    static double std(double[] v) {
        double m = Arrays.stream(v).average().orElseThrow(), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * The paper's Gaussian toy (simulation N(0,1), nature N(0.2,0.8), smearing 0.5), 20,000 events each, five
     * iterations, six bootstrap replicas of the data. The unfolded mean and width must agree with the data's own
     * generator-level values within the bootstrap error: with six replicas, (estimate - truth) / bootstrap sd follows
     * at most a Student t with 5 degrees of freedom (the difference to the sample's own truth varies less than the
     * estimate itself), whose two-sided 99% quantile is 4.03; the width is allowed in addition the bias that exact
     * iterative unfolding still has after five iterations (closed form for Gaussians below; 0.004). That the bootstrap
     * error is the actual spread over independent data sets is checked in UnfoldingUncertaintyTest and, at full size,
     * bench/unfolding-uncertainty. The unfolded histogram's chi2/ndf against the truth must be below 2 and below those
     * of the detector-level data and of the prior (measured about 18 and 43).
     */
    @Test
    void gaussianToyUnfoldsToTheDataTruthWithinTheBootstrapUncertainty() {
        int n = 20_000;
        Dataset sim = new GaussianToy().mu(0).sigma(1).seed(1).generate("sim", n);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).seed(2).generate("data", n);
        long t0 = System.nanoTime();
        Dataset u = Unfolding.omnifold(k -> new OmniFold().iterations(5).reweighters(classifier(3 + 10L * k), classifier(4 + 10L * k)),
                sim, List.of("x.gen"), List.of("x.reco"), data, List.of("x.reco"), "u", new Unfolding.Replicas(6, 0, 7));
        double[][] m = UnfoldedSpectrum.moments(u, "x.gen");
        double[] truth = UnfoldedSpectrum.meanStdSum(data.column("x.gen"), data.weights());
        double[] means = new double[m.length - 1], widths = new double[m.length - 1];
        for (int b = 1; b < m.length; b++) {
            means[b - 1] = m[b][0];
            widths[b - 1] = m[b][1];
        }
        double sMean = std(means), sWidth = std(widths);
        System.out.printf("omnifold: mean %.4f +- %.4f, std %.4f +- %.4f (truth %.4f, %.4f) in %.1f s%n", m[0][0], sMean, m[0][1], sWidth,
                truth[0], truth[1], (System.nanoTime() - t0) / 1e9);
        assertThat(Math.abs(m[0][0] - truth[0])).isLessThan(4.03 * sMean);
        assertThat(Math.abs(m[0][1] - truth[1])).isLessThan(4.03 * sWidth + ibuWidthBias(1, 0.8, 0.5, 5));

        UnfoldedSpectrum spectrum = UnfoldedSpectrum.of(u, "x.gen", 30, -3, 3, false);
        Histogram t = Histogram.of("truth", data.column("x.gen"), null, 30, -3, 3);
        Histogram reco = Histogram.of("reco", data.column("x.reco"), null, 30, -3, 3);
        Histogram prior = Histogram.of("prior", u.column("x.gen"), u.column("weight.prior"), 30, -3, 3);
        double chiUnfolded = UnfoldingMetrics.chi2PerNdf(spectrum.counts(), spectrum.bootstrap(), t.counts(), t.errors());
        double chiReco = UnfoldingMetrics.chi2PerNdf(reco.counts(), reco.errors(), t.counts(), t.errors());
        double chiPrior = UnfoldingMetrics.chi2PerNdf(prior.counts(), prior.errors(), t.counts(), t.errors());
        System.out.printf("chi2/ndf against truth: unfolded %.2f, detector level %.2f, prior %.2f%n", chiUnfolded, chiReco, chiPrior);
        assertThat(chiUnfolded).isLessThan(2.0).isLessThan(chiReco).isLessThan(chiPrior);
    }

    /**
     * Warm start: a fit continues the previous fit's network and optimizer. Samples N(0.3, 1) against N(0, 1),
     * 10,000 each, exact log L = 0.3 x - 0.045; rms error of log L over x in [-2, 2]. With the learning rate at
     * 1e-12 the continued fit must return the first fit's ratio unchanged (a fresh network would be untrained);
     * one more epoch at the full rate must keep the error below the 0.05 asked of the first fit (measured 0.023: the
     * first fit, trained to a falling rate, reaches 0.007, and one epoch at the full rate adds the constant-rate noise;
     * restarting Adam instead gave 0.074, since its first steps move every weight by the full rate).
     */
    @Test
    void aWarmStartedClassifierContinuesFromThePreviousFit() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        int n = 10_000;
        double[][] a = new double[n][1], b = new double[n][1];
        for (int i = 0; i < n; i++) {
            a[i][0] = 0.3 + gauss(rng);
            b[i][0] = gauss(rng);
        }
        double[] w = new double[n];
        Arrays.fill(w, 1);
        double[][] grid = new double[41][1];
        for (int i = 0; i < grid.length; i++) grid[i][0] = -2 + 0.1 * i;
        ClassifierReweighter warm = classifier(5);
        try {
            double[] first = warm.fit(a, w, b, w).at(grid);
            double firstError = logError(first, grid);
            assertThat(firstError).isLessThan(0.05);
            assertThat(warm.training(settings(5).withEpochs(1).withLearningRate(1e-12)).fit(a, w, b, w).at(grid)).containsExactly(first, within(1e-6));
            double continued = logError(warm.training(settings(5).withEpochs(1).withLearningRate(5e-3)).fit(a, w, b, w).at(grid), grid);
            assertThat(continued).isLessThan(0.05);
        } finally {
            warm.forget();
        }
        ClassifierReweighter cold = new ClassifierReweighter(settings(5).withEpochs(1).withLearningRate(1e-12)).warmStart(false);
        assertThat(logError(cold.fit(a, w, b, w).at(grid), grid)).isGreaterThan(0.1);
    }

    static double gauss(java.util.SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    static double logError(double[] ratio, double[][] grid) {
        double s = 0;
        for (int i = 0; i < grid.length; i++) s += Math.pow(Math.log(ratio[i]) - (0.3 * grid[i][0] - 0.045), 2);
        return Math.sqrt(s / grid.length);
    }

    /**
     * The width exact iterative Bayesian unfolding reaches after {@code iterations} for a Gaussian prior of width
     * s0, a Gaussian truth of width s and Gaussian smearing e, minus s: each iteration's unfolded density is the
     * posterior of the previous prior averaged over the data, a Gaussian of variance k^2 (s^2 + e^2) + v e^2 / (v + e^2)
     * with v the previous variance and k = v / (v + e^2).
     */
    static double ibuWidthBias(double s0, double s, double e, int iterations) {
        double v = s0 * s0, e2 = e * e, data = s * s + e2;
        for (int i = 0; i < iterations; i++) {
            double k = v / (v + e2);
            v = k * k * data + v * e2 / (v + e2);
        }
        return Math.sqrt(v) - s;
    }
}
