package org.hepml.engine.tagging;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.sim.TopQcdJets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every tagger trains and tags on the top/QCD simulator at a CI size (1500 training, 1500 test jets, 2 seeds):
 * its mean AUC is above 1/2 by more than 10 null standard deviations sqrt((n_S + n_B + 1) / (12 n_S n_B)), and its
 * background jets passing its eps_S = 0.3 cut are fewer than a random tagger's 0.3 N_B by more than 3 binomial sd. Whether the particle
 * networks beat the observables MLP needs far more jets than a test can train on (docs/TAGGING.md has the figures).
 */
class TaggerTest {
    @Test
    void everyModelTags() {
        JetSample train = JetSample.of(new TopQcdJets().seed(31).generate("train", 1500), "y", 30);
        JetSample test = JetSample.of(new TopQcdJets().seed(32).generate("test", 1500), "y", 30);
        for (TaggerModel m : new TaggerModel[]{TaggerModel.MLP, TaggerModel.EFN, TaggerModel.PFN}) {
            TaggerOptions o = TaggerOptions.of(m).withSeeds(2).withParticles(30).withNetwork(new int[]{32, 32}, 16, new int[]{32});
            o = o.withTraining(o.training().withEpochs(8).withBatchSize(32).withLearningRate(2e-3, 2e-4).withPatience(0));
            TaggerResult r = Tagger.train(train, test, o);
            System.out.println(r);
            TaggingMetrics first = r.perSeed().get(0);
            double nullSd = Math.sqrt((first.signal() + first.background() + 1.0) / (12.0 * first.signal() * first.background()));
            assertThat(r.auc()[0] - 0.5).as(m + " AUC").isGreaterThan(10 * nullSd);
            // a random tagger passes Binomial(N_B, 0.3) background jets at eps_S = 0.3
            for (TaggingMetrics t : r.perSeed()) {
                double expected = 0.3 * t.background(), sd = Math.sqrt(t.background() * 0.3 * 0.7);
                assertThat((double) t.backgroundPassing()).as(m + " background passing").isLessThan(expected - 3 * sd);
            }
            assertThat(r.perSeed()).hasSize(2);
            assertThat(r.roc().panels()).hasSize(1);
        }
    }

    /**
     * Padding with pT in GeV keeps the same particles, angles and order as padding with z, and its weights divided by
     * their sum are those z (no jet truncated at 200 particles, so the sum is over all of the jet's particles): an
     * EFN reads the same input either way, a PFN also gets the jet's scale.
     */
    @Test
    void ptPaddingCarriesTheSameZAndTheScale() {
        var events = new TopQcdJets().seed(34).generate("j", 60);
        JetSample z = JetSample.of(events, "y", 200);
        JetSample pt = JetSample.of("j", events.particles(), events.events().column("y"), 200, true, org.hepml.engine.nn.ParticleSets.Weight.PT);
        assertThat(z.particles().truncatedJets()).isZero();
        for (int j = 0; j < z.size(); j++) {
            float[] a = z.particles().rows()[j], b = pt.particles().rows()[j];
            double sum = 0;
            for (int i = 0; i < 200; i++) sum += b[3 * i];
            assertThat(sum).as("jet %d: sum of the constituents' pT against the jet's pT", j).isCloseTo(pt.pt()[j], within(0.3 * pt.pt()[j]));
            for (int i = 0; i < 200; i++) {
                assertThat((double) b[3 * i] / sum).isCloseTo(a[3 * i], within(1e-5));
                assertThat(b[3 * i + 1]).isEqualTo(a[3 * i + 1]);
                assertThat(b[3 * i + 2]).isEqualTo(a[3 * i + 2]);
            }
        }
    }

    @Test
    void samplesOfOtherPaddingAreRefused() {
        JetSample a = JetSample.of(new TopQcdJets().seed(33).generate("a", 40), "y", 10);
        assertThatThrownBy(() -> Tagger.train(a, a, TaggerOptions.of(TaggerModel.EFN).withParticles(20))).isInstanceOf(HepmlException.class)
                .hasMessageContaining("--particles");
    }
}
