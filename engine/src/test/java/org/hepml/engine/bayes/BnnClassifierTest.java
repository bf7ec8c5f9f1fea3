package org.hepml.engine.bayes;

import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.TwoClassToy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** BNN classifier and the Bayesian likelihood-ratio classifier on two Gaussians with a known optimum. */
class BnnClassifierTest {

    static BnnOptions options() {
        return BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(24).withEpochs(40).withBatchSize(512).withLearningRate(1e-2, 1e-3).withSeed(3)).withSamples(50);
    }

    @Test
    void calibratedMeanAndSigmaShapedLikeMuOneMinusMu() {
        TwoClassToy toy = new TwoClassToy().dimensions(2).shift(1.5);
        Dataset train = toy.seed(1).generate("train", 10000);
        Dataset test = new TwoClassToy().dimensions(2).shift(1.5).seed(2).generate("test", 40000);
        try (BnnClassifier bnn = BnnClassifier.train(train, options())) {
            ClassifierPrediction p = bnn.predict(test);
            double[][] rel = p.reliability(10);
            for (int b = 0; b < 10; b++) {
                System.out.printf("bin %d: mu_pred %.3f observed %.3f (%d events)%n", b, rel[0][b], rel[1][b], (int) rel[2][b]);
                // with >= 1000 events the binomial error of a bin is <= 0.016, so 0.05 leaves room for a 0.02 bias at 2 sd
                if (rel[2][b] >= 1000) assertThat(rel[1][b]).as("bin %d", b).isCloseTo(rel[0][b], within(0.05));
            }
            double middle = 0, ends = 0;
            int nm = 0, ne = 0, enveloped = 0, events = 0;
            double worstRatio = 1;
            for (int i = 0; i < p.size(); i++) {
                double mu = p.mean()[i], s = p.sigma()[i], sl = p.logitSigma()[i];
                // the envelope of docs/REFERENCE.md section 5: for a logit of spread sigma_l the output spread is, by the delta
                // method, sigma_pred = sigma_l mu (1 - mu) (1 + O(sigma_l^2)): the next terms carry the sigmoid's curvature,
                // (1 - 2 mu) and 1 - 6 mu (1 - mu), both at most 1 in size. sigma_pred and sigma_l come from the same 50 draws, so
                // their sampling noise cancels at first order. Bound per event: |ratio - 1| <= 0.05 + sigma_l^2 (measured worst
                // 0.02 at sigma_l < 0.2 and 0.10 at sigma_l in [0.3, 0.5), where the bound is >= 0.14); a sigma_pred computed from
                // other draws, for other events or with a wrong normalisation fails it.
                events++;
                double ratio = s / (sl * mu * (1 - mu));
                if (Math.abs(ratio - 1) <= 0.05 + sl * sl) enveloped++;
                if (Math.abs(ratio - 1) > Math.abs(worstRatio - 1)) worstRatio = ratio;
                if (mu > 0.35 && mu < 0.65) {
                    middle += s;
                    nm++;
                } else if (mu < 0.05 || mu > 0.95) {
                    ends += s;
                    ne++;
                }
            }
            System.out.printf("sigma_pred / (sigma_logit mu (1 - mu)) within 0.05 + sigma_logit^2 of 1 for %d of %d events (worst %.3f)%n",
                    enveloped, events, worstRatio);
            // the envelope must hold for every event (0.1% slack for a draw set that happens to be skewed)
            assertThat(enveloped).isGreaterThanOrEqualTo((int) (0.999 * events));
            middle /= nm;
            ends /= ne;
            System.out.printf("mean sigma_pred: %.4f for mu in (0.35, 0.65), %.4f for mu < 0.05 or > 0.95%n", middle, ends);
            // sigma_pred ~ sigma_logit mu (1 - mu): at mu = 0.5 the factor is 0.25, below 0.05 at most 0.0475
            assertThat(middle).isGreaterThan(2 * ends);
            assertThat(p.sigmaVsMu().toPng()).isNotEmpty();
        }
    }

    @Test
    void bayesianRatioMatchesTheExactRatioWithinItsUncertainty() {
        // one dimension, classes N(+0.75, 1) and N(-0.75, 1): log r(x) = log p1/p0 = 1.5 x exactly
        TwoClassToy toy = new TwoClassToy().dimensions(1).shift(1.5);
        Dataset labelled = toy.seed(5).generate("two", 10000);
        try (BayesianRatioClassifier ratio = BayesianRatioClassifier.train(labelled, options())) {
            double[][] x = BnnRegressionTest.grid(-2, 2, 81);
            BayesianRatioClassifier.RatioPrediction r = ratio.logRatio(x);
            double sq = 0, pull2 = 0;
            for (int i = 0; i < x.length; i++) {
                double d = r.logRatio()[i] - toy.logRatio(x[i]);
                sq += d * d / x.length;
                pull2 += d * d / (r.sigma()[i] * r.sigma()[i]) / x.length;
            }
            double rms = Math.sqrt(sq), rmsPull = Math.sqrt(pull2);
            double[][] tails = {{-3.5}, {3.5}}, bulk = {{-0.25}, {0}, {0.25}};
            double sTail = BnnRegressionTest.mean(ratio.logRatio(tails).sigma()), sBulk = BnnRegressionTest.mean(ratio.logRatio(bulk).sigma());
            System.out.printf("log r: rms error %.4f on [-2, 2], rms pull %.2f, sigma %.4f in the bulk, %.4f at |x| = 3.5%n", rms, rmsPull, sBulk, sTail);
            // 10000 events give a statistical precision on the slope of about 0.03, i.e. 0.06 on log r at |x| = 2:
            // an rms of 0.1 over [-2, 2] allows that plus a small bias
            assertThat(rms).isLessThan(0.1);
            // the per-event uncertainty is of the size of the actual error (not 10 times too small or too large)
            assertThat(rmsPull).isBetween(0.2, 3.0);
            // and grows where the training data thin out
            assertThat(sTail).isGreaterThan(1.5 * sBulk);
        }
    }

    /** A saved and loaded classifier predicts exactly as the original. */
    @Test
    void savedAndLoadedPredictsTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Dataset train = new TwoClassToy().dimensions(2).shift(1.5).seed(5).generate("train", 2000);
        Dataset test = new TwoClassToy().dimensions(2).shift(1.5).seed(6).generate("test", 500);
        try (BnnClassifier bnn = BnnClassifier.train(train, options().training(t -> t.withEpochs(3)))) {
            ClassifierPrediction before = bnn.predict(test);
            try (BnnClassifier loaded = BnnClassifier.load(bnn.save(dir.resolve("cls.hepml")))) {
                ClassifierPrediction after = loaded.predict(test);
                assertThat(after.mean()).containsExactly(before.mean());
                assertThat(after.sigma()).containsExactly(before.sigma());
            }
        }
    }
}
