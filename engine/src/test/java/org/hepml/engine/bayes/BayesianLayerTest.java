package org.hepml.engine.bayes;

import org.hepml.engine.nn.TrainingSettings;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.nn.Activation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BayesianLayerTest {
    static {
        ai.djl.engine.Engine.getInstance(); // loads the native library before JniUtils is touched
    }

    static BayesianNetwork network(double initialSigma, double priorWidth, long seed) {
        float[][] x = {{0f, 1f}, {1f, -1f}, {2f, 0f}};
        return BayesianNetwork.build(x, new int[]{5}, 1, Activation.TANH, new GaussianPrior(priorWidth), initialSigma, seed, org.hepml.engine.nn.Devices.current().device());
    }

    static double softplus(double r) {
        return Math.max(r, 0) + Math.log1p(Math.exp(-Math.abs(r)));
    }

    @Test
    void klTermMatchesTheClosedForm() {
        GaussianPrior p = new GaussianPrior(1.5);
        // a posterior equal to the prior diverges by nothing
        assertThat(p.kl(0, 1.5)).isEqualTo(0.0, within(1e-15));
        // KL(N(1, 0.5^2) || N(0, 1.5^2)) = log(1.5/0.5) + (0.25 + 1) / (2 * 2.25) - 1/2, the textbook form
        assertThat(p.kl(1, 0.5)).isCloseTo(Math.log(3) + 1.25 / 4.5 - 0.5, within(1e-12));
        try (BayesianNetwork net = network(0.3, 1.5, 3)) {
            double expected = 0;
            float[][] state = net.snapshot(); // per layer: weight means, weight rho, bias means, bias rho
            for (int a = 0; a < state.length; a += 2) {
                for (int i = 0; i < state[a].length; i++) {
                    expected += p.kl(state[a][i], softplus(BayesianDense.WIDTH_RATE * state[a + 1][i]));
                }
            }
            // float32 sums of ~25 terms of order 1: relative 1e-5 is generous
            assertThat(net.kl()).isCloseTo(expected, within(1e-5 * Math.abs(expected)));
        }
    }

    @Test
    void reparameterisedDrawsHaveThePosteriorMeanAndWidth() {
        JniUtils.setGradMode(false);
        try (NDManager m = NDManager.newBaseManager()) {
            BayesianDense layer = new BayesianDense(3, 2, 0.4, new SplittableRandom(5), m);
            float[] mu = layer.weightMean.toFloatArray();
            int draws = 4000;
            double[] s = new double[6], s2 = new double[6];
            SplittableRandom rng = new SplittableRandom(6);
            for (int k = 0; k < draws; k++) {
                try (NDManager dm = m.newSubManager()) {
                    float[] w = layer.draw(dm, rng)[0].toFloatArray();
                    for (int i = 0; i < 6; i++) {
                        s[i] += w[i];
                        s2[i] += w[i] * w[i];
                    }
                }
            }
            for (int i = 0; i < 6; i++) {
                double mean = s[i] / draws, var = s2[i] / draws - mean * mean;
                // standard error of the mean 0.4 / sqrt(4000) = 0.0063: 5 of them; of the variance 0.16 sqrt(2/4000) = 0.0036: 5 of them
                assertThat(mean).isCloseTo(mu[i], within(0.032));
                assertThat(var).isCloseTo(0.16, within(0.018));
            }
        }
    }

    @Test
    void perEventDrawsMatchWholeWeightDraws() {
        // local reparameterisation: for a fixed input, per-event pre-activations have the same mean and variance
        // as those of explicit per-batch weight draws, h.mu + b_mu and h^2.sigma^2 + sigma_b^2
        JniUtils.setGradMode(false);
        try (NDManager m = NDManager.newBaseManager()) {
            BayesianDense layer = new BayesianDense(2, 1, 0.5, new SplittableRandom(7), m);
            float[] mu = layer.weightMean.toFloatArray();
            int n = 20000;
            float[] h = new float[2 * n];
            for (int i = 0; i < n; i++) {
                h[2 * i] = 1f;
                h[2 * i + 1] = -2f;
            }
            double expectedMean = mu[0] - 2 * mu[1], expectedVar = 0.25 * (1 + 4) + 0.25;
            for (WeightSampling mode : WeightSampling.values()) {
                double s = 0, s2 = 0;
                int count = 0;
                SplittableRandom rng = new SplittableRandom(8);
                // per batch: one draw per call, so call it many times with one event; per event: one call
                int calls = mode == WeightSampling.PER_EVENT ? 1 : n;
                for (int c = 0; c < calls; c++) {
                    try (NDManager bm = m.newSubManager()) {
                        NDArray in = mode == WeightSampling.PER_EVENT ? bm.create(h, new Shape(n, 2)) : bm.create(new float[]{1f, -2f}, new Shape(1, 2));
                        for (float a : BayesianDense.forward(layer.posterior(bm), in, mode, rng).toFloatArray()) {
                            s += a;
                            s2 += a * a;
                            count++;
                        }
                    }
                }
                double mean = s / count, var = s2 / count - mean * mean;
                // sd 1.22 / sqrt(20000) = 0.0087 for the mean (5 sd), variance 1.5 sqrt(2/20000) = 0.015 (5 sd)
                assertThat(mean).as(mode.name()).isCloseTo(expectedMean, within(0.044));
                assertThat(var).as(mode.name()).isCloseTo(expectedVar, within(0.075));
            }
        }
    }

    @Test
    void eachDrawIsOneNetworkAndTheSameSeedGivesTheSameDraws() {
        try (BayesianNetwork net = network(0.2, 1, 9)) {
            double[][] x = {{0, 0}, {1, 1}, {-1, 2}};
            float[][][] a = net.sampleOutputs(x, 5, 42), b = net.sampleOutputs(x, 5, 42), c = net.sampleOutputs(x, 5, 43);
            assertThat(a).isDeepEqualTo(b);
            assertThat(a).isNotEqualTo(c);
            assertThat(a[0][0][0]).isNotEqualTo(a[1][0][0]); // draws differ
            // one draw evaluated on an input alone gives what it gave in the batch: a draw is a fixed function
            float[][][] single = net.sampleOutputs(new double[][]{x[0]}, 5, 42);
            for (int k = 0; k < 5; k++) assertThat(single[k][0][0]).isCloseTo(a[k][0][0], within(1e-6f));
            // draws = 0: the network of posterior means
            float[][][] means = net.sampleOutputs(x, 0, 1);
            assertThat(means).hasDimensions(1, 3);
            // the posterior-mean network draws nothing: another seed gives the same outputs, and they differ from a draw
            assertThat(net.sampleOutputs(x, 0, 2)).isDeepEqualTo(means);
            assertThat(means[0][0][0]).isNotEqualTo(a[0][0][0]);
        }
    }

    @Test
    void sameSeedGivesIdenticalTrainingAndPredictions() {
        var toy = new org.hepml.engine.events.sim.RegressionToy().noise(0.2).seed(3);
        var data = toy.generate("toy", 600);
        BnnOptions o = BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(8).withEpochs(3).withBatchSize(64).withSeed(4)).withSamples(10);
        double[][] probe = {{-1}, {0}, {1.5}};
        float[][][] states = new float[2][][];
        double[][] means = new double[2][];
        for (int run = 0; run < 2; run++) {
            try (BnnRegressor r = BnnRegressor.train(data, "y", o)) {
                states[run] = r.network().snapshot();
                means[run] = r.predict(probe).mean();
            }
        }
        assertThat(states[0]).isDeepEqualTo(states[1]);
        assertThat(means[0]).containsExactly(means[1]);
        try (BnnRegressor other = BnnRegressor.train(data, "y", BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(8).withEpochs(3).withBatchSize(64).withSeed(5)).withSamples(10))) {
            assertThat(other.predict(probe).mean()).isNotEqualTo(means[0]);
        }
    }

    @Test
    void badOptionsAreExplained() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BnnOptions.DEFAULT.withPriorWidth(0)).hasMessageContaining("--prior-width");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BnnOptions.DEFAULT.withSamples(1)).hasMessageContaining("--samples");
    }
}
