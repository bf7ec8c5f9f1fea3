package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.hepml.engine.Cancelled;
import org.hepml.engine.Progress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainerTest {

    static float[][] uniform(int n, int d, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) for (int j = 0; j < d; j++) row[j] = (float) (lo + (hi - lo) * r.nextDouble());
        return x;
    }

    static float[] predict(Mlp net, float[][] x, int output) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[x.length * x[0].length];
            for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
            NDArray out = net.forward(m.create(flat, new Shape(x.length, x[0].length)));
            float[] all = out.toFloatArray();
            float[] o = new float[x.length];
            for (int i = 0; i < x.length; i++) o[i] = all[i * net.outputs() + output];
            return o;
        }
    }

    @Test
    void fitsAKnownFunction() {
        float[][] x = uniform(4000, 1, -2, 2, 1);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = (float) Math.sin(2 * x[i][0]);
        try (Mlp net = Mlp.builder().hidden(32, 32).seed(2).build(x)) {
            TrainingHistory h = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(60).withBatchSize(64).withLearningRate(3e-3).withSeed(3).withPatience(0))
                    .fit(net, new TrainingData(x, null).target("y", y), Losses.mse());
            float[][] test = uniform(1000, 1, -2, 2, 9);
            float[] p = predict(net, test, 0);
            double mse = 0;
            for (int i = 0; i < p.length; i++) mse += Math.pow(p[i] - Math.sin(2 * test[i][0]), 2) / p.length;
            // the function's variance is 0.5; a fitted network gets below 1% of it
            assertThat(mse).isLessThan(0.005);
            assertThat(h.epochs()).isEqualTo(60);
        }
    }

    /** Two unit Gaussians at -0.5 and +0.5: the classifier's logit is log r = x exactly. */
    @Test
    void classifierLearnsTheExactLikelihoodRatio() {
        int n = 20000;
        SplittableRandom r = new SplittableRandom(4);
        float[][] x = new float[n][1];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[i][0] = (float) ((y[i] == 1 ? 0.5 : -0.5) + r.nextGaussian());
        }
        try (Mlp net = Mlp.builder().hidden(32, 32).seed(5).build(x)) {
            new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(20).withBatchSize(128).withLearningRate(1e-3).withSeed(6)).fit(net, new TrainingData(x, null).target("y", y), Losses.bce());
            float[][] test = uniform(2000, 1, -2, 2, 7);
            float[] logit = predict(net, test, 0);
            double mae = 0;
            for (int i = 0; i < test.length; i++) mae += Math.abs(logit[i] - test[i][0]) / test.length;
            // statistical scale: a 20k-event fit of a linear logit has errors ~ 1/sqrt(n) * |x| ~ 0.02
            assertThat(mae).isLessThan(0.08);
        }
    }

    @Test
    void inputTangentsMatchFiniteDifferences() {
        float[][] x = uniform(200, 3, -1, 1, 8);
        try (Mlp net = Mlp.builder().hidden(16, 16).outputs(2).seed(9).build(x); NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[x.length * 3];
            for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, flat, i * 3, 3);
            NDArray in = m.create(flat, new Shape(x.length, 3));
            Mlp.WithTangents wt = net.forwardWithTangents(in, new int[]{2, 0});
            float[] tangents = wt.tangents().toFloatArray(); // [k=2][batch][outputs=2]
            double h = 1e-2;
            for (int s = 0; s < 2; s++) {
                int input = s == 0 ? 2 : 0;
                float[] plus = flat.clone(), minus = flat.clone();
                for (int i = 0; i < x.length; i++) {
                    plus[i * 3 + input] += (float) h;
                    minus[i * 3 + input] -= (float) h;
                }
                float[] fp = net.forward(m.create(plus, new Shape(x.length, 3))).toFloatArray();
                float[] fm = net.forward(m.create(minus, new Shape(x.length, 3))).toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    for (int o = 0; o < 2; o++) {
                        double fd = (fp[i * 2 + o] - fm[i * 2 + o]) / (2 * h);
                        double t = tangents[(s * x.length + i) * 2 + o];
                        assertThat(t).isCloseTo(fd, within(1e-3 * Math.max(1, Math.abs(fd))));
                    }
                }
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalTraining() {
        float[][] x = uniform(1000, 2, -1, 1, 10);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[i][0] * x[i][1];
        float[][][] states = new float[2][][];
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            try (Mlp net = Mlp.builder().hidden(8).seed(11).build(x)) {
                TrainingHistory h = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(3).withBatchSize(50).withSeed(12)).fit(net, new TrainingData(x, null).target("y", y), Losses.mse());
                states[run] = net.snapshot();
                losses[run] = h.trainLoss().get(2);
            }
        }
        assertThat(losses[0]).isEqualTo(losses[1]);
        assertThat(states[0]).isDeepEqualTo(states[1]);
    }

    @Test
    void interruptStopsAfterTheBatchAndKeepsTheBestState() throws Exception {
        float[][] x = uniform(20000, 2, -1, 1, 13);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[i][0];
        try (Mlp net = Mlp.builder().hidden(16).seed(14).build(x)) {
            TrainingHistory[] out = new TrainingHistory[1];
            Thread t = new Thread(() -> out[0] = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(1000).withBatchSize(32).withSeed(15))
                    .fit(net, new TrainingData(x, null).target("y", y), Losses.mse()));
            t.start();
            Thread.sleep(3000);
            long t0 = System.nanoTime();
            t.interrupt();
            t.join(5000);
            assertThat(t.isAlive()).isFalse();
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
            assertThat(out[0].interrupted()).isTrue();
            assertThat(out[0].bestEpoch()).isGreaterThan(0);
            // the network holds the best epoch's state: its validation loss is the best one recorded
            assertThat(out[0].bestValidationLoss()).isEqualTo(out[0].validationLoss().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        }
    }

    /** Interrupted before any epoch finished there is no best state: no untrained network is handed back. */
    @Test
    void interruptBeforeTheFirstEpochKeepsNothing() {
        float[][] x = uniform(2000, 2, -1, 1, 16);
        float[] y = new float[x.length];
        try (Mlp net = Mlp.builder().hidden(8).seed(17).build(x)) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> new Trainer(TrainingSettings.ESTIMATOR.withEpochs(5).withSeed(18)).title("Training carl")
                        .fit(net, new TrainingData(x, null).target("y", y), Losses.mse()))
                        .isInstanceOf(Cancelled.class)
                        .hasMessage("Training carl was interrupted in epoch 1 of 5, before any epoch finished; nothing was stored.");
            } finally {
                Thread.interrupted();
            }
        }
    }

    /**
     * A loss's terms are recorded per epoch as weighted means over all training events, not as means of batch
     * means: with no validation set every event trains, so a term that reads only a target c (no network) must
     * come out as sum w c / sum w over the whole sample, whatever the shuffle. Batches of 64 with a last one of
     * 40 and weights in [0.5, 2] make a mean of batch means differ by ~1e-3 (batch weight sums vary by ~4%);
     * the tolerance is float rounding over 16 batches (1e-5 of c ~ 2). The total is 1 x MSE + 0.5 x that term.
     */
    @Test
    void everyTermIsRecordedAsAWeightedMeanOverTheEpoch() {
        int n = 1000;
        float[][] x = uniform(n, 2, -1, 1, 21);
        float[] y = new float[n], c = new float[n], w = new float[n];
        SplittableRandom r = new SplittableRandom(22);
        double cw = 0, ws = 0;
        for (int i = 0; i < n; i++) {
            y[i] = x[i][0] * x[i][1];
            c[i] = x[i][0] + 2;
            w[i] = (float) (0.5 + 1.5 * r.nextDouble());
            cw += (double) w[i] * c[i];
            ws += w[i];
        }
        Loss loss = Losses.mse().plus("mean of c", 0.5, (o, t, b) -> Losses.weightedMean(b.target("c").get(":, 0"), b));
        try (Mlp net = Mlp.builder().hidden(8).seed(23).build(x)) {
            TrainingHistory h = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(3).withBatchSize(64).withValidationFraction(0).withSeed(24))
                    .fit(net, new TrainingData(x, w).target("y", y).target("c", c), loss);
            assertThat(h.termNames()).containsExactly(Losses.SQUARED_ERROR, "mean of c");
            for (int e = 0; e < h.epochs(); e++) {
                double mse = h.term(Losses.SQUARED_ERROR).train().get(e), meanC = h.term("mean of c").train().get(e);
                assertThat(meanC).as("epoch %d", e + 1).isCloseTo(cw / ws, within(1e-5 * cw / ws));
                assertThat(h.trainLoss().get(e)).isCloseTo(mse + 0.5 * meanC, within(1e-5 * (mse + 0.5 * meanC)));
                assertThat(h.term("mean of c").validation().get(e)).isNaN();
            }
        }
    }

    /**
     * The progress count moves every batch, while the status line is formatted at most every 0.2 s plus once at each
     * epoch's end (formatting it per batch cost more than slicing the batch): the line shown last in an epoch is that
     * epoch's loss. The bound on distinct lines follows from the rule: epochs + elapsed / 0.2 s + 1.
     */
    @Test
    void progressCountsEveryBatchAndFormatsTheStatusSparingly() {
        float[][] x = uniform(4000, 2, -1, 1, 31);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[i][0] * x[i][1];
        List<Long> done = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        IdentityHashMap<String, Boolean> distinct = new IdentityHashMap<>();
        Progress.Factory.install(task -> new Progress() {
            @Override
            public void update(long d, String status) {
                done.add(d);
                shown.add(status);
                distinct.put(status, true);
            }

            @Override
            public void finish(String status) {
            }
        });
        int epochs = 2, batches = 4000 / 20;
        long t0 = System.nanoTime();
        TrainingHistory h;
        try (Mlp net = Mlp.builder().hidden(8).seed(32).build(x)) {
            h = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(epochs).withBatchSize(20)
                    .withValidationFraction(0).withPatience(0)).fit(net, new TrainingData(x, null).target("y", y), Losses.mse());
        } finally {
            Progress.Factory.reset();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(done).hasSize(epochs * batches);
        for (int k = 0; k < done.size(); k++) assertThat(done.get(k)).isEqualTo(k + 1L);
        for (int e = 0; e < epochs; e++) {
            assertThat(shown.get((e + 1) * batches - 1)).startsWith(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", e + 1, epochs, h.trainLoss().get(e)));
        }
        assertThat(distinct.size()).isBetween(epochs, epochs + (int) Math.ceil(seconds / 0.2) + 1);
    }
}
