package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NDE on the smeared ee -> mumu angular distribution, whose exact p(x | sin2w) is known in closed form. */
class LikelihoodEstimatorTest {
    static final ElectroweakMuonPairs EE = new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, ElectroweakMuonPairs.MZ, 0.1);
    static final TrainingSettings SETTINGS = LikelihoodEstimator.DEFAULT_SETTINGS.withPatience(0);

    /** E_{theta, x ~ p(x|theta)}[(log p_hat - log p)^2] on held-out events, theta uniform over the middle of the training range. */
    static double logDensityError(LikelihoodEstimator e, long seed) {
        Dataset test = new AugmentedSimulation(EE).theta("uniform(0.17,0.25)").seed(seed).generate("test", 4000);
        double[] x = test.column("x.cos"), th = test.column("theta.sin2w");
        double[][] xs = new double[x.length][1], cs = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            xs[i][0] = x[i];
            cs[i][0] = th[i];
        }
        double[] lp = e.flow().logDensity(xs, cs);
        double mse = 0;
        for (int i = 0; i < x.length; i++) mse += Math.pow(lp[i] - EE.logLikelihood(x[i], new double[]{th[i]}), 2) / x.length;
        return mse;
    }

    /**
     * NDE from 20,000 events (sin2w ~ U(0.15, 0.27), smearing 0.1, the default 30 epochs):
     * <ul>
     * <li>log-density error E[(log p_hat - log p)^2] < 0.02 on 4,000 held-out events. Probe runs at this size gave
     *     0.004-0.008 (15 epochs; the mean of a squared error of ~4,000 events has a relative sampling error of a few %),
     *     so the bound is 2.5x the worst seen.</li>
     * <li>the scan's asymptotic bias, measured on the exact density (no sampling noise), is printed, not asserted
     *     (coverage: {@link #ndeScanCoversTheTruth}). Before flow training was made reproducible it varied from
     *     +0.51 to -1.26 sigma of 500 events between runs with these seeds.</li>
     * <li>generation: 4,000 events sampled at 0.23 against the exact density in 20 bins of equal exact probability:
     *     Pearson chi2 (19 dof) below 43.8, its 0.1% tail -- the flow's density error must be below the sampling
     *     resolution at this size.</li>
     * </ul>
     * This flow's (3 x 16 bins, 20,000 events) scan does not cover: its per-event score is too noisy; the coverage
     * test trains the flow that does ({@link #ndeScanCoversTheTruth}, docs/FLOWS.md).
     */
    @Test
    void ndeLearnsTheExactDensityAndGeneratesFromIt() {
        Dataset train = new AugmentedSimulation(EE).theta("uniform(0.15,0.27)").augment(true).seed(1).generate("train", 20_000);
        try (LikelihoodEstimator nde = LikelihoodEstimator.train(train, LikelihoodMethod.NDE, 0, SETTINGS, FlowShape.DEFAULT)) {
            double err = logDensityError(nde, 2);
            assertThat(err).as("E[(log p_hat - log p)^2]").isLessThan(0.02);
            double truth = 0.20;
            int events = 500;
            double[] grid = LikelihoodScan.grid(0.16, 0.24, 41);
            double sigma = 1 / Math.sqrt(events * EE.fisherInformation(new double[]{truth})[0][0]);
            double bias = RatioEstimatorTest.asymptoticMle(nde, EE, truth, grid) - truth;
            System.err.printf("NDE: log p error %.5f, asymptotic bias %.2f sigma%n", err, bias / sigma);
            double[] sample = nde.generate("gen", 4000, new double[]{0.23}, 9).column("x.cos");
            double chi2 = chi2AgainstExact(sample, 0.23, 20);
            System.err.printf("NDE generation chi2 %.1f (19 dof)%n", chi2);
            assertThat(chi2).isLessThan(43.8);

        }
    }

    /**
     * The NDE scan covers the truth at the nominal rate (issue 17): K = 200 pseudo-experiments of 1,000 events at
     * sin2w = 0.20 (sigma = 0.0072) on the grid 0.15-0.27, checked with {@link RatioEstimatorTest#assertCoverage}
     * against the 0.1% binomial range around the NOMINAL rates 68.3% and 95% (bias 0; the exact density checked the
     * same way). The estimator follows the training-size rule of {@link ScanResult#TRAINING_PER_OBSERVED}: 240,000
     * training events (240 per observed event; the scan of one pseudo-experiment carries no caution), theta ~ U(0.13,
     * 0.31) so that the scanned grid stays out of the outer tenth of the training range, an ensemble of 3 flows (2
     * transforms x 6 bins, batch 1,024, learning rate 3e-3 falling to 3e-5, 15 epochs: the ~2,640 optimizer steps of the
     * earlier 60,000-event x 60-epoch flows at the same cost; members seeded seed, seed + 1000, seed + 2000).
     * <p>
     * The asymptotic bias b (the maximum of the expected log-likelihood under the exact density, no sampling noise) is
     * bounded by {@value #NDE_BIAS_BOUND} sigma: over 19 single trainings (2 x 6 bins, 60k-240k events, ~2,640 steps;
     * docs/FLOWS.md, "NDE scan: bias against the training size") b at 0.20 had mean +0.12 and sd 0.17 sigma and did not
     * shrink with the training size; the bound is mean + 3.3 sd (conservative here: this setting's ensembles gave -0.09,
     * -0.07, -0.16, -0.04, +0.10 on data samples 21-25, sd 0.10, {@code NdeCoverageProbe}). With |b| below
     * it the expected coverage stays inside the nominal bands (b = 0.5: 0.625 and 0.921), so the coverage check has no
     * power against that ~0.2 sigma error itself: it checks the intervals' shape. Single flows on U(0.15, 0.27) or
     * U(0.13, 0.31) with this data sample failed it at 95% (173 and 178 of 200, 18 and 13 intervals open at the grid's
     * end 0.27, where the likelihood flattens towards the A_FB mirror; the exact density: 186, 8 open).
     */
    @Test
    void ndeScanCoversTheTruth() {
        int events = 1000;
        // the prior reaches beyond the scanned grid on both sides: a flow is least accurate at the edge of its training
        // range, and with uniform(0.15, 0.27) the 95% regions that reach for the A_FB mirror ran into it (docs/FLOWS.md)
        Dataset train = new AugmentedSimulation(EE).theta("uniform(0.13,0.31)").seed(21).generate("train", 240 * events);
        assertThat(train.size()).isGreaterThanOrEqualTo(ScanResult.TRAINING_PER_OBSERVED * events);
        TrainingSettings s = SETTINGS.withEpochs(15).withBatchSize(1024).withLearningRate(3e-3, 3e-5);
        try (LikelihoodEstimator nde = LikelihoodEstimator.train(train, LikelihoodMethod.NDE, 0, s, new FlowShape(2, 6, 3), 3)) {
            double truth = 0.20;
            double[] grid = LikelihoodScan.grid(0.15, 0.27, 61);
            double sigma = 1 / Math.sqrt(events * EE.fisherInformation(new double[]{truth})[0][0]);
            double bias = RatioEstimatorTest.asymptoticMle(nde, EE, truth, grid) - truth;
            System.err.printf("NDE (3 flows, 240k events): asymptotic bias %+.2f sigma of %d events%n", bias / sigma, events);
            assertThat(Math.abs(bias)).as("NDE asymptotic MLE off by %.2f sigma", bias / sigma).isLessThan(NDE_BIAS_BOUND * sigma);
            Dataset one = new AugmentedSimulation(EE).theta(Double.toString(truth)).seed(5).generate("obs", events);
            assertThat(LikelihoodScan.scan(nde, one, List.of(grid), "NDE").trainingSizeCaution()).isNull();
            CoverageResult r = new CoverageStudy(EE, truth).experiments(200).events(events).grid(List.of(grid))
                    .levels(RatioEstimatorTest.COVERAGE_LEVELS).seed(800).exact(true).model("NDE", nde).run();
            RatioEstimatorTest.assertCoverage(r, "exact", 0);
            RatioEstimatorTest.assertCoverage(r, "NDE", 0);
        }
    }

    /** The bound on the NDE scan's asymptotic bias in sigma: mean + 3.3 sd of 19 measured trainings (+0.12, 0.17; see above). */
    static final double NDE_BIAS_BOUND = 0.7;

    /** An ensemble answers its members' mean log p and score, generates in equal shares, and survives save and load bit for bit. */
    @Test
    void anEnsembleAveragesItsFlowsAndSavesThemAll(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Dataset train = new AugmentedSimulation(EE).theta("uniform(0.15,0.27)").seed(3).generate("train", 2000);
        TrainingSettings s = SETTINGS.withEpochs(2);
        double[][] x = {{-0.5}, {0.1}, {0.7}};
        double[] theta = {0.21};
        try (LikelihoodEstimator e = LikelihoodEstimator.train(train, LikelihoodMethod.NDE, 0, s, new FlowShape(2, 4, 3), 2)) {
            assertThat(e.members()).hasSize(2);
            double[] a = e.members().get(0).logDensity(x, theta), b = e.members().get(1).logDensity(x, theta), mean = e.logLikelihood(x, theta);
            double[][] ta = e.members().get(0).score(x, theta), tb = e.members().get(1).score(x, theta), t = e.score(x, theta);
            for (int i = 0; i < x.length; i++) {
                assertThat(a[i]).as("members trained with different seeds").isNotEqualTo(b[i]);
                assertThat(mean[i]).isCloseTo(0.5 * (a[i] + b[i]), org.assertj.core.data.Offset.offset(1e-12));
                assertThat(t[i][0]).isCloseTo(0.5 * (ta[i][0] + tb[i][0]), org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(e.generate("g", 7, theta, 1).size()).isEqualTo(7);
            try (LikelihoodEstimator back = LikelihoodEstimator.load(e.save(dir.resolve("nde.hepml")))) {
                assertThat(back.members()).hasSize(2);
                assertThat(back.logLikelihood(x, theta)).containsExactly(mean);
            }
        }
        assertThatThrownBy(() -> LikelihoodEstimator.train(train, LikelihoodMethod.NDE, 0, s, FlowShape.DEFAULT, 0))
                .isInstanceOf(HepmlException.class).hasMessageContaining("--ensemble");
    }

    /** Pearson chi2 of {@code x} in {@code bins} bins of equal exact probability (edges from the exact CDF on a fine grid). */
    static double chi2AgainstExact(double[] x, double theta, int bins) {
        int grid = 20_001;
        double lo = -1.6, hi = 1.6, h = (hi - lo) / (grid - 1);
        double[] cdf = new double[grid];
        double prev = Math.exp(EE.logLikelihood(lo, new double[]{theta}));
        for (int i = 1; i < grid; i++) {
            double p = Math.exp(EE.logLikelihood(lo + i * h, new double[]{theta}));
            cdf[i] = cdf[i - 1] + 0.5 * (p + prev) * h;
            prev = p;
        }
        int[] counts = new int[bins];
        for (double v : x) {
            double pos = (v - lo) / h;
            double u = pos <= 0 ? 0 : pos >= grid - 1 ? 1 : (cdf[(int) pos] + (pos - (int) pos) * (cdf[(int) pos + 1] - cdf[(int) pos])) / cdf[grid - 1];
            counts[Math.min(bins - 1, (int) (u * bins))]++;
        }
        double expected = (double) x.length / bins, chi2 = 0;
        for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
        return chi2;
    }

    @Test
    void ratioSamplesAndMissingScoresAreRefusedWithTheReason() {
        Dataset ratio = new AugmentedSimulation(EE).theta("uniform(0.2,0.26)").reference(0.23).seed(1).generate("ratio", 100);
        assertThatThrownBy(() -> LikelihoodEstimator.train(ratio, LikelihoodMethod.NDE, 0, SETTINGS, FlowShape.DEFAULT))
                .isInstanceOf(HepmlException.class).hasMessageContaining("without --reference");
        Dataset plain = new AugmentedSimulation(EE).theta("uniform(0.2,0.26)").seed(1).generate("plain", 100);
        assertThatThrownBy(() -> LikelihoodEstimator.train(plain, LikelihoodMethod.SCANDAL, 1, SETTINGS, FlowShape.DEFAULT))
                .isInstanceOf(HepmlException.class).hasMessageContaining("t_xz.sin2w").hasMessageContaining("--augment");
    }
}
