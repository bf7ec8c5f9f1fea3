package org.hepml.engine.unfold;

import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The uncertainty an unfolding reports, against the spread it actually has over independent pseudo-data sets and
 * against the truth when data and simulation differ in efficiency and fakes. The full-size neural comparison is
 * bench/unfolding-uncertainty.
 */
class UnfoldingUncertaintyTest {

    static UnfoldingValidation gaussianToy(int events, UnfoldingValidation.Setup setup) {
        Dataset sim = new GaussianToy().mu(0).sigma(1).seed(1).generate("sim", events);
        return new UnfoldingValidation().simulation(sim, List.of("x.gen"), List.of("x.reco"))
                .pseudoData(k -> new GaussianToy().mu(0.2).sigma(0.8).seed(500 + k).generate("data" + k, poisson(events, 500 + k)))
                .setup(setup).observable("x.gen", 8, -1.6, 1.6);
    }

    /** A measurement's number of events, Poisson about n (the bootstrap's Poisson weights let the total vary too). */
    static int poisson(int n, long seed) {
        return new org.apache.commons.math3.distribution.PoissonDistribution(new org.apache.commons.math3.random.Well19937c(seed), n,
                org.apache.commons.math3.distribution.PoissonDistribution.DEFAULT_EPSILON,
                org.apache.commons.math3.distribution.PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    /**
     * The replica machinery (Poisson weights on the data, replica weight columns, moments and bins drawn from them)
     * with histogram reweighters, where an unfolding is exact binned IBU and has no training noise. K = 60 data sets
     * of 10,000 events, B = 20 replicas each: the actual standard deviation over the sets has relative error
     * 1/sqrt(2 (K-1)) = 0.092, the rms bootstrap error about 0.02 (from the scatter of the per-set variances), so the
     * ratio bootstrap / actual has a standard error of about 0.095. The binned bootstrap is known to be slightly low
     * for the mean (measured 0.93 +- 0.05 at K = 200 and 0.88 +- 0.06 at K = 100: an event in a nearly empty tail bin
     * moves the unfolded mean, and a Poisson bootstrap never puts one where the data has none), so we accept
     * |ratio - 1| < 3 standard errors + 0.1 (false alarm below 1% per quantity with a true ratio of 0.9). A
     * bootstrap wrong by a factor 2 (ratio 0.5 or 2) is 4 or more standard errors beyond that. For the eight bins,
     * which are correlated, the check is on the summed variances, whose ratio is at least as precise as one bin's.
     */
    @Test
    void binnedBootstrapErrorMatchesTheSpreadOverIndependentDataSets() {
        HistogramReweighter binned = new HistogramReweighter(40, -4, 4);
        UnfoldingValidation.Result r = gaussianToy(10_000, (set, replica) -> new OmniFold().iterations(5).reweighters(binned, binned))
                .replicas(20, 0, 3).run(60);
        for (String q : List.of("mean", "width")) {
            UnfoldingValidation.Comparison c = r.comparison(q);
            System.out.println(c);
            assertThat(Math.abs(c.ratio() - 1)).as(q + ": " + c).isLessThan(3 * c.ratioError() + 0.1);
        }
        double actual2 = 0, boot2 = 0, bootPrecision = 0;
        for (UnfoldingValidation.Comparison c : r.comparisons()) {
            if (!c.quantity().startsWith("bin")) continue;
            actual2 += c.actual() * c.actual();
            boot2 += c.bootstrap() * c.bootstrap();
            bootPrecision = Math.max(bootPrecision, c.bootstrapPrecision());
        }
        double ratio = Math.sqrt(boot2 / actual2), error = ratio * Math.hypot(1 / Math.sqrt(2.0 * 59), bootPrecision);
        System.out.printf("bins: bootstrap / actual %.3f +- %.3f%n", ratio, error);
        assertThat(Math.abs(ratio - 1)).isLessThan(3 * error + 0.1);
    }

    /**
     * The neural unfolding's bootstrap against its actual spread, at a cheap size: K = 12 data sets of 2,000 events,
     * 3 iterations, B = 3 replicas per set, a 16x16 network for 8 epochs. Mean and width of a
     * Gaussian are independent, so their variance ratios pool into one with 2 (K - 1) = 22 degrees of freedom for
     * the actual spread (relative error of the sd ratio 1/sqrt(2 * 22) = 0.15) and 2 K (B - 1) = 48 for the
     * bootstrap (0.10): standard error of the pooled ratio about 0.18. We accept [0.5, 1.6], -2.8 and +3.3 standard
     * errors (false alarm below 1%); a bootstrap that is half the actual spread or twice it fails.
     */
    @Test
    void neuralBootstrapErrorMatchesTheSpreadOverIndependentDataSets() {
        UnfoldingValidation.Result r = gaussianToy(2_000, (set, replica) -> {
            long s = 100L * set + 10L * replica;
            return new OmniFold().iterations(3).reweighters(classifier(s), classifier(s + 1));
        }).replicas(3, 0, 5).run(12);
        double pooledVariance = 0;
        for (String q : List.of("mean", "width")) {
            UnfoldingValidation.Comparison c = r.comparison(q);
            System.out.println(c);
            pooledVariance += c.ratio() * c.ratio() / 2;
        }
        double pooled = Math.sqrt(pooledVariance);
        System.out.printf("pooled bootstrap / actual %.2f%n", pooled);
        assertThat(pooled).isBetween(0.5, 1.6);
    }

    static ClassifierReweighter classifier(long seed) {
        return new ClassifierReweighter(TrainingSettings.UNFOLDING.withHidden(16, 16).withEpochs(8).withBatchSize(400).withLearningRate(5e-3).withSeed(seed));
    }

    /**
     * One detector for data and simulation: an efficiency that turns on with the generator-level value,
     * 0.9 / (1 + exp(-(x + 1.5) / 0.5)), and fakes at 10% of the produced events with x.reco ~ N(1, 0.7). Nature
     * N(0.2, 0.8) passes at 83%, the simulation N(0, 1) at 78%, so the two differ in efficiency and in the fraction of
     * fakes among selected events (10.8% against 11.3%), and the data set (15,000 produced events) is smaller than the
     * simulation (40,000), whose weights are normalised to the data's selected events as an analysis does without a
     * luminosity: the prior then predicts 15,800 produced events, 5 standard errors off. Binned OmniFold (exact IBU
     * with the efficiency correction, 10 iterations) must recover the data's truth: the number of produced events,
     * the mean and the width, each within 3 standard errors, the error being the bootstrap one (40 replicas; 11%
     * precision) with the simulation's statistical error added, which scales like the data's by sqrt(15,000 /
     * 40,000). Measured over five seeds: sum - truth +44 on average against an error of 150.
     */
    @Test
    void lostEventsAndFakesRecoverTheTruthWhenDataAndSimulationDifferInEfficiency() {
        DifferentEfficiency toy = new DifferentEfficiency(40_000, 15_000);
        HistogramReweighter binned = new HistogramReweighter(40, -4, 4);
        toy.check(k -> new OmniFold().iterations(10).fakes(OmniFold.Fakes.SCALE).reweighters(binned, binned), 40, 3, new double[1][]);
    }

    /**
     * The same detector with half the events (20,000 simulated, 8,000 produced in the data) unfolded with neural classifiers (5 iterations; the averages for lost events are
     * learned by a third classifier), one run without replicas: its error is taken from the binned unfolding's
     * bootstrap on the same data (40 replicas, with the simulation's share), which the neural unfolding's spread
     * matches (the tests above; the classifier-training part is a few percent of it). Bound 3.5 standard errors (the bootstrap error itself known to 11%).
     */
    @Test
    void neuralUnfoldingRecoversTheTruthWhenDataAndSimulationDifferInEfficiency() {
        DifferentEfficiency toy = new DifferentEfficiency(20_000, 8_000);
        HistogramReweighter binned = new HistogramReweighter(40, -4, 4);
        double[][] errors = new double[1][];
        toy.check(k -> new OmniFold().iterations(10).fakes(OmniFold.Fakes.SCALE).reweighters(binned, binned), 40, 3, errors);
        ClassifierReweighter step1 = new ClassifierReweighter(TrainingSettings.UNFOLDING.withHidden(32, 32).withEpochs(10).withBatchSize(1000).withLearningRate(5e-3).withSeed(41));
        ClassifierReweighter step2 = new ClassifierReweighter(TrainingSettings.UNFOLDING.withHidden(32, 32).withEpochs(10).withBatchSize(1000).withLearningRate(5e-3).withSeed(42));
        toy.compare(Unfolding.omnifold(new OmniFold().iterations(5).fakes(OmniFold.Fakes.SCALE).reweighters(step1, step2), toy.sim,
                List.of("x.gen"), List.of("x.reco"), toy.data, List.of("x.reco"), "neural"), errors[0], 3.5);
    }

    /** Data and simulation through one detector that passes them at different rates (see the test above). */
    static final class DifferentEfficiency {
        final Dataset sim;
        final Dataset data;
        final int nSim;
        final int nData;

        DifferentEfficiency(int nSim, int nData) {
            this.nSim = nSim;
            this.nData = nData;
            GaussianToy detector = new GaussianToy().turnOn(-1.5, 0.5).efficiency(0.9).fakes(0.1, 1.0, 0.7);
            Dataset raw = detector.mu(0).sigma(1).seed(31).generate("sim", nSim);
            data = detector.mu(0.2).sigma(0.8).seed(32).generate("data", nData);
            long simSelected = Arrays.stream(raw.column("x.reco")).filter(v -> !Double.isNaN(v)).count();
            long dataSelected = Arrays.stream(data.column("x.reco")).filter(v -> !Double.isNaN(v)).count();
            double[] w = new double[raw.size()];
            Arrays.fill(w, (double) dataSelected / simSelected); // normalised to the data's selected events
            sim = Dataset.builder("sim").column("x.gen", raw.column("x.gen")).column("x.reco", raw.column("x.reco")).column("weight", w).build();
        }

        /** Unfolds with bootstrap replicas; checks produced events, mean and width within {@code bound} errors. */
        void check(java.util.function.IntFunction<OmniFold> setup, int replicas, double bound, double[][] errorsOut) {
            Dataset u = Unfolding.omnifold(setup, sim, List.of("x.gen"), List.of("x.reco"), data, List.of("x.reco"), "u",
                    new Unfolding.Replicas(replicas, 0, 9));
            double[][] m = UnfoldedSpectrum.moments(u, "x.gen");
            double[] sd = new double[3];
            for (int q = 0; q < 3; q++) {
                double[] v = new double[m.length - 1];
                for (int b = 1; b < m.length; b++) v[b - 1] = m[b][q];
                // the simulation's statistical error scales like the data's, by sqrt(nData / nSim)
                sd[q] = UnfoldingValidation.sd(v) * Math.sqrt(1 + (double) nData / nSim);
            }
            double priorSum = Arrays.stream(u.column("weight.prior")).sum();
            System.out.printf("prior: %.0f produced events (truth %d)%n", priorSum, nData);
            assertThat(Math.abs(priorSum - nData)).as("the prior must fail the same check").isGreaterThan(bound * sd[2]);
            compare(u, sd, bound);
            errorsOut[0] = sd;
        }

        void compare(Dataset u, double[] sd, double bound) {
            double[] m = UnfoldedSpectrum.meanStdSum(u.column("x.gen"), u.column("weight"));
            double[] truth = UnfoldingValidation.momentsOf(data.column("x.gen"), data.weights());
            System.out.printf("%s: produced events %.0f +- %.0f (truth %d); mean %.4f +- %.4f (truth %.4f); width %.4f +- %.4f (truth %.4f)%n",
                    u.name(), m[2], sd[2], nData, m[0], sd[0], truth[0], m[1], sd[1], truth[1]);
            assertThat(Math.abs(m[2] - nData)).as("produced events").isLessThan(bound * sd[2]);
            assertThat(Math.abs(m[0] - truth[0])).as("mean").isLessThan(bound * sd[0]);
            assertThat(Math.abs(m[1] - truth[1])).as("width").isLessThan(bound * sd[1]);
        }
    }
}
