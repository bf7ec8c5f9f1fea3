package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.OmniFoldOptions;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.events.sim.TwoTuneJets;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

/**
 * {@code %jets pairs} and {@code %%unfold omnifold} on particle lists are parse + their Java twins; the unfolded events
 * keep their generator-level particles, so {@code %jets cluster} computes observables with the unfolded weights; bad
 * combinations are errors that name the option and leave the workspace as it was. (That the unfolding works is
 * engine's ParticleOmniFoldTest.)
 */
class ParticleOmniFoldMagicTest {
    static final String UNFOLD = "omnifold --sim sim --data nature --gen gen.particles --reco particles --iterations 1 --epochs 1"
            + " --hidden 8 --latent 8 --particles 16 --batch-size 100 --seed 3";

    @Test
    void particleLevelOmniFoldIsItsJavaTwinAndItsParticlesCluster() {
        Workspace ws = new Workspace();
        JetsMagic jets = new JetsMagic(ws);
        jets.run(args("pairs --tune simulation --n 300 --seed 1 --as sim"), null);
        jets.run(args("pairs --tune nature --n 300 --seed 2 --as nature"), null);
        assertThat(ws.get("sim.gen.particles")).isInstanceOf(ParticleEvents.class);
        Dataset unfolded = (Dataset) new UnfoldMagic(ws).run(args(UNFOLD + " --bootstrap 1 --as unf"), null);
        assertThat(unfolded.columnNames()).contains("weight", "weight.prior", "weight.boot1", "n_gen");
        ParticleEvents particles = (ParticleEvents) ws.get("unf.particles");
        assertThat(particles.size()).isEqualTo(unfolded.size());
        Dataset table = (Dataset) jets.run(args("cluster unf --algorithm antikt -R 0.8 --pt-min 50 --as unf_jets"), null);
        assertThat(table.column("weight")).containsExactly(unfolded.column("weight"));
        assertThat(table.columnNames()).contains("x.tau21", "weight.boot1");

        Workspace other = new Workspace();
        Hep hep = new Hep(other);
        hep.simulatePairs("sim", 300, hep.twoTuneJets().tune(TwoTuneJets.Tune.SIMULATION).seed(1));
        hep.simulatePairs("nature", 300, hep.twoTuneJets().tune(TwoTuneJets.Tune.NATURE).seed(2));
        OmniFoldOptions o = new OmniFoldOptions();
        o.training = TrainingSettings.UNFOLDING.withEpochs(1).withHidden(8).withBatchSize(100).withSeed(3);
        o.iterations = 1;
        o.latent = 8;
        o.particles = 16;
        o.bootstrap = 1;
        Dataset twin = hep.omnifold("sim", "nature", "gen.particles", "particles", o, "unf");
        assertThat(twin.column("weight")).containsExactly(unfolded.column("weight"));
    }

    @Test
    void badCombinationsNameTheOptionAndLeaveTheWorkspace() {
        Workspace ws = new Workspace();
        JetsMagic jets = new JetsMagic(ws);
        jets.run(args("pairs --n 50 --seed 1 --as sim"), null);
        jets.run(args("pairs --tune nature --n 50 --seed 2 --as nature"), null);
        UnfoldMagic unfold = new UnfoldMagic(ws);
        assertThatThrownBy(() -> unfold.run(args(UNFOLD + " --reweighter mlp --as x"), null)).hasMessageContaining("--reweighter mlp")
                .hasMessageContaining("pfn or efn");
        assertThatThrownBy(() -> unfold.run(args(UNFOLD.replace("gen.particles", "truth.particles") + " --as x"), null))
                .hasMessageContaining("'sim.truth.particles' holds none");
        assertThatThrownBy(() -> unfold.run(args(UNFOLD.replace("--reco particles", "--reco n_reco --data-reco particles") + " --as x"), null))
                .hasMessageContaining("both must be columns or both particles");
        assertThatThrownBy(() -> unfold.run(args("omnifold --sim sim --data nature --gen n_gen --reco n_reco --reweighter efn --as x"), null))
                .hasMessageContaining("--reweighter efn needs particle lists");
        assertThatThrownBy(() -> jets.run(args("pairs --tune pythia --as y"), null)).hasMessageContaining("--tune").hasMessageContaining("nature");
        assertThat(ws.contains("x")).isFalse();
        assertThat(ws.contains("x.particles")).isFalse();
        assertThat(ws.contains("y")).isFalse();
    }
}
