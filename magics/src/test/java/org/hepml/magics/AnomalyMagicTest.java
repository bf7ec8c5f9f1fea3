package org.hepml.magics;

import org.hepml.engine.anomaly.Abcd;
import org.hepml.engine.anomaly.CwolaHunt;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.NegativeWeightToy;
import org.hepml.engine.plot.Figure;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grammar of %anomaly and %events resample: help, errors that name the option, and small runs of every verb. */
class AnomalyMagicTest {
    final Workspace ws = new Workspace();
    final AnomalyMagic anomaly = new AnomalyMagic(ws);
    final EventsMagic events = new EventsMagic(ws);

    @Test
    void helpListsTheVerbsAndTheirOptions() {
        assertThat(anomaly.run(MagicsTest.args("--help"), null).toString()).contains("Usage: %anomaly").contains("cwola")
                .contains("autoencoder").contains("disco").contains("abcd").contains("roc").contains("score").contains("simulate");
        assertThat(anomaly.run(MagicsTest.args("cwola --help"), null).toString()).contains("--signal-region").contains("--folds")
                .contains("--efficiencies").contains("--epochs");
        assertThat(anomaly.run(MagicsTest.args("disco --help"), null).toString()).contains("--lambda").contains("--mass").contains("--decorrelate-on");
        assertThat(events.run(MagicsTest.args("resample --help"), null).toString()).contains("--features").contains("--unweight");
        assertThat(Magics.all(ws)).anyMatch(m -> m.name().equals("anomaly"));
        assertThat(new InferMagic(ws).run(MagicsTest.args("design --help"), null).toString()).contains("--energies").contains("--luminosity");
    }

    @Test
    void inferDesignExactOnly() {
        Object r = new InferMagic(ws).run(MagicsTest.args("design --events 0 --energies 88,91.19,94 --as plan"), null);
        assertThat(r).isInstanceOf(org.hepml.engine.sbi.ExperimentDesign.Result.class);
        assertThat(ws.get("plan")).isSameAs(r);
        assertThatThrownBy(() -> new InferMagic(ws).run(MagicsTest.args("design --events 0 --energies 5,91"), null)).hasMessageContaining("sqrts");
    }

    @Test
    void badOptionsAreNamedAndNothingIsStored() {
        anomaly.run(MagicsTest.args("simulate --n 3000 --as d"), null);
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("cwola --data d --fold 3 --as c"), null))
                .isInstanceOf(MagicUsageException.class).hasMessageContaining("--fold");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("cwola --data d --signal-region 3700,3300 --as c"), null))
                .hasMessageContaining("--signal-region");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("cwola --data nope --as c"), null)).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("score --model d --data d"), null)).hasMessageContaining("not an anomaly model");
        assertThatThrownBy(() -> events.run(MagicsTest.args("resample --data d --as r"), null)).hasMessageContaining("no weight column");
        assertThat(ws.contains("c")).isFalse();
        assertThat(ws.contains("r")).isFalse();
    }

    @Test
    void smallRunsOfEveryVerb() {
        anomaly.run(MagicsTest.args("simulate --n 5000 --signal-fraction 0.05 --seed 3 --as d"), null);
        Object r = anomaly.run(MagicsTest.args("cwola --data d --folds 2"), "--epochs 2 --hidden 8 --efficiencies 1,0.2 --as hunt");
        assertThat(r).isInstanceOf(CwolaHunt.Result.class);
        assertThat(((CwolaHunt.Result) r).toHtml()).contains("CWoLa hunt");
        assertThat(ws.dataset("hunt.events").has("score.cwola")).isTrue();
        anomaly.run(MagicsTest.args("autoencoder --data d --features x.mj1,x.mj2,x.tau21_j1 --latent 1 --epochs 2 --hidden 8 --as ae"), null);
        anomaly.run(MagicsTest.args("autoencoder --data d --features x.mj1,x.mj2 --variational --epochs 2 --hidden 8 --as vae"), null);
        anomaly.run(MagicsTest.args("disco --data d --features x.mj1,x.tau21_j1 --lambda 10 --epochs 2 --hidden 8 --as dc"), null);
        // decorrelated inputs, fitted on the sample's background events (label 0)
        anomaly.run(MagicsTest.args("disco --data d --features x.mj1,x.tau21_j1 --decorrelate-on d --epochs 2 --hidden 8 --as dcd"), null);
        assertThat(((org.hepml.engine.anomaly.DisCo) ws.get("dcd")).decorrelated()).isTrue();
        for (String m : new String[]{"ae", "vae", "dc"}) anomaly.run(MagicsTest.args("score --model " + m + " --data d"), null);
        assertThat(anomaly.run(MagicsTest.args("roc --data d --scores score.ae,score.vae,score.dc"), null)).isInstanceOf(Figure.class);
        Object abcd = anomaly.run(MagicsTest.args("abcd --data d --score score.dc --efficiency 0.2 --truth y"), null);
        assertThat(abcd).isInstanceOf(Abcd.class);
        // the working point from another sample: the cut is that sample's quantile, applied to --data
        anomaly.run(MagicsTest.args("simulate --n 3000 --seed 4 --as other"), null);
        anomaly.run(MagicsTest.args("score --model dc --data other"), null);
        Abcd separate = (Abcd) anomaly.run(MagicsTest.args("abcd --data d --score score.dc --efficiency 0.2 --cut-from other"), null);
        assertThat(separate.scoreCut()).isEqualTo(Abcd.cutKeeping(ws.dataset("other").column("score.dc"), 0.2));

        ws.put("nlo", new NegativeWeightToy().seed(4).generate("nlo", 3000));
        Dataset out = (Dataset) events.run(MagicsTest.args("resample --data nlo --features x.x1,x.x2 --epochs 2 --as pos"), null);
        assertThat(Arrays.stream(out.column("weight")).min().orElseThrow()).isGreaterThan(0);
        assertThat(ws.dataset("pos")).isSameAs(out);
    }

    @Test
    void resampleWorksOnALoadedLheFileWithNegativeWeights(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        // the shipped ee -> mumu sample with every fifth event's weight made negative, as an NLO generator's would be
        java.nio.file.Path sample = java.nio.file.Path.of("..", "notebooks", "data", "ee_mumu.lhe.gz");
        StringBuilder out = new StringBuilder();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(sample))))) {
            String line;
            int event = 0;
            boolean header = false;
            while ((line = in.readLine()) != null) {
                if (header) {
                    String[] f = line.trim().split("\\s+");
                    if (event++ % 5 == 0) f[2] = "-" + f[2];
                    line = String.join(" ", f);
                }
                header = line.trim().equals("<event>");
                out.append(line).append('\n');
            }
        }
        java.nio.file.Path nlo = tmp.resolve("nlo.lhe");
        java.nio.file.Files.writeString(nlo, out);
        events.run(java.util.List.of("load", nlo.toString(), "--observables", "costh(mum1)", "--limit", "1000", "--as", "nlo"), null);
        double[] before = ws.dataset("nlo").column("weight");
        assertThat(Arrays.stream(before).filter(w -> w < 0).count()).isEqualTo(200);
        Dataset pos = (Dataset) events.run(MagicsTest.args("resample --data nlo --epochs 2 --as pos"), null);
        assertThat(Arrays.stream(pos.column("weight")).min().orElseThrow()).isGreaterThan(0);
        assertThat(Arrays.stream(pos.column("weight")).sum()).isCloseTo(Arrays.stream(before).sum(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(pos.has("weight.rw0001")).isTrue();
    }
}
