package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.jets.JetDefinition;
import org.hepml.engine.jets.Jets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

class JetsMagicTest {
    final Workspace ws = new Workspace();
    final JetsMagic jets = new JetsMagic(ws);

    /** The magic is parse + the Java twin: the same seed gives the very same table both ways. */
    @Test
    void simulateAndClusterAreTheirJavaTwins() {
        Dataset sim = (Dataset) jets.run(args("simulate --n 300 --seed 4 --as tq"), null);
        assertThat(sim.size()).isEqualTo(300);
        assertThat(ws.contains("tq.particles")).isTrue();
        Dataset table = (Dataset) jets.run(args("cluster tq --algorithm antikt -R 0.8 --pt-min 200 --as tqj"), null);
        assertThat(table.columnNames()).contains("x.m", "x.tau32", "x.d2", "x.zg", "x.m_sd", "y", "truth.pt");
        assertThat(ws.get("tqj.jets")).isInstanceOf(Jets.class);

        Workspace other = new Workspace();
        Hep hep = new Hep(other);
        hep.simulate("tq", 300, hep.topQcdJets().seed(4));
        Dataset twin = hep.clusterJets("tq", JetDefinition.antiKt(0.8), 200, 2.5, 0.1, 0, true, "tqj");
        for (String c : new String[]{"x.m", "x.tau32", "x.zg", "y"}) assertThat(twin.column(c)).as(c).containsExactly(table.column(c));

        // the b-quark options reach the simulator: the first model (no B hadrons, no QCD b jets) is its own Java twin
        Dataset first = (Dataset) jets.run(args("simulate --n 300 --seed 4 --no-b-hadrons --b-fraction 0 --isotropic-w --as first"), null);
        Dataset firstTwin = hep.simulate("first", 300, hep.topQcdJets().flavouredHadronisation(false).bFraction(0).standardModelW(false).seed(4));
        assertThat(first.column("n_particles")).containsExactly(firstTwin.column("n_particles"));
        assertThat(first.column("n_particles")).isNotEqualTo(sim.column("n_particles"));
        assertThat(first.column("truth.b")).containsExactly(first.column("y"));  // only the tops hold a b
    }

    /** The final state of a loaded LHE file (status 1, neutrinos left out) clusters like simulated particles. */
    @Test
    void clustersTheFinalStateOfALoadedFile() {
        new EventsMagic(ws).run(args("load ../engine/src/test/resources/events/mg5_ttbar_rwgt.lhe --as tt"), null);
        org.hepml.engine.events.ParticleArrays all = new Hep(ws).loaded("tt").particles();
        int visible = 0;
        for (int i = 0; i < all.particles(); i++) {
            int a = Math.abs(all.pdg()[i]);
            if (all.status()[i] == 1 && a != 12 && a != 14 && a != 16) visible++;
        }
        assertThat(new Hep(ws).particles("tt").particles()).isEqualTo(visible);
        Dataset table = (Dataset) jets.run(args("cluster tt --algorithm kt -R 0.4 --as tt_jets"), null);
        assertThat(table.size()).isEqualTo(all.events());
        int constituents = 0;
        Jets j = new Hep(ws).jets("tt_jets");
        for (int k = 0; k < j.size(); k++) constituents += j.multiplicity(k);
        assertThat(constituents).as("with pT > 0 and |y| < 2.5 every central particle is in a jet").isLessThanOrEqualTo(visible);
        assertThat(table.column("weight")).hasSize(all.events());
    }

    @Test
    void badOptionsNameWhatIsWrong() {
        jets.run(args("simulate --n 20 --as few"), null);
        assertThatThrownBy(() -> jets.run(args("cluster few --algorithm siscone"), null)).hasMessageContaining("siscone")
                .hasMessageContaining("antikt, kt or ca");
        assertThatThrownBy(() -> jets.run(args("cluster few -R -1"), null)).hasMessageContaining("radius R");
        assertThatThrownBy(() -> jets.run(args("cluster nothing"), null)).hasMessageContaining("'nothing' has no particles");
        assertThatThrownBy(() -> jets.run(args("simulate --n 10 --pt-min 700 --pt-max 600"), null)).hasMessageContaining("pT range");
        assertThat(jets.run(args("cluster --help"), null)).isInstanceOf(HelpText.class);
        assertThat(ws.contains("few_jets")).isFalse();
    }
}
