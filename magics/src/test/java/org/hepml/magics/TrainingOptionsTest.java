package org.hepml.magics;

import ai.djl.engine.Engine;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.sim.RegressionToy;
import org.hepml.engine.nn.DeviceChoice;
import org.hepml.engine.nn.Devices;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScoreEstimator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The training options every training magic shares: one message per bad setting, checked before any work; the device per training. */
class TrainingOptionsTest {
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);
    final TrainMagic train = new TrainMagic(ws);
    final BnnMagic bnn = new BnnMagic(ws);
    final UnfoldMagic unfold = new UnfoldMagic(ws);

    /** Each training magic's command line with one setting added; the datasets do not exist, so any work would fail otherwise. */
    List<Runnable> everyMagicWith(String setting) {
        return List.of(
                () -> train.run(MagicsTest.args("ratio --data nothing --method carl " + setting + " --as est"), null),
                () -> train.run(MagicsTest.args("score --data nothing " + setting + " --as est"), null),
                () -> bnn.run(MagicsTest.args("regress --data nothing " + setting + " --as est"), null),
                () -> bnn.run(MagicsTest.args("classify --data nothing " + setting + " --as est"), null),
                () -> unfold.run(MagicsTest.args("omnifold --sim nothing --data nothing --gen x.gen --reco x.reco " + setting + " --as est"), null));
    }

    @Test
    void aBadSettingFailsWithTheSameMessageInEveryMagicBeforeAnyWork() {
        Map<String, String> bad = Map.of(
                "--epochs 0", "--epochs must be at least 1, got 0.",
                "--batch-size 0", "--batch-size must be at least 1, got 0.",
                "--lr -1", "--lr must be positive, got -1.0.",
                "--lr-final 0", "--lr-final must be positive, got 0.0.",
                "--validation 1", "--validation must be in [0, 1), got 1.0.",
                "--patience -2", "--patience must be 0 (never stop early) or more, got -2.",
                "--hidden 8,0", "--hidden sizes must be positive, got [8, 0].",
                "--device tpu", "--device takes auto, cpu or gpu; got 'tpu'.");
        bad.forEach((setting, message) -> {
            for (Runnable magic : everyMagicWith(setting)) {
                // the message is the settings' own: the missing dataset 'nothing' was never looked up
                assertThatThrownBy(magic::run).as(setting).hasMessage(message);
            }
        });
        assertThat(ws.entries()).isEmpty();
    }

    /** The options of one parsed command line of a magic (nothing runs). */
    static TrainingOptions parsed(PicocliMagic magic, String line) {
        var result = magic.commandLine().parseArgs(MagicsTest.args(line).toArray(String[]::new));
        while (result.hasSubcommand()) result = result.subcommand();
        Object command = result.commandSpec().userObject();
        if (command instanceof TrainMagic.Ratio r) return r.training;
        if (command instanceof TrainMagic.Score s) return s.training;
        if (command instanceof BnnMagic.Regress r) return r.net.training;
        if (command instanceof BnnMagic.Classify c) return c.net.training;
        if (command instanceof UnfoldMagic.Omni o) return o.training;
        throw new AssertionError(command);
    }

    /** Without options each magic trains with exactly its engine constant; a new --lr moves OmniFold's final rate with it. */
    @Test
    void withoutOptionsEachMagicTrainsWithItsKindsDefaults() {
        assertThat(parsed(train, "ratio --data d --method carl --as e").settings(TrainingSettings.ESTIMATOR)).isEqualTo(TrainingSettings.ESTIMATOR);
        assertThat(parsed(train, "score --data d --as e").settings(TrainingSettings.ESTIMATOR)).isEqualTo(TrainingSettings.ESTIMATOR);
        assertThat(parsed(bnn, "regress --data d --as e").settings(TrainingSettings.BAYESIAN)).isEqualTo(TrainingSettings.BAYESIAN);
        assertThat(parsed(bnn, "classify --data d --as e").settings(TrainingSettings.BAYESIAN)).isEqualTo(TrainingSettings.BAYESIAN);
        String omni = "omnifold --sim s --data d --gen g --reco r";
        assertThat(parsed(unfold, omni).settings(TrainingSettings.UNFOLDING)).isEqualTo(TrainingSettings.UNFOLDING);
        assertThat(parsed(unfold, omni + " --lr 5e-3").settings(TrainingSettings.UNFOLDING).finalLearningRate()).isEqualTo(5e-3 / 20);
        assertThat(parsed(unfold, omni + " --lr 5e-3 --lr-final lr/10").settings(TrainingSettings.UNFOLDING).finalLearningRate()).isEqualTo(5e-3 / 10);
        // an estimator's final rate stays where it was set, whatever the initial rate
        assertThat(parsed(train, "ratio --data d --method carl --lr 1e-2 --as e").settings(TrainingSettings.ESTIMATOR).finalLearningRate()).isEqualTo(1e-4);
        assertThatThrownBy(() -> parsed(train, "score --data d --lr-final soon --as e").settings(TrainingSettings.ESTIMATOR))
                .hasMessageContaining("--lr-final").hasMessageContaining("soon");
    }

    @Test
    void theHelpShowsEachMagicsOwnDefaults() {
        assertThat(train.run(MagicsTest.args("ratio --help"), null).toString()).contains("(default 50)").contains("(default 100,100)")
                .contains("(default 1.0e-4)");
        assertThat(bnn.run(MagicsTest.args("regress --help"), null).toString()).contains("(default 100)").contains("(default 32)")
                .contains("(default 0.001)");
        assertThat(unfold.run(MagicsTest.args("omnifold --help"), null).toString()).contains("(default 20)").contains("(default 50,50,50)")
                .contains("(default relu)").contains("(default lr/20)");
    }

    /**
     * {@code --device cpu} is the setting of that training only: the estimator trained with it says cpu, the next training
     * without the option is back on auto, and the default device of networks made outside a training is untouched.
     */
    @Test
    void theDeviceIsASettingOfOneTrainingNotAGlobal() {
        var before = Devices.current().device();
        events.run(MagicsTest.args("simulate galton --n 400 --theta uniform(-1,0) --reference -0.6 --seed 3 --as train"), null);
        events.run(MagicsTest.args("simulate galton --n 400 --theta -0.6 --augment --seed 4 --as atref"), null);
        RatioEstimator onCpu = (RatioEstimator) train.run(MagicsTest.args("ratio --data train --method carl --epochs 1 --hidden 4 --device cpu --as cpu"), null);
        assertThat(onCpu.options().orElseThrow().training().device()).isEqualTo(DeviceChoice.CPU);
        assertThat(Devices.current().device()).isEqualTo(before);
        ScoreEstimator later = (ScoreEstimator) train.run(MagicsTest.args("score --data atref --epochs 1 --hidden 4 --as later"), null);
        assertThat(later.options().orElseThrow().training()).isEqualTo(TrainingSettings.ESTIMATOR.withEpochs(1).withHidden(4));
        assertThat(later.options().orElseThrow().training().device()).isEqualTo(DeviceChoice.AUTO);
    }

    /** SALLY takes --ensemble as the ratio estimators do: K networks, trained together, saved with the estimator's options. */
    @Test
    void scoreEstimatorsTakeAnEnsemble() {
        events.run(MagicsTest.args("simulate ee-mumu --n 600 --theta 0.23 --augment --seed 5 --as atref"), null);
        ScoreEstimator three = (ScoreEstimator) train.run(MagicsTest.args("score --data atref --epochs 1 --hidden 4 --ensemble 3 --as three"), null);
        assertThat(three.members()).isEqualTo(3);
        assertThat(three.histories()).hasSize(3);
        assertThat(three.options().orElseThrow().ensemble()).isEqualTo(3);
        assertThatThrownBy(() -> train.run(MagicsTest.args("score --data atref --ensemble 0 --as none"), null)).hasMessageStartingWith("--ensemble");
        assertThat(ws.contains("none")).isFalse();
    }

    /** Without a GPU, {@code --device gpu} fails with what to do instead, before the data are looked up. */
    @Test
    void gpuWithoutAGpuFailsBeforeAnyWork() {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        ws.put("toy", new RegressionToy().generate("toy", 100));
        for (Runnable magic : everyMagicWith("--device gpu")) {
            assertThatThrownBy(magic::run).hasMessageStartingWith("--device gpu: DJL finds no CUDA GPU");
        }
        assertThat(ws.entries().keySet()).containsExactly("toy");
    }
}
