package org.hepml.engine.events.sim;

import org.hepml.engine.events.FourMomenta;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ParticleDetectorTest {

    /** Events of pions with pT in [2, 50] GeV, |y| < 2. */
    static FourMomenta pions(int events, int perEvent, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = events * perEvent;
        int[] off = new int[events + 1];
        double[] px = new double[n], py = new double[n], pz = new double[n], e = new double[n];
        for (int i = 0; i < n; i++) {
            double pt = 2 + 48 * rng.nextDouble(), y = 4 * rng.nextDouble() - 2, phi = 2 * Math.PI * rng.nextDouble();
            double mt = Math.sqrt(pt * pt + 0.13957 * 0.13957);
            px[i] = pt * Math.cos(phi);
            py[i] = pt * Math.sin(phi);
            pz[i] = mt * Math.sinh(y);
            e[i] = mt * Math.cosh(y);
        }
        for (int ev = 0; ev <= events; ev++) off[ev] = ev * perEvent;
        return new FourMomenta(off, px, py, pz, e);
    }

    @Test
    void aPerfectDetectorSeesTheParticlesAsTheyAre() {
        FourMomenta gen = pions(50, 20, 1);
        FourMomenta reco = new ParticleDetector().efficiency(1).ptResolution(0, 0).angularResolution(0).threshold(0).measure(gen);
        assertThat(reco.offsets()).containsExactly(gen.offsets());
        for (int i = 0; i < gen.particles(); i++) {
            assertThat(reco.px()[i]).isCloseTo(gen.px()[i], within(1e-9 * gen.e()[i]));
            assertThat(reco.pz()[i]).isCloseTo(gen.pz()[i], within(1e-9 * gen.e()[i]));
            assertThat(reco.e()[i]).isCloseTo(gen.e()[i], within(1e-9 * gen.e()[i]));
        }
    }

    /** The kept fraction is the efficiency within 4 binomial standard errors; the pT resolution is the stated width within 4 standard errors. */
    @Test
    void efficiencyAndResolutionAreAsStated() {
        FourMomenta gen = pions(400, 50, 2);
        int n = gen.particles();
        double eff = 0.8;
        FourMomenta lossy = new ParticleDetector().efficiency(eff).ptResolution(0, 0).angularResolution(0).threshold(0).seed(3).measure(gen);
        double se = Math.sqrt(eff * (1 - eff) / n);
        assertThat(lossy.particles() / (double) n).isCloseTo(eff, within(4 * se));
        for (int ev = 0; ev < gen.events(); ev++) assertThat(lossy.count(ev)).isLessThanOrEqualTo(gen.count(ev));

        // a constant relative resolution of 5%: the spread of pT'/pT - 1 over all particles
        FourMomenta smeared = new ParticleDetector().efficiency(1).ptResolution(0, 0.05).angularResolution(0).threshold(0).seed(4).measure(gen);
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double r = Math.hypot(smeared.px()[i], smeared.py()[i]) / Math.hypot(gen.px()[i], gen.py()[i]) - 1;
            s2 += r * r;
        }
        double width = Math.sqrt(s2 / n);
        assertThat(width).isCloseTo(0.05, within(4 * 0.05 / Math.sqrt(2.0 * n)));
    }

    @Test
    void theThresholdCutsTheSmearedPt() {
        FourMomenta reco = new ParticleDetector().threshold(10).seed(5).measure(pions(100, 30, 6));
        for (int i = 0; i < reco.particles(); i++) assertThat(Math.hypot(reco.px()[i], reco.py()[i])).isGreaterThanOrEqualTo(10);
    }
}
