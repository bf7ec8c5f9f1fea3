package org.hepml.engine.events.sim;

import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The simulator's b quarks: Peterson fragmentation, the B hadron's decays, the QCD b fraction (docs/JETS.md). */
class TopQcdJetsFlavourTest {

    /**
     * The sampler against the Peterson function itself (epsilon = 0.006; moments by a 2e7-point midpoint sum): mean
     * 0.82774, sd 0.13984, P(x < 1/2) = 0.040306. With 200,000 draws the mean's standard error is 3.1e-4 and the
     * fraction's 4.4e-4; the bounds are 5 of them.
     */
    @Test
    void bHadronMomentumFractionsFollowThePetersonFunction() {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 200_000, below = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = TopQcdJets.petersonFraction(rng);
            assertThat(x).isStrictlyBetween(0.0, 1.0);
            sum += x;
            if (x < 0.5) below++;
        }
        assertThat(sum / n).isCloseTo(0.82774, within(5 * 0.13984 / Math.sqrt(n)));
        assertThat((double) below / n).isCloseTo(0.040306, within(5 * Math.sqrt(0.040306 * (1 - 0.040306) / n)));
    }

    /**
     * Without shower, smearing, thresholds and light-hadron multiplicity (each light parton one pion), every particle of
     * a top jet is seen: the B hadron's hadronic decays conserve four-momentum step by step and the b's remainder keeps
     * its three-momentum, so the particles' three-momenta add up to the top's (1e-9 relative), except where the B decayed
     * semileptonically and the neutrino escaped: 21% of the tops. Over the ~4000 tops of 8000 jets the fraction that
     * balances has sd sqrt(0.79 x 0.21 / 4000) = 0.0064; accepted within 5 sd of 0.79. A QCD jet never loses momentum this way unless
     * it is a b jet (5% of the quark jets: truth.b, checked against its binomial band).
     */
    @Test
    void bHadronDecaysConserveMomentumExceptForTheSemileptonicNeutrino() {
        int n = 8000;
        ParticleEvents pe = new TopQcdJets().alphaS(0).hadronMultiplicity(0).smearing(0).threshold(0)
                .acceptance(Double.POSITIVE_INFINITY).seed(23).generate("flavour", n);
        FourMomenta p = pe.particles();
        double[] label = pe.events().column("y"), pt = pe.events().column("truth.pt"), y = pe.events().column("truth.y"),
                phi = pe.events().column("truth.phi"), mt = pe.events().column("truth.m_top"), gluon = pe.events().column("truth.gluon"),
                b = pe.events().column("truth.b");
        int tops = 0, balanced = 0, quarkJets = 0, bJets = 0;
        for (int ev = 0; ev < n; ev++) {
            double sx = 0, sy = 0, sz = 0;
            for (int i = p.first(ev); i < p.first(ev) + p.count(ev); i++) {
                sx += p.px()[i];
                sy += p.py()[i];
                sz += p.pz()[i];
            }
            if (label[ev] == 1) {
                assertThat(b[ev]).isEqualTo(1);
                tops++;
                double mT = Math.hypot(pt[ev], mt[ev]);
                double tx = pt[ev] * Math.cos(phi[ev]), ty = pt[ev] * Math.sin(phi[ev]), tz = mT * Math.sinh(y[ev]);
                double miss = Math.sqrt((sx - tx) * (sx - tx) + (sy - ty) * (sy - ty) + (sz - tz) * (sz - tz));
                if (miss < 1e-9 * Math.sqrt(tx * tx + ty * ty + tz * tz)) balanced++;
            } else if (gluon[ev] == 0) {
                quarkJets++;
                if (b[ev] == 1) bJets++;
                else assertThat(p.count(ev)).isEqualTo(1);  // a light quark: one pion
            } else {
                assertThat(b[ev]).isEqualTo(0);
            }
        }
        double f = (double) balanced / tops;
        assertThat(f).isCloseTo(1 - TopQcdJets.B_SEMILEPTONIC, within(5 * Math.sqrt(0.79 * 0.21 / tops)));
        double fb = (double) bJets / quarkJets;
        assertThat(fb).isCloseTo(0.05, within(5 * Math.sqrt(0.05 * 0.95 / quarkJets)));
    }
}
