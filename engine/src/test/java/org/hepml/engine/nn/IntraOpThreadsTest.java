package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class IntraOpThreadsTest {

    @BeforeAll
    static void engine() {
        Engine.getInstance();
    }

    private static float[][] inputs(int n) {
        SplittableRandom r = new SplittableRandom(5);
        float[][] x = new float[n][4];
        for (float[] row : x) for (int j = 0; j < 4; j++) row[j] = (float) r.nextGaussian();
        return x;
    }

    private static TrainingData data(float[][] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[i][0] + 0.3f * x[i][1] > 0 ? 1 : 0;
        return new TrainingData(x, null).target("y", y);
    }

    @Test
    void oneThreadForTheSmallNetworksMoreOnlyForBigStepsWhereWaitersSleep() {
        long small = 8512L * 256; // 4-64-64-64-1 at batch 256: 2.2M multiply-adds
        long big = 8512L * 4096; // the same at batch 4096: 35M
        assertThat(IntraOpThreads.forWork(small, 2, true)).isEqualTo(1);
        assertThat(IntraOpThreads.forWork(8512L * 1024, 2, true)).isEqualTo(1);
        assertThat(IntraOpThreads.forWork(big, 2, true)).isEqualTo(2);
        assertThat(IntraOpThreads.forWork(big, 1, true)).as("never more than the cores").isEqualTo(1);
        assertThat(IntraOpThreads.forWork(66_000L * 4096, 16, true)).as("wide layers at a big batch, on many cores").isEqualTo(16);
        assertThat(IntraOpThreads.forWork(66_000L * 4096, 64, true)).isEqualTo(16);
        // spinning waiters stall a busy machine (bench/training/README.md): one thread whatever the size
        assertThat(IntraOpThreads.forWork(big, 2, false)).isEqualTo(1);
        assertThat(IntraOpThreads.forWork(66_000L * 4096, 16, false)).isEqualTo(1);
    }

    @Test
    void theWorkOfAStepCountsEveryWeightOncePerEvent() {
        try (Mlp net = Mlp.builder().hidden(64, 64, 64).build(inputs(10))) {
            assertThat(IntraOpThreads.multiplyAdds(net.parameters(), 256)).isEqualTo((4 * 64 + 64 * 64 + 64 * 64 + 64) * 256L);
        }
    }

    /** The loss runs on the training thread inside the training: what it reads is the count the training ran with. */
    @Test
    void aTrainingRunsWithItsCountAndPutsTheOneBeforeBack() {
        float[][] x = inputs(512);
        int before = JniUtils.getNumThreads();
        int asked = before + 1;
        AtomicInteger seen = new AtomicInteger();
        Loss bce = Losses.bce();
        Loss probe = (out, tangents, batch) -> {
            seen.set(JniUtils.getNumThreads());
            return bce.compute(out, tangents, batch);
        };
        try (Mlp net = Mlp.builder().hidden(8).build(x)) {
            TrainingHistory h = new Trainer(TrainingSettings.ESTIMATOR.withEpochs(1).withThreads(asked)).fit(net, data(x), probe);
            assertThat(seen.get()).isEqualTo(asked);
            assertThat(h.threads()).isEqualTo(asked);
            assertThat(h.toString()).endsWith(", " + asked + " threads");
        }
        assertThat(JniUtils.getNumThreads()).isEqualTo(before);
        assertThat(IntraOpThreads.lastTraining()).get().hasToString(asked + " intra-op threads (set for this training)");
        assertThat(EngineInfo.current().toString()).contains("last training: " + asked + " intra-op threads");
    }

    /** Without a setting, DJL's system property wins if given; otherwise the rule picks one thread for a small network. */
    @Test
    void theSystemPropertyWinsOverTheRuleAndTheRuleTakesOverWithoutIt() {
        float[][] x = inputs(512);
        String property = System.getProperty(IntraOpThreads.PROPERTY);
        int before = JniUtils.getNumThreads();
        AtomicInteger seen = new AtomicInteger();
        Loss bce = Losses.bce();
        Loss probe = (out, tangents, batch) -> {
            seen.set(JniUtils.getNumThreads());
            return bce.compute(out, tangents, batch);
        };
        try (Mlp net = Mlp.builder().hidden(8).build(x)) {
            JniUtils.setNumThreads(2);
            System.setProperty(IntraOpThreads.PROPERTY, "2");
            TrainingHistory given = new Trainer(TrainingSettings.ESTIMATOR.withEpochs(1)).fit(net, data(x), probe);
            assertThat(seen.get()).isEqualTo(2);
            assertThat(given.threads()).isEqualTo(2);
            assertThat(IntraOpThreads.lastTraining().orElseThrow().reason()).isEqualTo("-D" + IntraOpThreads.PROPERTY + "=2");

            System.clearProperty(IntraOpThreads.PROPERTY);
            MeasuredThreads.forget();
            TrainingHistory auto = new Trainer(TrainingSettings.ESTIMATOR.withEpochs(1).withBatchSize(256)).fit(net, data(x), probe);
            // two batches: too few to time, so the training keeps its first count, one thread
            assertThat(seen.get()).isEqualTo(1);
            assertThat(auto.threads()).isEqualTo(1);
            boolean cores = Runtime.getRuntime().availableProcessors() > 1;
            assertThat(IntraOpThreads.lastTraining().orElseThrow().reason()).startsWith(cores ? "not timed yet" : "auto: ");
            assertThat(JniUtils.getNumThreads()).as("put back after the training").isEqualTo(2);
        } finally {
            if (property != null) System.setProperty(IntraOpThreads.PROPERTY, property);
            else System.clearProperty(IntraOpThreads.PROPERTY);
            JniUtils.setNumThreads(before);
        }
    }

    /**
     * A measured training switches between one thread and two while it times them (and whenever the load changes): the
     * same seed still trains to the same bits as with one thread throughout.
     */
    @Test
    void switchingCountsStepByStepTrainsTheSameNetwork() {
        float[][] x = inputs(8192);
        float[][][] state = new float[2][][];
        MeasuredThreads switching = new MeasuredThreads(new int[]{1, 2}, null, System.nanoTime());
        for (int k = 0; k < 2; k++) {
            try (Mlp net = Mlp.builder().hidden(64, 64, 64).seed(2).build(x)) {
                Trainer t = new Trainer(TrainingSettings.ESTIMATOR.withEpochs(2).withBatchSize(256).withThreads(1));
                if (k == 1) t.stepThreads(switching);
                t.fit(net, data(x), Losses.bce());
                state[k] = net.snapshot();
            }
        }
        assertThat(switching.stepsAt(1)).isPositive();
        assertThat(switching.stepsAt(2)).as("the probe ran steps with two threads").isPositive();
        assertThat(state[1]).isDeepEqualTo(state[0]);
    }

    /** The choice changes speed, not results: the same seed trains to the same bits with one thread and with two. */
    @Test
    void oneThreadOrTwoTrainTheSameNetwork() {
        float[][] x = inputs(8192);
        float[][][] state = new float[2][][];
        for (int t = 1; t <= 2; t++) {
            try (Mlp net = Mlp.builder().hidden(64, 64, 64).seed(2).build(x)) {
                new Trainer(TrainingSettings.ESTIMATOR.withEpochs(2).withBatchSize(4096).withThreads(t)).fit(net, data(x), Losses.bce());
                state[t - 1] = net.snapshot();
            }
        }
        assertThat(state[1]).isDeepEqualTo(state[0]);
    }
}
