package org.hepml.engine.bayes;

import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.RegressionToy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * BNN regression against a toy with known mean and noise, sigma(x) = 0.1 (1 + |x|) on x ~ U(-2, 2)
 * (docs/REFERENCE.md section 5, "Checks"). One hidden layer of 24 keeps the epistemic part small where data are
 * dense (see {@link BnnOptions}), so the learned noise can be compared with the truth.
 */
class BnnRegressionTest {
    static final RegressionToy TOY = new RegressionToy().noise(0.1).heteroscedastic(true);

    static BnnOptions options() {
        return BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(24).withEpochs(80).withBatchSize(512).withLearningRate(1e-2, 1e-3).withSeed(1)).withSamples(50);
    }

    @Test
    void pullsCoverageAndAleatoricNoiseOnAHeteroscedasticToy() {
        Dataset train = TOY.seed(1).generate("train", 8000);
        Dataset test = new RegressionToy().noise(0.1).heteroscedastic(true).seed(2).generate("test", 20000);
        try (BnnRegressor bnn = BnnRegressor.train(train, "y", options())) {
            RegressionPrediction p = bnn.predict(test);
            double[] ms = Calibration.meanAndStd(p.pulls());
            double c68 = p.coverage(0.6827), c95 = p.coverage(0.9545);
            System.out.printf("pulls %.3f +- %.3f, coverage %.3f / %.3f%n", ms[0], ms[1], c68, c95);
            // 20000 test events: the statistical error of the pull mean is 0.007 and of the width 0.005, so the
            // acceptance windows (+-0.1 in mean, [0.9, 1.1] in width) measure the modelling, not the sample
            assertThat(ms[0]).isCloseTo(0, within(0.1));
            assertThat(ms[1]).isBetween(0.9, 1.1);
            // binomial error of a coverage over 20000 events is below 0.004; +-5 points is the acceptance
            assertThat(c68).isCloseTo(0.6827, within(0.05));
            assertThat(c95).isCloseTo(0.9545, within(0.05));
            // aleatoric part against the true noise where data are dense: bins of 0.5 in x inside [-1.5, 1.5]
            // (about 2500 test events each, 1000 training events each); 10% is the acceptance
            double[] x = p.input(0), truth = test.column("truth.sigma");
            for (double lo = -1.5; lo < 1.49; lo += 0.5) {
                double learned = RegressionPrediction.average(p.aleatoric(), x, lo, lo + 0.5);
                double exact = RegressionPrediction.average(truth, x, lo, lo + 0.5);
                System.out.printf("aleatoric in [%.1f, %.1f]: %.4f, true %.4f (%.1f%%)%n", lo, lo + 0.5, learned, exact, 100 * (learned / exact - 1));
                assertThat(learned / exact).as("bin at %.1f", lo).isCloseTo(1, within(0.10));
            }
        }
    }

    /**
     * The epistemic sigma against the truth. One training gives one realisation of a smooth, correlated error curve
     * mu_pred(x) - f(x), so K = 6 networks are trained on independent samples (independent data and network seeds) of
     * the homoscedastic toy (sigma = 0.2, 2000 events, x in [-2, 2]) and the pulls (mu_pred - f) / sigma_epi at 15 points
     * of |x| <= 1.75 are pooled. Each training gives one mean pull^2 over its points (the points of one training are
     * correlated, the trainings are not), and the standard error of the pooled rms comes from the spread of these K numbers.
     * <p>Bound: |rms - 1| <= 0.2 + 3 se, with se required below 0.12 so the test can resolve a factor 1.5. The 3 se is the
     * statistical part (false alarm ~0.3%); the 0.2 is the stated modelling tolerance of the mean-field posterior, which
     * once converged is conservative inside the data (rms 0.81 +- 0.03 over 8 trainings in bench/results/bnn-uncertainty.json: sigma_epi
     * over-estimates the spread of mu_pred where the function is simple, the small residual bias is where it bends).
     * An under-trained network (700 optimizer steps, the old default for 2000 events) has rms pull ~1.5 from its bias and
     * fails. ~3500 optimizer steps per training: the means converge in steps, not epochs.
     * <p>Outside the data (|x| = 3-3.5) sigma_epi must grow (the rms over trainings by more than 1.3 times its value inside;
     * measured 1.45 over 8 trainings in the bench, and it varies little between trainings), but it does not cover the truth there: the sine turns at
     * x = 2.36 and no network that only saw [-2, 2] can know it (notebook 05 says so; the pulls out there are printed).
     */
    @Test
    void epistemicSigmaIsTheActualErrorOfTheMeanInsideTheData() {
        double[] x = new double[29];
        for (int i = 0; i < x.length; i++) x[i] = -3.5 + 0.25 * i;
        RegressionToy toy = new RegressionToy().noise(0.2).seed(500);
        BnnOptions o = BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(24).withBatchSize(256).withEpochs(500).withSeed(7)).withSamples(50);
        EpistemicCheck.Result r = EpistemicCheck.run(toy, 2000, 6, o, x);
        System.out.print(r.table());
        double[] inside = r.pooledRmsPull(0, 1.75, true), far = r.pooledRmsPull(3, 3.5, true);
        System.out.printf("pooled rms pull |x| <= 1.75: %.3f +- %.3f (68%% coverage of the truth %.2f); |x| in [3, 3.5]: %.1f +- %.1f%n",
                inside[0], inside[1], r.coverage(0, 1.75, true, 0.6827), far[0], far[1]);
        assertThat(inside[1]).as("standard error of the pooled rms pull").isLessThan(0.12);
        assertThat(Math.abs(inside[0] - 1)).as("rms pull %.3f +- %.3f", inside[0], inside[1]).isLessThanOrEqualTo(0.2 + 3 * inside[1]);
        double in2 = 0, out2 = 0;
        int nin = 0, nout = 0;
        for (int i = 0; i < x.length; i++) {
            double e = r.meanEpistemic(i);
            if (Math.abs(x[i]) <= 1.75) {
                in2 += e * e;
                nin++;
            } else if (Math.abs(x[i]) >= 3) {
                out2 += e * e;
                nout++;
            }
        }
        double growth = Math.sqrt(out2 / nout) / Math.sqrt(in2 / nin);
        System.out.printf("sigma_epi at |x| in [3, 3.5] / inside: %.2f%n", growth);
        assertThat(growth).isGreaterThan(1.3);
    }

    /**
     * sigma_epi against the training size: 3 trainings at each of 500, 2000 and 8000 events (independent data and seeds,
     * about 3000 optimizer steps each, so the sizes differ in data, not in training time), the rms of sigma_epi over
     * |x| <= 1.5 fitted as a power of N. A regular model gives N^-1/2. The error of the slope comes from the scatter of
     * log sigma_epi between trainings, pooled over the sizes: 3 x 2 = 6 degrees of freedom, so the statistical part of the
     * bound is 4 standard errors (Student's t with 6 dof: two-sided false alarm ~0.7%); the 0.1 is the stated tolerance
     * of the mean-field posterior (the number of weights the data constrain grows slowly with N). The standard error is
     * required below 0.1 so that a slope of -0.25 (sigma_epi falling like N^-1/4) fails.
     */
    @Test
    void epistemicFallsLikeOneOverRootN() {
        double[] x = new double[13];
        for (int i = 0; i < x.length; i++) x[i] = -1.5 + 0.25 * i;
        BnnOptions o = BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(24).withBatchSize(256).withSeed(11)).withSamples(50);
        EpistemicCheck.Scaling s = EpistemicCheck.scaling(new RegressionToy().noise(0.2).seed(900), new int[]{500, 2000, 8000}, 3, o, 3000, x);
        System.out.println(s);
        assertThat(s.slopeError()).isLessThan(0.1);
        assertThat(Math.abs(s.slope() + 0.5)).as("slope %.3f +- %.3f", s.slope(), s.slopeError()).isLessThanOrEqualTo(0.1 + 4 * s.slopeError());
    }

    static double[][] grid(double lo, double hi, int n) {
        double[][] g = new double[n][1];
        for (int i = 0; i < n; i++) g[i][0] = lo + (hi - lo) * i / (n - 1);
        return g;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** A saved and loaded regression predicts exactly as the original (same posterior, same draws); a wrong kind is refused. */
    @Test
    void savedAndLoadedPredictsTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Dataset train = TOY.seed(5).generate("train", 2000);
        Dataset test = new RegressionToy().noise(0.1).heteroscedastic(true).seed(6).generate("test", 500);
        try (BnnRegressor bnn = BnnRegressor.train(train, "y", options().training(t -> t.withEpochs(3)))) {
            java.nio.file.Path file = bnn.save(dir.resolve("reg.hepml"));
            RegressionPrediction before = bnn.predict(test);
            try (BnnRegressor loaded = BnnRegressor.load(file)) {
                RegressionPrediction after = loaded.predict(test);
                assertThat(after.mean()).containsExactly(before.mean());
                assertThat(after.aleatoric()).containsExactly(before.aleatoric());
                assertThat(after.epistemic()).containsExactly(before.epistemic());
                assertThat(loaded.toString()).contains("loaded from a file");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BnnClassifier.load(file))
                    .hasMessageContaining("reg.hepml").hasMessageContaining("not a Bayesian classifier");
        }
    }

    /**
     * The history of a Bayesian network shows its two loss terms, the negative log-likelihood and KL/N, and per
     * epoch the total is their sum (to float rounding over the batches, relative 1e-5). The validation KL/N is
     * computed with the epoch's final posterior, so at the kept epoch it is the restored network's KL divided by
     * the 1,600 training events (2,000 less the default validation fifth), to float rounding.
     */
    @Test
    void theHistoryShowsTheLikelihoodAndTheKlTermApart() {
        Dataset train = TOY.seed(8).generate("train", 2000);
        try (BnnRegressor bnn = BnnRegressor.train(train, "y", options().training(t -> t.withEpochs(3)))) {
            org.hepml.engine.nn.TrainingHistory h = bnn.history();
            assertThat(h.termNames()).containsExactly(Elbo.NEGATIVE_LOG_LIKELIHOOD, Elbo.KL_PER_EVENT);
            var nll = h.term(Elbo.NEGATIVE_LOG_LIKELIHOOD);
            var kl = h.term(Elbo.KL_PER_EVENT);
            for (int e = 0; e < h.epochs(); e++) {
                assertThat(kl.train().get(e)).isFinite().isPositive();
                assertThat(kl.validation().get(e)).isFinite().isPositive();
                double trainSum = nll.train().get(e) + kl.train().get(e), valSum = nll.validation().get(e) + kl.validation().get(e);
                assertThat(h.trainLoss().get(e)).isCloseTo(trainSum, within(1e-5 * Math.max(1, Math.abs(trainSum))));
                assertThat(h.validationLoss().get(e)).isCloseTo(valSum, within(1e-5 * Math.max(1, Math.abs(valSum))));
            }
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                double klNow = bnn.network().kl(m).getFloat() / 1600.0;
                assertThat(kl.validation().get(h.bestEpoch() - 1)).isCloseTo(klNow, within(1e-5 * klNow));
            }
        }
    }
}
