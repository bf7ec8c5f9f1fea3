package org.hepml.engine.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.hepml.engine.HepmlException;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.bayes.BnnRegressor;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.events.sim.RegressionToy;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScoreEstimator;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainingSettingsTest {

    /** The defaults each kind of method had before they were gathered here (EstimatorOptions, BnnOptions, ClassifierReweighter). */
    @Test
    void theDefaultsOfEachKindOfMethodAreTheOnesItHad() {
        TrainingSettings e = TrainingSettings.ESTIMATOR;
        assertThat(e.hidden()).containsExactly(100, 100);
        assertThat(e.activation()).isEqualTo(Activation.TANH);
        assertThat(new int[]{e.epochs(), e.batchSize(), e.patience()}).containsExactly(50, 128, 10);
        assertThat(new double[]{e.learningRate(), e.finalLearningRate(), e.validationFraction()}).containsExactly(1e-3, 1e-4, 0.25);
        assertThat(e.decay().shape()).isEqualTo(Trainer.Schedule.EXPONENTIAL);
        TrainingSettings b = TrainingSettings.BAYESIAN;
        assertThat(b.hidden()).containsExactly(32);
        assertThat(new int[]{b.epochs(), b.batchSize(), b.patience()}).containsExactly(100, 256, 0);
        assertThat(new double[]{b.learningRate(), b.finalLearningRate(), b.validationFraction()}).containsExactly(1e-2, 1e-3, 0.2);
        TrainingSettings u = TrainingSettings.UNFOLDING;
        assertThat(u.hidden()).containsExactly(50, 50, 50);
        assertThat(u.activation()).isEqualTo(Activation.RELU);
        assertThat(new int[]{u.epochs(), u.batchSize(), u.patience()}).containsExactly(20, 256, 0);
        assertThat(u.validationFraction()).isZero();
        assertThat(u.decay().shape()).isEqualTo(Trainer.Schedule.COSINE);
        // the cosine ends at 1/20 of whatever learning rate is set, exactly as lr / 20 was computed before
        assertThat(u.withLearningRate(5e-3).finalLearningRate()).isEqualTo(5e-3 / 20);
        for (TrainingSettings t : new TrainingSettings[]{e, b, u}) {
            assertThat(t.seed()).isEqualTo(1);
            assertThat(t.device()).isEqualTo(DeviceChoice.AUTO);
        }
        assertThat(BnnOptions.DEFAULT.samples()).isEqualTo(50);
        assertThat(BnnOptions.DEFAULT.priorWidth()).isEqualTo(1);
        assertThat(EstimatorOptions.DEFAULT.ensemble()).isEqualTo(1);
        assertThat(EstimatorOptions.DEFAULT.normalize()).isTrue();
        assertThat(new ClassifierReweighter().training()).isEqualTo(u);
    }

    @Test
    void badSettingsAreRefusedWhenMadeNamingTheOption() {
        TrainingSettings t = TrainingSettings.ESTIMATOR;
        assertThatThrownBy(() -> t.withEpochs(0)).isInstanceOf(HepmlException.class).hasMessage("--epochs must be at least 1, got 0.");
        assertThatThrownBy(() -> t.withBatchSize(-3)).hasMessage("--batch-size must be at least 1, got -3.");
        assertThatThrownBy(() -> t.withLearningRate(0)).hasMessage("--lr must be positive, got 0.0.");
        assertThatThrownBy(() -> t.withLearningRate(Double.NaN)).hasMessageStartingWith("--lr must be positive");
        assertThatThrownBy(() -> t.withFinalLearningRate(-1e-4)).hasMessage("--lr-final must be positive, got -1.0E-4.");
        assertThatThrownBy(() -> t.withValidationFraction(1)).hasMessage("--validation must be in [0, 1), got 1.0.");
        assertThatThrownBy(() -> t.withValidationFraction(-0.1)).hasMessageStartingWith("--validation must be in [0, 1)");
        assertThatThrownBy(() -> t.withPatience(-1)).hasMessageStartingWith("--patience");
        assertThatThrownBy(() -> t.withHidden()).hasMessage("--hidden needs at least one layer size.");
        assertThatThrownBy(() -> t.withHidden(8, 0)).hasMessage("--hidden sizes must be positive, got [8, 0].");
        assertThatThrownBy(() -> t.withThreads(-1)).hasMessage("--threads must be 0 (chosen per training) or more, got -1.");
        assertThatThrownBy(() -> DeviceChoice.parse("tpu")).hasMessage("--device takes auto, cpu or gpu; got 'tpu'.");
        assertThatThrownBy(() -> EstimatorOptions.DEFAULT.withEnsemble(0)).hasMessageStartingWith("--ensemble");
        // the value cannot be changed behind its back
        int[] sizes = {4, 4};
        TrainingSettings s = t.withHidden(sizes);
        sizes[0] = 0;
        s.hidden()[1] = 0;
        assertThat(s.hidden()).containsExactly(4, 4);
    }

    @Test
    void theSettingsSurviveTheirMetadata() {
        for (TrainingSettings t : new TrainingSettings[]{TrainingSettings.ESTIMATOR, TrainingSettings.BAYESIAN, TrainingSettings.UNFOLDING,
                TrainingSettings.ESTIMATOR.withHidden(7, 3).withActivation(Activation.SIGMOID).withDecay(TrainingSettings.Decay.CONSTANT)
                        .withSeed(-5).withDevice(DeviceChoice.CPU).withLearningRate(0.1, 0.0123456789).withThreads(3)}) {
            assertThat(TrainingSettings.fromMetadata(t.metadata())).contains(t);
        }
        assertThat(TrainingSettings.fromMetadata(Map.of("kind", "ratio"))).isEmpty();
        // a file saved before the thread count was: chosen per training, as it was then
        Map<String, String> old = new java.util.HashMap<>(TrainingSettings.ESTIMATOR.withThreads(2).metadata());
        old.remove("training.threads");
        assertThat(TrainingSettings.fromMetadata(old)).contains(TrainingSettings.ESTIMATOR);
        assertThat(TrainingSettings.ESTIMATOR.threads()).isZero();
        assertThat(TrainingSettings.ESTIMATOR.toString()).endsWith("threads auto");
        assertThat(TrainingSettings.ESTIMATOR.withThreads(2).toString()).endsWith("threads 2");
    }

    /**
     * The device belongs to one training: a network built with {@code cpu} lives on the CPU, and the default device of
     * every other network (auto) is unchanged by it. On a machine without a GPU, {@code gpu} fails when the settings are
     * made, before any data are prepared.
     */
    @Test
    void theDeviceIsASettingOfOneTraining() {
        Device before = Devices.current().device();
        TrainingSettings cpu = TrainingSettings.UNFOLDING.withHidden(4).withDevice(DeviceChoice.CPU);
        float[][] x = {{0f}, {1f}, {2f}};
        try (Mlp net = Mlp.builder().of(cpu).build(x); Mlp other = Mlp.builder().of(TrainingSettings.UNFOLDING.withHidden(4)).build(x)) {
            assertThat(net.parameters().get(0).getDevice()).isEqualTo(Device.cpu());
            assertThat(other.parameters().get(0).getDevice()).isEqualTo(before);
        }
        assertThat(Devices.current().device()).isEqualTo(before);
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        assertThatThrownBy(() -> TrainingSettings.ESTIMATOR.withDevice(DeviceChoice.GPU)).hasMessageStartingWith("--device gpu: DJL finds no CUDA GPU");
    }

    /** A saved model says how it was made: its training settings and seed, its data columns, the versions that made it. */
    @Test
    void savedModelsCarryTheirSettings(@TempDir Path dir) {
        Dataset d = new AugmentedSimulation(new GaltonBoard()).theta("uniform(-1,0)").reference(-0.6).seed(1).generate("t", 1000);
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(1).withHidden(6).withSeed(17).withDevice(DeviceChoice.CPU))
                .withEnsemble(2).withNormalize(false);
        try (RatioEstimator e = RatioEstimator.train(d, Method.CARL, 1, o)) {
            Path f = e.save(dir.resolve("carl.hepml"));
            try (RatioEstimator back = RatioEstimator.load(f)) {
                assertThat(back.options()).contains(o);
            }
            Map<String, String> meta = ModelFile.read(f).metadata();
            assertThat(meta).containsEntry("training.seed", "17").containsEntry("training.device", "CPU")
                    .containsEntry("observables", String.join(",", e.observables())).containsEntry("parameters", String.join(",", e.parameters()))
                    .containsEntry("trained_on", "t").containsKeys("hepml.version", "djl.version", "engine");
            assertThat(e.observables()).isNotEmpty();
            assertThat(meta.get("djl.version")).isNotBlank();
        }
        Dataset atRef = new AugmentedSimulation(new GaltonBoard()).theta("-0.6").augment(true).seed(2).generate("r", 500);
        EstimatorOptions so = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(1).withHidden(5).withSeed(3));
        try (ScoreEstimator s = ScoreEstimator.train(atRef, so); ScoreEstimator back = ScoreEstimator.load(s.save(dir.resolve("sally.hepml")))) {
            assertThat(back.options().orElseThrow().training()).isEqualTo(so.training());
        }
        Dataset toy = new RegressionToy().noise(0.2).seed(3).generate("toy", 300);
        BnnOptions bo = BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(6).withEpochs(2).withSeed(9)).withSamples(7);
        try (BnnRegressor r = BnnRegressor.train(toy, "y", bo); BnnRegressor back = BnnRegressor.load(r.save(dir.resolve("bnn.hepml")))) {
            assertThat(back.options().training()).isEqualTo(bo.training());
            assertThat(back.options().samples()).isEqualTo(7);
            assertThat(back.predict(new double[][]{{0.5}}).mean()).containsExactly(r.predict(new double[][]{{0.5}}).mean(), within(1e-9));
            // a file from before the settings were saved still loads, predicts the same and says it does not know them
            Path old = withoutSettings(dir.resolve("bnn.hepml"), dir.resolve("old-bnn.hepml"));
            try (BnnRegressor fromOld = BnnRegressor.load(old)) {
                assertThat(fromOld.predict(new double[][]{{0.5}}).mean()).containsExactly(r.predict(new double[][]{{0.5}}).mean(), within(1e-9));
                assertThat(fromOld.options().samples()).isEqualTo(7);
            }
        }
        try (RatioEstimator fromOld = RatioEstimator.load(withoutSettings(dir.resolve("carl.hepml"), dir.resolve("old-carl.hepml")))) {
            assertThat(fromOld.options()).isEmpty();
        }
        try (ScoreEstimator fromOld = ScoreEstimator.load(withoutSettings(dir.resolve("sally.hepml"), dir.resolve("old-sally.hepml")))) {
            assertThat(fromOld.options()).isEmpty();
        }
    }

    /** A copy of a model file as hepml wrote it before the settings and versions were saved: no training.*, djl.version or engine lines. */
    static Path withoutSettings(Path file, Path to) {
        try (var in = new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(file));
             var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(to))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("manifest.properties")) {
                    String kept = String.join("\n", new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines()
                            .filter(l -> !l.startsWith("meta.training.") && !l.startsWith("djl.version") && !l.startsWith("engine")
                                    && !l.startsWith("meta.initial_sigma") && !l.startsWith("meta.ensemble") && !l.startsWith("meta.normalize")).toList());
                    assertThat(kept).doesNotContain("training.").contains("meta.kind");
                    bytes = kept.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return to;
    }
}
