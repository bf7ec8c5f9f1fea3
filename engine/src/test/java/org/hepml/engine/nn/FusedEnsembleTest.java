package org.hepml.engine.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A fused ensemble against the same members trained one by one with {@link Trainer}: same seeds, so the same
 * initial weights, validation split and batch order. The two compute the same sums in a different grouping (batched
 * against plain matrix products, per-member reductions), so they agree to float rounding, not bit for bit: the
 * tolerance, 1e-5 relative to quantities of order one, is a hundred times float32's resolution and far below any
 * real difference (a member that saw another member's batch, or missed an Adam step, is off by 1e-2 or more).
 */
class FusedEnsembleTest {
    static final double TOLERANCE = 1e-5;

    /** Two overlapping 2D Gaussians labelled 0 and 1, with weights in [0.5, 1.5]. */
    static TrainingData gaussians(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        float[] y = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 2; j++) x[i][j] = (float) (y[i] == 1 ? 0.7 + 1.3 * r.nextGaussian() : r.nextGaussian());
            w[i] = (float) (0.5 + r.nextDouble());
        }
        return new TrainingData(x, w).target("y", y);
    }

    static List<Mlp> members(TrainingSettings s, long[] seeds, float[][] x) {
        List<Mlp> nets = new ArrayList<>();
        for (long seed : seeds) nets.add(Mlp.builder().of(s).seed(seed).build(x));
        return nets;
    }

    /** |a - b| relative to the larger of |b| and 1 (losses and logits are of order one). */
    static double difference(double a, double b) {
        return Math.abs(a - b) / Math.max(1, Math.abs(b));
    }

    /** Trains {@code seeds.length} members fused and one by one; checks histories, every term and predictions agree. */
    static List<TrainingHistory> compare(TrainingSettings s, long[] seeds, TrainingData data, Loss loss, int[] tangents) {
        return compare(s, seeds, data, loss, tangents, 1 << 18);
    }

    static List<TrainingHistory> compare(TrainingSettings s, long[] seeds, TrainingData data, Loss loss, int[] tangents, int blockRows) {
        List<Mlp> fused = members(s, seeds, data.features()), separate = members(s, seeds, data.features());
        try {
            FusedEnsemble ensemble = new FusedEnsemble(s, seeds).blockRows(blockRows);
            if (tangents != null) ensemble.tangents(tangents);
            List<TrainingHistory> hf = ensemble.fit(fused, data, loss);
            assertThat(hf).hasSize(seeds.length);
            float[][] test = TrainerTest.uniform(500, data.inputs(), -3, 3, 5);
            for (int k = 0; k < seeds.length; k++) {
                Trainer t = new Trainer(s.withSeed(seeds[k]));
                if (tangents != null) t.tangents(tangents);
                TrainingHistory h = t.fit(separate.get(k), data, loss), f = hf.get(k);
                assertThat(f.epochs()).as("member %d: epochs (early stopping)", k).isEqualTo(h.epochs());
                assertThat(f.bestEpoch()).as("member %d: best epoch", k).isEqualTo(h.bestEpoch());
                assertThat(f.samples()).isEqualTo(h.samples());
                assertThat(f.termNames()).isEqualTo(h.termNames());
                for (int e = 0; e < h.epochs(); e++) {
                    assertThat(difference(f.trainLoss().get(e), h.trainLoss().get(e))).as("member %d epoch %d training loss", k, e + 1).isLessThan(TOLERANCE);
                    if (h.validationLoss().get(e).isNaN()) assertThat(f.validationLoss().get(e)).isNaN();
                    else assertThat(difference(f.validationLoss().get(e), h.validationLoss().get(e))).as("member %d epoch %d validation loss", k, e + 1).isLessThan(TOLERANCE);
                    for (TrainingHistory.TermCurve c : h.terms()) {
                        assertThat(difference(f.term(c.name()).train().get(e), c.train().get(e))).as("member %d epoch %d %s", k, e + 1, c.name()).isLessThan(TOLERANCE);
                    }
                }
                float[] pf = TrainerTest.predict(fused.get(k), test, 0), ps = TrainerTest.predict(separate.get(k), test, 0);
                for (int i = 0; i < pf.length; i++) assertThat(difference(pf[i], ps[i])).as("member %d prediction %d", k, i).isLessThan(TOLERANCE);
            }
            return hf;
        } finally {
            fused.forEach(Mlp::close);
            separate.forEach(Mlp::close);
        }
    }

    /**
     * Validation split, batch order, learning-rate decay, early stopping and the restored best epoch, member by member.
     * Small batches and a patience of 2 make the members stop at different epochs, so the fused run goes on without
     * the ones that stopped; that is checked to have happened, or the test would not test it. Batches are slices of
     * blocks of rows gathered at once: here a block holds 7 batches of all members, so blocks end inside epochs, the
     * last one short, and grow when members stop.
     */
    @Test
    void eachMemberMatchesItsSeparateTraining() {
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(32, 32).withEpochs(15).withBatchSize(32).withLearningRate(3e-4, 1e-4)
                .withPatience(2).withValidationFraction(0.3);
        List<TrainingHistory> h = compare(s, new long[]{3, 1003, 2003, 3003, 4003}, gaussians(3000, 1), Losses.bce(), null, 5 * 32 * 7);
        assertThat(h.stream().mapToInt(TrainingHistory::epochs).distinct().count())
                .as("members stopping at different epochs: %s", h.stream().map(TrainingHistory::epochs).toList()).isGreaterThan(1);
        assertThat(h.stream().mapToInt(TrainingHistory::epochs).min().orElseThrow()).isLessThan(s.epochs());
    }

    /**
     * A loss of two terms, one of them on the outputs' tangents (as the score methods have), with no validation set
     * (the training loss chooses the best epoch) and a last batch shorter than the others.
     */
    @Test
    void tangentsAndLossTermsMatchToo() {
        int n = 2000;
        float[][] x = TrainerTest.uniform(n, 3, -1, 1, 7);
        float[] y = new float[n];
        float[][] slope = new float[n][2];
        for (int i = 0; i < n; i++) {
            y[i] = (float) Math.sin(2 * x[i][0]) * x[i][2];
            slope[i][0] = 2 * (float) Math.cos(2 * x[i][0]) * x[i][2]; // d y / d x0
            slope[i][1] = (float) Math.sin(2 * x[i][0]);               // d y / d x2
        }
        TrainingData data = new TrainingData(x, null).target("y", y).target("slope", slope);
        Loss slopeTerm = (out, t, b) -> b.mean(t.get(":, :, 0").transpose().sub(b.target("slope")).square().sum(new int[]{1}));
        Loss loss = Losses.mse().plus("slope MSE", 0.5, slopeTerm);
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(16, 16, 16).withEpochs(6).withBatchSize(48).withValidationFraction(0)
                .withDecay(TrainingSettings.Decay.cosineDividedBy(10));
        List<TrainingHistory> h = compare(s, new long[]{11, 12, 13}, data, loss, new int[]{0, 2});
        assertThat(h.get(0).termNames()).containsExactly(Losses.SQUARED_ERROR, "slope MSE");
    }

    /**
     * Replicas of one sample under other weights, each continuing its own Adam state over two fits (as OmniFold's
     * warm-started classifiers do): member k of the fused run trains on its own weights and, in the second fit, goes on
     * from its own moments and step count, as a separate Trainer with a carried OptimizerState does. The members' weights
     * differ by a factor of up to 3 per event, so a member that read another's weights, or restarted Adam, would be off
     * by far more than the tolerance (checked: the members' predictions differ from each other).
     */
    @Test
    void membersWithTheirOwnWeightsContinueTheirOwnOptimizerState() {
        TrainingSettings s = TrainingSettings.UNFOLDING.withHidden(16, 16).withEpochs(2).withBatchSize(64);
        TrainingData base = gaussians(1200, 4);
        long[] seeds = {11, 21, 31};
        SplittableRandom r = new SplittableRandom(9);
        List<TrainingData> data = new ArrayList<>();
        for (int k = 0; k < seeds.length; k++) {
            float[] w = new float[base.size()];
            for (int i = 0; i < w.length; i++) w[i] = base.weights[i] * (float) (0.5 + r.nextDouble());
            data.add(new TrainingData(base.features(), w).target("y", base.targets.get("y")));
        }
        List<Mlp> fused = members(s, seeds, base.features()), separate = members(s, seeds, base.features());
        List<AdamMoments> states = new ArrayList<>();
        List<Trainer.OptimizerState> adams = new ArrayList<>();
        for (long ignored : seeds) {
            states.add(new AdamMoments());
            adams.add(new Trainer.OptimizerState());
        }
        try {
            float[][] test = TrainerTest.uniform(300, 2, -3, 3, 5);
            for (int fit = 0; fit < 2; fit++) {
                List<TrainingHistory> hf = new FusedEnsemble(s, seeds).optimizerStates(states).fit(fused, data, Losses.bce());
                for (int k = 0; k < seeds.length; k++) {
                    TrainingHistory h = new Trainer(s.withSeed(seeds[k])).optimizerState(adams.get(k)).fit(separate.get(k), data.get(k), Losses.bce());
                    assertThat(states.get(k).steps()).as("member %d's steps after fit %d", k, fit + 1).isEqualTo(2 * (fit + 1) * ((1200 + 63) / 64));
                    for (int e = 0; e < h.epochs(); e++) {
                        assertThat(difference(hf.get(k).trainLoss().get(e), h.trainLoss().get(e))).as("fit %d member %d epoch %d", fit + 1, k, e + 1).isLessThan(TOLERANCE);
                    }
                    float[] pf = TrainerTest.predict(fused.get(k), test, 0), ps = TrainerTest.predict(separate.get(k), test, 0);
                    for (int i = 0; i < pf.length; i++) assertThat(difference(pf[i], ps[i])).as("fit %d member %d prediction %d", fit + 1, k, i).isLessThan(TOLERANCE);
                }
            }
            float[] p0 = TrainerTest.predict(fused.get(0), test, 0), p1 = TrainerTest.predict(fused.get(1), test, 0);
            double apart = 0;
            for (int i = 0; i < p0.length; i++) apart = Math.max(apart, difference(p0[i], p1[i]));
            assertThat(apart).as("members 1 and 2 apart").isGreaterThan(100 * TOLERANCE);
        } finally {
            fused.forEach(Mlp::close);
            separate.forEach(Mlp::close);
            adams.forEach(Trainer.OptimizerState::close);
        }
    }

    @Test
    void batchMeanIsTakenPerMember() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two members, three rows each
            float[] w = {1, 2, 3, 0.5f, 0.5f, 1}, l = {1, 1, 4, 2, 6, 10};
            Batch b = new Batch(m.zeros(new Shape(6, 1)), m.create(w, new Shape(2, 3)), Map.of());
            float[] mean = b.mean(m.create(l)).toFloatArray();
            assertThat(mean).hasSize(2);
            assertThat((double) mean[0]).isCloseTo((1 + 2 + 12) / 6.0, within(1e-6));
            assertThat((double) mean[1]).isCloseTo((1 + 3 + 10) / 2.0, within(1e-6));
            assertThat(b.weightSum().toFloatArray()).containsExactly(6, 2);
        }
    }

    @Test
    void aLossThatDoesNotAveragePerMemberIsRefused() {
        TrainingData data = gaussians(200, 2);
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(4).withEpochs(1);
        List<Mlp> nets = members(s, new long[]{1, 2}, data.features());
        try {
            assertThatThrownBy(() -> new FusedEnsemble(s, new long[]{1, 2}).fit(nets, data, (out, t, b) -> out.square().sum()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Batch.mean");
        } finally {
            nets.forEach(Mlp::close);
        }
    }

    /** Groups that leave members training sets of different sizes cannot be stacked: the members train one by one, as before. */
    @Test
    void membersThatCannotKeepInStepTrainOneByOne() {
        TrainingData data = gaussians(301, 3);
        int[] groups = new int[301];
        for (int i = 0; i < groups.length; i++) groups[i] = i < 200 ? i / 7 : i; // groups of seven, then single rows
        data.groups(groups);
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(8).withEpochs(3).withBatchSize(50).withPatience(0);
        long[] seeds = {5, 6, 7, 8};
        List<Integer> sizes = Arrays.stream(seeds).mapToObj(seed -> Trainer.validationSplit(301, 75, groups, new SplittableRandom(seed))[1].length).toList();
        assertThat(sizes.stream().distinct().count()).as("training set sizes %s", sizes).isGreaterThan(1);
        compare(s, seeds, data, Losses.bce(), null);
    }

    @Test
    void interruptStopsAllMembersAndEachKeepsItsBestState() throws Exception {
        // few events, so that epochs end often even on a loaded machine
        float[][] x = TrainerTest.uniform(1000, 2, -1, 1, 13);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[i][0] * x[i][1];
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(16).withEpochs(100_000).withBatchSize(100).withPatience(0)
                .withDecay(TrainingSettings.Decay.CONSTANT);
        long[] seeds = {15, 16, 17};
        List<Mlp> nets = members(s, seeds, x);
        try {
            List<List<TrainingHistory>> out = new ArrayList<>();
            Thread t = new Thread(() -> out.add(new FusedEnsemble(s, seeds).fit(nets, new TrainingData(x, null).target("y", y), Losses.mse())));
            t.start();
            Thread.sleep(3000);
            long t0 = System.nanoTime();
            t.interrupt();
            t.join(5000);
            assertThat(t.isAlive()).isFalse();
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
            assertThat(out.get(0)).hasSize(3).allSatisfy(h -> {
                assertThat(h.interrupted()).isTrue();
                assertThat(h.bestEpoch()).isGreaterThan(0);
                assertThat(h.bestValidationLoss()).isEqualTo(h.validationLoss().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            });
        } finally {
            nets.forEach(Mlp::close);
        }
    }

    /**
     * Native memory stays flat over repeated fused trainings with tangents: the data, Adam's moments and every batch's
     * arrays are freed (FusedMlpTest checks the network's own arrays one by one). A leak of one step's activations
     * (5 members x 500 rows x 128 wide, tangents included: ~5 MB) would grow by 15 trainings x 6 steps x 5 MB = 450 MB;
     * the bound is ModelFileTest's.
     */
    @Test
    void repeatedFusedTrainingsDoNotGrowNativeMemory() throws Exception {
        float[][] x = TrainerTest.uniform(2000, 2, -1, 1, 1);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[i][0] * x[i][1];
        TrainingData data = new TrainingData(x, null).target("y", y);
        Loss loss = Losses.mse().plus("slope", 0.1, (out, t, b) -> b.mean(t.get(":, :, 0").transpose().square().sum(new int[]{1})));
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(128, 128).withEpochs(2).withBatchSize(500).withValidationFraction(0.25);
        long[] seeds = {1, 2, 3, 4, 5};
        long afterWarmUp = 0;
        for (int k = 0; k < 20; k++) {
            List<Mlp> nets = members(s, seeds, x);
            try {
                new FusedEnsemble(s, seeds).tangents(1).fit(nets, data, loss);
            } finally {
                nets.forEach(Mlp::close);
            }
            if (k == 4) afterWarmUp = ModelFileTest.rssKb();
        }
        assertThat(ModelFileTest.rssKb() - afterWarmUp).as("RSS growth in kB").isLessThan(150_000);
    }
}
