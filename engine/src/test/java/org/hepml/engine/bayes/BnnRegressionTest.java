package org.hepml.engine.bayes;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.RegressionToy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * BNN regression against a toy with known mean and noise, sigma(x) = 0.1 (1 + |x|) on x ~ U(-2, 2)
 * (REFERENCE.md section 5, "Checks"). One hidden layer of 24 keeps the epistemic part small where data are
 * dense (see {@link BnnOptions}), so the learned noise can be compared with the truth.
 */
class BnnRegressionTest {
    static final RegressionToy TOY = new RegressionToy().noise(0.1).heteroscedastic(true);

    static BnnOptions options() {
        return new BnnOptions().hidden(24).epochs(80).batchSize(512).learningRate(1e-2, 1e-3).samples(50).seed(1);
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

    @Test
    void epistemicShrinksWithDataAndGrowsAwayFromIt() {
        int[] sizes = {500, 2000, 8000};
        double[] inside = new double[sizes.length], outside = new double[sizes.length];
        double[][] centre = grid(-1.5, 1.5, 61), far = {{-3.5}, {-3}, {3}, {3.5}};
        for (int k = 0; k < sizes.length; k++) {
            Dataset train = new RegressionToy().noise(0.2).seed(10 + k).generate("train", sizes[k]);
            // about 600 optimizer steps for every size, so the sizes differ in data, not in training time
            int steps = (int) Math.ceil(0.8 * sizes[k] / 256.0);
            BnnOptions o = new BnnOptions().hidden(24).batchSize(256).epochs(Math.max(20, 600 / steps)).seed(2);
            try (BnnRegressor bnn = BnnRegressor.train(train, "y", o)) {
                inside[k] = mean(bnn.predict(centre).epistemic());
                outside[k] = mean(bnn.predict(far).epistemic());
            }
            System.out.printf("N = %d: epistemic %.4f inside, %.4f at |x| = 3-3.5%n", sizes[k], inside[k], outside[k]);
        }
        // a factor 4 in data should shrink it by about 2 (N^-1/2); monotonic is the requirement
        assertThat(inside[1]).isLessThan(inside[0]);
        assertThat(inside[2]).isLessThan(inside[1]);
        // outside [-2, 2] nothing constrains the function: the spread there exceeds the one inside at every size
        for (int k = 0; k < sizes.length; k++) assertThat(outside[k]).isGreaterThan(1.5 * inside[k]);
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
        try (BnnRegressor bnn = BnnRegressor.train(train, "y", options().epochs(3))) {
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
}
