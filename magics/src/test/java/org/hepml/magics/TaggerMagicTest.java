package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.tagging.ParticleFeatures;
import org.hepml.engine.tagging.TaggerModel;
import org.hepml.engine.tagging.TaggerOptions;
import org.hepml.engine.tagging.TaggerResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

class TaggerMagicTest {
    final Workspace ws = new Workspace();
    final TrainMagic train = new TrainMagic(ws);

    /** The magic is parse + {@link Hep#trainTagger}: the same options give the very same figures both ways. */
    @Test
    void taggerIsItsJavaTwin() {
        new JetsMagic(ws).run(args("simulate --n 400 --seed 3 --as tq"), null);
        TaggerResult r = (TaggerResult) train.run(args("tagger --data tq --model efn --seeds 2 --particles 20 --phi 8 --latent 4 --f 8 --epochs 2 --as t"), null);
        assertThat(ws.get("t")).isSameAs(r);
        assertThat(r.perSeed()).hasSize(2);
        assertThat(r.toString()).contains("efn tagger").contains("1/eps_B at eps_S = 0.3");

        Workspace other = new Workspace();
        Hep hep = new Hep(other);
        hep.simulate("tq", 400, hep.topQcdJets().seed(3));
        TaggerOptions o = TaggerOptions.of(TaggerModel.EFN).withSeeds(2).withParticles(20).withNetwork(new int[]{8}, 4, new int[]{8});
        TaggerResult twin = hep.trainTagger("tq", null, "y", o.withTraining(o.training().withEpochs(2)), "t");
        for (int s = 0; s < 2; s++) assertThat(twin.perSeed().get(s).auc()).isEqualTo(r.perSeed().get(s).auc());

        // the PFN's particle features: kinematic by default, --features angular the (z, y, phi) the EFN sees
        String pfn = "tagger --data tq --model pfn --seeds 1 --particles 20 --phi 8 --latent 4 --f 8 --epochs 2";
        TaggerResult kinematic = (TaggerResult) train.run(args(pfn + " --as k"), null);
        TaggerResult angular = (TaggerResult) train.run(args(pfn + " --features angular --as a"), null);
        assertThat(kinematic.options().features()).isEqualTo(ParticleFeatures.KINEMATIC);
        assertThat(kinematic.options().toString()).contains("ln pT");
        TaggerOptions p = TaggerOptions.of(TaggerModel.PFN).withSeeds(1).withParticles(20).withNetwork(new int[]{8}, 4, new int[]{8})
                .withFeatures(ParticleFeatures.ANGULAR);
        TaggerResult angularTwin = hep.trainTagger("tq", null, "y", p.withTraining(p.training().withEpochs(2)), "a");
        assertThat(angularTwin.perSeed().get(0).auc()).isEqualTo(angular.perSeed().get(0).auc());
        assertThat(kinematic.perSeed().get(0).auc()).isNotEqualTo(angular.perSeed().get(0).auc());
    }

    @Test
    void helpAndBadOptionsNameWhatIsWrong() {
        assertThat(train.run(args("tagger --help"), null).toString()).contains("--model").contains("--seeds").contains("--particles")
                .contains("1/eps_B");
        new JetsMagic(ws).run(args("simulate --n 40 --as few"), null);
        assertThatThrownBy(() -> train.run(args("tagger --data few --model cnn --as t"), null)).hasMessageContaining("--model takes efn, pfn, mlp, bnn-pfn")
                .hasMessageContaining("cnn");
        assertThatThrownBy(() -> train.run(args("tagger --data few --model efn --label top --as t"), null)).hasMessageContaining("label column 'top'");
        assertThatThrownBy(() -> train.run(args("tagger --data nothing --model efn --as t"), null)).hasMessageContaining("'nothing'");
        assertThatThrownBy(() -> train.run(args("tagger --data few --model efn --seeds 0 --as t"), null)).hasMessageContaining("--seeds");
        assertThatThrownBy(() -> train.run(args("tagger --data few --model efn --features kinematic --as t"), null))
                .hasMessageContaining("infrared and collinear safe").hasMessageContaining("for PFNs");
        assertThatThrownBy(() -> train.run(args("tagger --data few --model pfn --features polar --as t"), null))
                .hasMessageContaining("--features takes angular or kinematic").hasMessageContaining("polar");
        assertThat(ws.contains("t")).isFalse();
    }
}
