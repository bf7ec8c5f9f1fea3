package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.sbi.PosteriorEstimator;
import org.hepml.engine.sbi.PosteriorSamples;
import org.hepml.engine.sbi.SimulationBasedCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code %%train posterior}, {@code %infer posterior} and {@code %infer sbc}: help, a small round trip, bad input named. */
class PosteriorMagicsTest {
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);
    final TrainMagic train = new TrainMagic(ws);
    final InferMagic infer = new InferMagic(ws);

    @Test
    void helpNamesTheOptions() {
        assertThat(train.run(MagicsTest.args("posterior --help"), null).toString()).contains("--simulator").contains("--prior")
                .contains("--simulations").contains("(default 10)");
        assertThat(infer.run(MagicsTest.args("posterior --help"), null).toString()).contains("--observed").contains("--exact");
        assertThat(infer.run(MagicsTest.args("sbc --help"), null).toString()).contains("--draws").contains("--samples").contains("--bins");
    }

    @Test
    void trainInferCalibrateSaveAndLoad(@TempDir Path dir) {
        Object npe = train.run(MagicsTest.args("posterior --simulator gaussian --events 20 --simulations 500 --epochs 2 --hidden 8 --as npe"), null);
        assertThat(npe).isInstanceOf(PosteriorEstimator.class);
        events.run(MagicsTest.args("simulate gaussian --n 20 --mu 0.3 --seed 2 --as obs"), null);
        PosteriorSamples p = (PosteriorSamples) infer.run(MagicsTest.args("posterior --model npe --observed obs --draws 500 --exact --as post"), null);
        assertThat(p.samples()).hasSize(500);
        assertThat(p.exact()).isNotNull();
        assertThat(ws.contains("post")).isTrue();
        SimulationBasedCalibration sbc = (SimulationBasedCalibration) infer.run(MagicsTest.args("sbc --model npe --draws 40 --samples 19 --bins 4"), null);
        assertThat(sbc.draws()).isEqualTo(40);
        assertThat(p.toHtml()).contains("exact: mean").contains("<img");
        assertThat(sbc.toHtml()).contains("chi2").contains("<img");
        Path file = dir.resolve("npe.hepml");
        train.run(MagicsTest.args("save npe " + file), null);
        assertThat(train.run(MagicsTest.args("load " + file + " --as back"), null)).isInstanceOf(PosteriorEstimator.class);
        PosteriorSamples again = (PosteriorSamples) infer.run(MagicsTest.args("posterior --model back --observed obs --draws 500 --exact"), null);
        // same flow, same seed: the same samples
        assertThat(again.samples()).containsExactly(p.samples());
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> train.run(MagicsTest.args("posterior --prior flat(0,1) --as f"), null)).hasMessageContaining("--prior");
        assertThatThrownBy(() -> train.run(MagicsTest.args("posterior --simulator pythia --as f"), null)).hasMessageContaining("gaussian");
        assertThatThrownBy(() -> train.run(MagicsTest.args("posterior --events 1 --as f"), null)).hasMessageContaining("--events");
        assertThat(ws.contains("f")).isFalse();
        train.run(MagicsTest.args("posterior --events 10 --simulations 200 --epochs 1 --hidden 4 --as f"), null);
        events.run(MagicsTest.args("simulate gaussian --n 20 --seed 2 --as twenty"), null);
        assertThatThrownBy(() -> infer.run(MagicsTest.args("posterior --model f --observed twenty"), null))
                .hasMessageContaining("20 events").hasMessageContaining("--events 20");
        events.run(MagicsTest.args("simulate gaussian --n 10 --sigma 2 --seed 2 --as wide"), null);
        assertThatThrownBy(() -> infer.run(MagicsTest.args("posterior --model f --observed wide"), null)).hasMessageContaining("sigma");
        assertThatThrownBy(() -> infer.run(MagicsTest.args("posterior --model twenty --observed twenty"), null)).hasMessageContaining("twenty");
        assertThatThrownBy(() -> infer.run(MagicsTest.args("sbc --model f --samples 100"), null)).hasMessageContaining("--samples");
    }
}
