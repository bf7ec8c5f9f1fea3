package org.hepml.engine.tagging;

import org.hepml.engine.bayes.BayesianParticleFlowNetwork;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.bayes.ClassifierPrediction;
import org.hepml.engine.nn.ParticleFlowNetwork;
import org.hepml.engine.nn.ParticleSets;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.events.sim.TopQcdJets;
import org.hepml.engine.nn.Activation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bayesian PFN tagger (Bollweg et al., SciPost Phys. 8, 006 (2020)) on the top/QCD simulator, trained on jets with
 * pT in [550, 650] GeV:
 * <ul>
 * <li>sigma_pred follows the mu(1 - mu) envelope: no jet above the largest spread a [0, 1] quantity with mean mu can have
 * (sigma^2 <= mu (1 - mu), times k/(k-1) for the k-draw sample variance), and sigma rises with sqrt(mu (1 - mu)): their
 * correlation over the test jets is above 0.3 and more than 5 of its standard errors (1 - r^2)/sqrt(n - 3) above 0;</li>
 * <li>on jets outside the training range (pT in [1000, 1200] GeV: narrower, their prongs closer than any seen in
 * training) this network's mean sigma is larger than on jets from the training range by more than 3 standard errors
 * of the difference, each mean's error from its test jets' sample sd: the error of this network's means, which says
 * the growth is not test-jet noise (a network without growth passes with probability 0.13%). Measured (load ~11-17,
 * 58 s): correlation 0.832 +- 0.007; mean sigma 0.1181 +- 0.0009 inside, 0.1254 +- 0.0008 outside, 6.1 errors;
 * sigma / sqrt(mu (1 - mu)) 0.286 +- 0.001 inside, 0.281 +- 0.001 outside.</li>
 * </ul>
 * What that error leaves out, measured over 4 independent trainings (bench/tagging/run.sh bayes,
 * bench/results/tagging-bayes.json; 3000 training and 2000 test jets each, this network's settings): the growth at
 * 1000-1200 GeV was +0.009 to +0.022 (mean 0.0131 +- 0.0030), 6.7 to 15.8 of its jets' errors (~0.0014), but its sd
 * over trainings (0.006) is 4 times the jets' error, and the level of sigma itself moves from training to training
 * (0.108 to 0.141 inside). So the printed +- describes this network, not the method; from the 4 trainings, about 7% of
 * trainings would fall below the 3-error bound (normal approximation, the sd known to ~40%): the bound cannot be made
 * both safe against a network without growth and rarely failed by a new seed, because the growth itself varies that
 * much between trainings. The test jets are 2000 per range (as in the bench) to keep their part of the error small. The growth comes with
 * less confident tags (AUC 0.885 -> 0.781): sigma / sqrt(mu (1 - mu)) changes by +0.009 +- 0.010 over the 4 trainings
 * and the spread of the logit by -0.046 +- 0.013, so relative to its envelope this tagger's uncertainty does not grow
 * away from the training data, and at 1600-2000 GeV even the mean sigma does not grow consistently (+0.004 +- 0.007);
 * printed here, not asserted (docs/TAGGING.md).
 */
class BayesianTaggerTest {
    static final int M = 30, DRAWS = 30;

    @Test
    void sigmaFollowsTheEnvelopeAndGrowsAwayFromTheTrainingPt() {
        JetSample train = sample(new TopQcdJets().pt(550, 650).seed(21).generate("train", 3000));
        JetSample inside = sample(new TopQcdJets().pt(550, 650).seed(22).generate("inside", 2000));
        JetSample outside = sample(new TopQcdJets().pt(1000, 1200).seed(23).generate("outside", 2000));
        TrainingSettings t = TrainingSettings.ESTIMATOR.withActivation(Activation.RELU).withEpochs(15).withBatchSize(64).withLearningRate(2e-3, 2e-4)
                .withPatience(0).withValidationFraction(0).withSeed(24);
        float[] y = new float[train.size()];
        for (int i = 0; i < y.length; i++) y[i] = (float) train.labels()[i];
        try (BayesianParticleFlowNetwork net = BayesianParticleFlowNetwork.trainClassifier(ParticleFlowNetwork.Kind.PFN, M, ParticleSets.FEATURES,
                new int[]{32, 32}, 16, new int[]{32}, Activation.RELU, train.particles().rows(), y, null, BnnOptions.of(t).withSamples(DRAWS), "BNN-PFN")) {
            ClassifierPrediction p = net.predict(inside.particles().rows(), inside.labels(), DRAWS, 25);
            ClassifierPrediction q = net.predict(outside.particles().rows(), outside.labels(), DRAWS, 25);
            check(p, q, TaggingMetrics.of(p.mean(), inside.labels()).auc());
        }
    }

    static void check(ClassifierPrediction p, ClassifierPrediction q, double auc) {
        double[] mu = p.mean(), sigma = p.sigma();
        double[] envelope = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            envelope[i] = Math.sqrt(mu[i] * (1 - mu[i]));
            assertThat(sigma[i] * sigma[i]).as("jet %d", i).isLessThanOrEqualTo(mu[i] * (1 - mu[i]) * DRAWS / (DRAWS - 1.0) + 1e-12);
        }
        double r = correlation(sigma, envelope), se = (1 - r * r) / Math.sqrt(mu.length - 3);
        System.out.printf("BNN-PFN: AUC %.3f; corr(sigma, sqrt(mu(1-mu))) = %.3f +- %.3f%n", auc, r, se);
        assertThat(r).isGreaterThan(Math.max(0.3, 5 * se));

        double[] a = meanAndError(sigma), b = meanAndError(q.sigma());
        double[] ra = meanAndError(relative(p)), rb = meanAndError(relative(q));
        System.out.printf("mean sigma (+- over this network's test jets): pT 550-650 %.4f +- %.4f, pT 1000-1200 %.4f +- %.4f, difference %.4f = %.1f errors; "
                + "sigma / sqrt(mu(1-mu)): %.4f +- %.4f, %.4f +- %.4f%n", a[0], a[1], b[0], b[1], b[0] - a[0], (b[0] - a[0]) / Math.hypot(a[1], b[1]),
                ra[0], ra[1], rb[0], rb[1]);
        assertThat(b[0] - a[0]).as("mean sigma").isGreaterThan(3 * Math.hypot(a[1], b[1]));
    }

    /** sigma relative to its envelope sqrt(mu(1-mu)): the spread with the part that only follows mu divided out. */
    static double[] relative(ClassifierPrediction p) {
        double[] r = new double[p.size()];
        for (int i = 0; i < r.length; i++) r[i] = p.sigma()[i] / Math.sqrt(Math.max(p.mean()[i] * (1 - p.mean()[i]), 1e-12));
        return r;
    }

    static JetSample sample(ParticleEvents e) {
        return JetSample.of(e, "y", M);
    }

    static double[] meanAndError(double[] v) {
        double s = 0, s2 = 0;
        for (double x : v) {
            s += x;
            s2 += x * x;
        }
        double m = s / v.length;
        return new double[]{m, Math.sqrt((s2 - v.length * m * m) / (v.length - 1) / v.length)};
    }

    static double correlation(double[] x, double[] y) {
        double[] a = meanAndError(x), b = meanAndError(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - a[0]) * (y[i] - b[0]);
            sxx += (x[i] - a[0]) * (x[i] - a[0]);
            syy += (y[i] - b[0]) * (y[i] - b[0]);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
