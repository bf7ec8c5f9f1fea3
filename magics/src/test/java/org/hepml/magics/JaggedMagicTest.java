package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.DatasetSummary;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.JaggedColumn;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

/** Particle lists loaded from HDF5 jet files through %events load, described, selected and clustered. */
class JaggedMagicTest {
    static final String DIR = "../engine/src/test/resources/org/hepml/engine/events/io/constituents/";
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);

    @Test
    void loadDescribeSelectAndClusterLandscapeJets() {
        events.run(args("load " + DIR + "landscape.h5 --as top"), null);
        Dataset top = new Hep(ws).dataset("top");
        DatasetSummary s = (DatasetSummary) events.run(args("describe top"), null);
        assertThat(s.jaggedColumn("E").maxCount()).isEqualTo(200);
        assertThat(s.jaggedColumn("E").minCount()).isZero();
        assertThat(s.toString()).contains("jagged column").contains("max n");

        Dataset hard = (Dataset) events.run(args("select top --where \"y == 1\" --particles \"E > 20 and |PZ| < 1000\" --as hard"), null);
        JaggedColumn e = top.jagged("E"), pz = top.jagged("PZ");
        double[] y = top.column("y");
        int event = 0;
        for (int i = 0; i < top.size(); i++) {
            if (y[i] != 1) continue;
            int n = 0;
            for (int k = 0; k < e.count(i); k++) if (e.get(i, k) > 20 && Math.abs(pz.get(i, k)) < 1000) n++;
            assertThat(hard.jagged("PX").count(event)).as("jet %d", i).isEqualTo(n);
            event++;
        }
        assertThat(hard.size()).isEqualTo(event);

        // the dataset's four-momenta columns are what %jets clusters
        FourMomenta p = new Hep(ws).particles("hard");
        assertThat(p.particles()).isEqualTo(hard.jagged("E").values().length);
        Dataset jets = (Dataset) new JetsMagic(ws).run(args("cluster hard --algorithm antikt -R 0.8 --as hard_jets"), null);
        assertThat(jets.size()).isEqualTo(hard.size());
    }

    /** LHE and HepMC: the visible final state (status 1, no neutrinos) of every event as the dataset's px, py, pz, e. */
    @Test
    void eventFilesCarryTheirFinalStateAsJaggedColumns() {
        for (String file : new String[]{"mg5_ttbar_rwgt.lhe", "pythia8_zmumu.hepmc3", "herwig_ww.hepmc2"}) {
            events.run(args("load ../engine/src/test/resources/events/" + file + " --as ev"), null);
            Hep hep = new Hep(ws);
            Dataset d = hep.dataset("ev");
            org.hepml.engine.events.ParticleArrays all = hep.loaded("ev").particles();
            int[] off = d.jagged("px").offsets();
            int p = 0;
            for (int i = 0; i < all.events(); i++) {
                for (int k = all.first(i); k < all.end(i); k++) {
                    int a = Math.abs(all.pdg()[k]);
                    if (all.status()[k] != 1 || a == 12 || a == 14 || a == 16) continue;
                    assertThat(d.jagged("px").values()[p]).as(file).isEqualTo(all.px()[k]);
                    assertThat(d.jagged("e").values()[p]).as(file).isEqualTo(all.e()[k]);
                    p++;
                }
                assertThat(off[i + 1]).as(file + " event %d", i).isEqualTo(p);
            }
            DatasetSummary s = (DatasetSummary) events.run(args("describe ev"), null);
            assertThat(s.jaggedColumn("pz").entries()).isEqualTo(p);
            events.run(args("drop ev"), null);
        }
    }

    @Test
    void badFeaturesLeaveTheWorkspaceAsItWas() {
        Set<String> before = Set.copyOf(ws.entries().keySet());
        assertThatThrownBy(() -> events.run(args("load " + DIR + "jetnet.h5 --features pt,eta --as jn"), null))
                .hasMessageContaining("jetnet.h5").hasMessageContaining("4 features per particle").hasMessageContaining("--features names 2");
        assertThat(ws.entries().keySet()).isEqualTo(before);
        assertThatThrownBy(() -> events.run(args("select nothing --particles \"pt > 1\" --as x"), null)).hasMessageContaining("nothing");
        events.run(args("load " + DIR + "jetnet.h5 --features eta,phi,pt,mask --as jn"), null);
        assertThatThrownBy(() -> events.run(args("select jn --particles \"pt >> 1\" --as x"), null)).hasMessageContaining("COLUMN OP NUMBER");
        assertThatThrownBy(() -> events.run(args("select jn --where \"pt > 1\" --as x"), null)).hasMessageContaining("particle list");
        assertThat(ws.contains("x")).isFalse();
        Dataset some = (Dataset) events.run(args("select jn --from 1 --to 4 --particles \"pt > 0.1\" --as some"), null);
        assertThat(some.size()).isEqualTo(3);
        assertThat(some.jagged("eta").offsets()).isSameAs(some.jagged("pt").offsets());
    }
}
