package org.hepml.magics;

import org.hepml.engine.anomaly.Cathode;
import org.hepml.engine.anomaly.CwolaHunt;
import org.hepml.engine.api.Workspace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** %anomaly cathode and anode (help, errors naming the option with nothing stored, a small run of each), cwola --no-decorrelate. */
class DensityAnomalyMagicTest {
    final Workspace ws = new Workspace();
    final AnomalyMagic anomaly = new AnomalyMagic(ws);

    @Test
    void helpNamesTheOptions() {
        assertThat(anomaly.run(MagicsTest.args("--help"), null).toString()).contains("cathode").contains("anode");
        assertThat(anomaly.run(MagicsTest.args("cathode --help"), null).toString()).contains("--signal-region").contains("--oversampling")
                .contains("--flow-epochs").contains("--epochs").contains("--folds");
        assertThat(anomaly.run(MagicsTest.args("anode --help"), null).toString()).contains("--flow-epochs").contains("--seed").contains("--background")
                .doesNotContain("--oversampling");
        assertThat(anomaly.run(MagicsTest.args("cwola --help"), null).toString()).contains("--no-decorrelate");
        assertThat(anomaly.run(MagicsTest.args("simulate --help"), null).toString()).contains("--mjj-dependence");
    }

    @Test
    void badOptionsAreNamedAndNothingIsStored() {
        anomaly.run(MagicsTest.args("simulate --n 3000 --as d"), null);
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("cathode --data d --oversample 3 --as c"), null))
                .isInstanceOf(MagicUsageException.class).hasMessageContaining("--oversample");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("cathode --data d --signal-region 3700,3300 --as c"), null))
                .hasMessageContaining("--signal-region");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("cathode --data d --oversampling 0 --as c"), null)).hasMessageContaining("--oversampling");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("anode --data d --flow-epochs 0 --as c"), null)).hasMessageContaining("--flow-epochs");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("anode --data d --bins 1 --as c"), null)).hasMessageContaining("--bins");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("cathode --data d --training-seeds -1 --as c"), null)).hasMessageContaining("--training-seeds");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("anode --data nope --as c"), null)).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("simulate --mjj-dependence -1 --as e"), null)).hasMessageContaining("dependence");
        assertThat(ws.contains("c")).isFalse();
        assertThat(ws.contains("c.events")).isFalse();
        assertThat(ws.contains("e")).isFalse();
    }

    @Test
    void smallRunsOfCathodeAnodeAndRawCwola() {
        anomaly.run(MagicsTest.args("simulate --n 6000 --signal-fraction 0.05 --seed 3 --as d"), null);
        Object c = anomaly.run(MagicsTest.args("cathode --data d --folds 2"), "--flow-epochs 2 --transforms 1 --bins 4 --epochs 2 --hidden 8 --as cat");
        assertThat(c).isInstanceOf(Cathode.Result.class);
        assertThat(((Cathode.Result) c).toHtml()).contains("CATHODE").contains("AUC");
        assertThat(ws.dataset("cat.events").has("score.cathode")).isTrue();
        Object a = anomaly.run(MagicsTest.args("anode --data d --folds 2 --flow-epochs 2 --transforms 1 --bins 4 --training-seeds 1"), null);
        assertThat(a.toString()).contains("ANODE").contains("training").contains("sd over 2 seeds");
        assertThat(((Cathode.Result) a).trainingSpread()).isFinite();
        assertThat(ws.contains("a")).isFalse();
        // ANODE on CATHODE's sideband flow (the same events, flow options and seed): no second training of p_bg
        Object reused = anomaly.run(MagicsTest.args("anode --data d --folds 2 --flow-epochs 2 --transforms 1 --bins 4 --background cat --as an"), null);
        assertThat(((Cathode.Result) reused).background()).isSameAs(((Cathode.Result) ws.get("cat")).background());
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("anode --data d --folds 2 --flow-epochs 3 --transforms 1 --bins 4 --background cat --as an2"), null))
                .hasMessageContaining("flow training").hasMessageContaining("2 epochs");
        assertThatThrownBy(() -> anomaly.run(MagicsTest.args("anode --data d --background d --as an2"), null))
                .hasMessageContaining("'d' is a").hasMessageContaining("CATHODE or ANODE result");
        assertThat(ws.contains("an2")).isFalse();
        Object raw = anomaly.run(MagicsTest.args("cwola --data d --folds 2 --no-decorrelate --epochs 2 --hidden 8 --efficiencies 1,0.2"), null);
        assertThat(raw).isInstanceOf(CwolaHunt.Result.class);
    }
}
