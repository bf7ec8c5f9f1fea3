package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code %%unfold omnifold --on WHERE}: local is the run one after another; a place nobody runs, or Spark without the
 * hepml-spark module (not on the magics' class path), is an error naming the option and what it takes, and the
 * workspace is unchanged. Spark itself is tested in the spark module (SparkOmniFoldTest, StandaloneClusterTest).
 */
class UnfoldOnTest {
    final Workspace ws = new Workspace();

    @Test
    void localIsTheDefaultAndOtherPlacesAreErrorsThatSayWhatIsAccepted() {
        EventsMagic events = new EventsMagic(ws);
        events.run(MagicsTest.args("simulate gaussian --n 2000 --seed 1 --as sim"), null);
        events.run(MagicsTest.args("simulate gaussian --n 2000 --mu 0.2 --sigma 0.8 --seed 2 --as data"), null);
        UnfoldMagic unfold = new UnfoldMagic(ws);
        String line = "omnifold --sim sim --data data --gen x.gen --reco x.reco --reweighter histogram --range -4,4 --iterations 2 --bootstrap 2";
        Dataset here = (Dataset) unfold.run(MagicsTest.args(line + " --as here"), null);
        Dataset local = (Dataset) unfold.run(MagicsTest.args(line + " --on local --as local"), null);
        for (String c : here.columnNames()) assertThat(local.column(c)).as(c).isEqualTo(here.column(c));
        assertThatThrownBy(() -> unfold.run(MagicsTest.args(line + " --on sprak --as x"), null))
                .hasMessageContaining("--on").hasMessageContaining("local");
        assertThatThrownBy(() -> unfold.run(MagicsTest.args(line + " --on spark --as x"), null))
                .hasMessageContaining("hepml-spark module is not on the class path");
        assertThat(ws.contains("x")).isFalse();
    }
}
