package org.hepml.magics;

import org.hepml.engine.HepmlException;
import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.jets.emd.EnergyMoversDistance;
import org.hepml.engine.plot.Figure;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

/** {@code %events emd}: parse and call Hep's emd / emdToReference (the same numbers), bad input named. */
class EmdMagicTest {
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);

    @Test
    void drawsTheTransportAndAddsTheColumnLikeItsJavaTwin() {
        String sample = Path.of("..", "notebooks", "data", "ee_mumu.lhe.gz").toString();
        events.run(List.of("load", sample, "--limit", "30", "--as", "ee"), null);
        Object picture = events.run(args("emd ee --between 0 1 --R 1.0"), null);
        assertThat(picture).isInstanceOf(Figure.class);
        assertThat(((Figure) picture).title()).startsWith("EMD = ");

        Object r = events.run(args("emd ee --to 3 --R 1.0 --beta 2"), null);
        Dataset d = ws.dataset("ee");
        assertThat(r).isSameAs(d);
        double[] emd = d.column("x.emd");
        assertThat(emd).hasSize(30);
        assertThat(emd[3]).isZero();
        // the Java twin on the same workspace: the same column
        Dataset twin = new Hep(ws).emdToReference("ee", 3, new EnergyMoversDistance(1.0, 2), "x.emd2");
        assertThat(twin.column("x.emd2")).containsExactly(emd);
        // two muons of ~45 GeV each per event: every EMD is positive and at most moving all of them by the widest angle
        for (int k = 0; k < emd.length; k++) {
            if (k != 3) assertThat(emd[k]).isPositive();
        }
    }

    @Test
    void badInputIsNamed() {
        String sample = Path.of("..", "notebooks", "data", "ee_mumu.lhe.gz").toString();
        events.run(List.of("load", sample, "--limit", "5", "--as", "ee"), null);
        assertThatThrownBy(() -> events.run(args("emd ee"), null)).isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("--between");
        assertThatThrownBy(() -> events.run(args("emd ee --between 0 9"), null)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("Event 9").hasMessageContaining("5 events");
        assertThatThrownBy(() -> events.run(args("emd ee --to 0 --R -1"), null)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("R must");
        assertThatThrownBy(() -> events.run(args("emd nothing --to 0"), null)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("nothing");
        assertThat(ws.dataset("ee").columnNames()).doesNotContain("x.emd");
        assertThat(events.run(args("emd --help"), null).toString()).contains("--between");
    }
}
