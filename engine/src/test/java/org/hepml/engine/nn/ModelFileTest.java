package org.hepml.engine.nn;

import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFileTest {

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws Exception {
        Dataset d = new AugmentedSimulation(new GaltonBoard()).theta("uniform(-1,0)").reference(-0.6).seed(1).generate("t", 2000);
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(2)).withEnsemble(2);
        double[][] x = new double[31][1];
        for (int i = 0; i < 31; i++) x[i][0] = i;
        try (RatioEstimator e = RatioEstimator.train(d, Method.CARL, 1, o)) {
            Path f = e.save(dir.resolve("lr.hepml"));
            try (RatioEstimator back = RatioEstimator.load(f)) {
                assertThat(back.logRatio(x, new double[]{-0.8})).containsExactly(e.logRatio(x, new double[]{-0.8}));
                assertThat(back.method()).isEqualTo(Method.CARL);
            }
            // no temporary files are left behind
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("lr.hepml");
            }
            byte[] bytes = Files.readAllBytes(f);
            Path cut = dir.resolve("cut.hepml");
            Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> RatioEstimator.load(cut)).isInstanceOf(HepmlException.class).hasMessageContaining("cut.hepml");
        }
    }

    /**
     * Native memory stays flat over repeated trainings (each batch's arrays are freed with its sub-manager).
     * Measured as the process's resident memory minus the Java heap's committed size, which grows on its own.
     */
    @Test
    void twentyTrainingsInARowDoNotGrowNativeMemory() throws Exception {
        float[][] x = TrainerTest.uniform(2000, 2, -1, 1, 1);
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[i][0] * x[i][1];
        long afterWarmUp = 0;
        for (int k = 0; k < 20; k++) {
            try (Mlp net = Mlp.builder().hidden(256, 256).seed(k).build(x)) {
                new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(3).withBatchSize(500).withSeed(k)).fit(net, new TrainingData(x, null).target("y", y), Losses.mse());
            }
            if (k == 4) afterWarmUp = rssKb();
        }
        long end = rssKb();
        // a leak of one step's activations and gradients (a few 500x256 float arrays, ~2.5 MB) would be
        // 15 trainings x 3 epochs x 4 batches x 2.5 MB = 450 MB; allocator and JIT noise measured up to ~50 MB
        assertThat(end - afterWarmUp).as("RSS growth in kB").isLessThan(150_000);
    }

    static long rssKb() throws Exception {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                long rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return rss - Runtime.getRuntime().totalMemory() / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
