package org.hepml.engine.jets;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.events.sim.TopQcdJets;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopQcdJetsTest {

    /**
     * Without shower, hadrons and detector the particles are the decay products: three for a top, whose total mass is
     * the generated top mass and one pair of which has the generated W mass (exact kinematics, 1e-9); one for QCD,
     * carrying the parton's pT. The top-mass line shape: the median of the Breit-Wigner (172.5, Gamma 1.4) over 2000
     * tops has sd pi Gamma / (4 sqrt(N)) = 0.025 GeV (the truncation far in the tails moves it < 0.01 GeV); accept
     * +-0.15 GeV (6 sd).
     */
    @Test
    void decayKinematicsAreExact() {
        ParticleEvents pe = new TopQcdJets().alphaS(0).hadronise(false).smearing(0).threshold(0).acceptance(Double.POSITIVE_INFINITY).seed(5).generate("exact", 4000);
        FourMomenta p = pe.particles();
        double[] label = pe.events().column("y"), mt = pe.events().column("truth.m_top"), mw = pe.events().column("truth.m_w"),
                pt = pe.events().column("truth.pt");
        double[] tops = new double[4000];
        int nt = 0;
        for (int ev = 0; ev < 4000; ev++) {
            int f = p.first(ev);
            if (label[ev] == 1) {
                assertThat(p.count(ev)).isEqualTo(3);
                assertThat(mass(p, f, f + 1, f + 2)).isCloseTo(mt[ev], org.assertj.core.data.Offset.offset(1e-9 * mt[ev]));
                double wCandidate = Math.min(Math.min(Math.abs(mass(p, f, f + 1) - mw[ev]), Math.abs(mass(p, f, f + 2) - mw[ev])),
                        Math.abs(mass(p, f + 1, f + 2) - mw[ev]));
                assertThat(wCandidate).isLessThan(1e-9 * mw[ev]);
                tops[nt++] = mt[ev];
            } else {
                assertThat(p.count(ev)).isEqualTo(1);
                assertThat(Math.hypot(p.px()[f], p.py()[f])).isCloseTo(pt[ev], org.assertj.core.data.Offset.offset(1e-9 * pt[ev]));
            }
        }
        assertThat(nt).isBetween(1800, 2200);  // binomial(4000, 0.5): sd 32, +-6 sd
        double[] s = Arrays.copyOf(tops, nt);
        Arrays.sort(s);
        assertThat(s[nt / 2]).isCloseTo(172.5, org.assertj.core.data.Offset.offset(0.15));
    }

    /**
     * The known structure through clustering (anti-kT R = 0.8, leading jet, 1000 jets, half tops). Expected values
     * from 2 x 20000 jets (two seeds, agreeing to 0.013): top jets with 150 < m < 200 GeV 0.593 (0.575 before the W
     * radiated as a singlet dipole that keeps its four-momentum, 0.60 before B hadrons decayed), QCD 0.068; three
     * exclusive-kT subjets with a pair within 10 GeV of m_W: top 0.706, QCD 0.150. With ~500 jets per class the sds
     * are <= 0.022 (top) and <= 0.016 (QCD); the bounds (top > 0.49 and > 0.61, QCD < 0.12 and < 0.22) sit >= 4.4 sd
     * away: a false alarm below 1e-5 per bound, while a simulator that lost its three-prong structure fails them.
     * tau32 (mean over ~500 jets, sd of a mean <= 0.01): top below QCD by more than 5 sd of the difference.
     */
    @Test
    void topJetsHaveTheTopMassAWCandidateAndThreeProngs() {
        ParticleEvents pe = new TopQcdJets().seed(11).generate("tq", 1000);
        Jets jets = Jets.cluster(pe.particles(), JetDefinition.antiKt(0.8), 200, 2.5);
        Dataset d = JetObservables.leading("tq_jets", jets, pe.events(), 0.1, 0, false);
        double[] y = d.column("y"), m = d.column("x.m"), tau32 = d.column("x.tau32");
        int[] total = new int[2], inMass = new int[2], wLike = new int[2];
        double[] sum = new double[2], sum2 = new double[2];
        int[] nTau = new int[2];
        ClusterSequence cs = new ClusterSequence();
        FourMomenta p = pe.particles();
        for (int ev = 0; ev < y.length; ev++) {
            int j = jets.jet(ev, 0);
            if (j < 0) continue;
            int c = (int) y[ev];
            total[c]++;
            if (m[ev] > 150 && m[ev] < 200) inMass[c]++;
            if (!Double.isNaN(tau32[ev])) {
                nTau[c]++;
                sum[c] += tau32[ev];
                sum2[c] += tau32[ev] * tau32[ev];
            }
            if (Math.abs(wCandidate(cs, p, ev, jets.constituentsOf(j)) - TopQcdJets.W_MASS) < 10) wLike[c]++;
        }
        assertThat(total[1]).isGreaterThan(400);
        assertThat(total[0]).isGreaterThan(400);
        assertThat(inMass[1] / (double) total[1]).isGreaterThan(0.49);
        assertThat(inMass[0] / (double) total[0]).isLessThan(0.12);
        assertThat(wLike[1] / (double) total[1]).isGreaterThan(0.61);
        assertThat(wLike[0] / (double) total[0]).isLessThan(0.22);
        double[] mean = new double[2], se2 = new double[2];
        for (int c = 0; c < 2; c++) {
            mean[c] = sum[c] / nTau[c];
            se2[c] = (sum2[c] / nTau[c] - mean[c] * mean[c]) / nTau[c];
        }
        assertThat(mean[0] - mean[1]).isGreaterThan(5 * Math.sqrt(se2[0] + se2[1]));
    }

    /**
     * More radiation, more particles: the mean QCD multiplicity at alpha_s = 0.2 exceeds that at 0.06 by more than 5
     * standard errors of the difference (400 jets each).
     */
    @Test
    void radiationStrengthRaisesTheMultiplicity() {
        double[] low = new TopQcdJets().topFraction(0).alphaS(0.06).seed(3).generate("a", 400).events().column("n_particles");
        double[] high = new TopQcdJets().topFraction(0).alphaS(0.2).seed(3).generate("b", 400).events().column("n_particles");
        double diff = mean(high) - mean(low), se = Math.sqrt(var(high) / 400 + var(low) / 400);
        assertThat(diff).isGreaterThan(5 * se);
    }

    @Test
    void sameSeedSameEventsWhateverTheThreads() {
        ParticleEvents a = new TopQcdJets().seed(9).generate("a", 3000), b = new TopQcdJets().seed(9).generate("b", 3000);
        assertThat(a.particles().offsets()).isEqualTo(b.particles().offsets());
        assertThat(a.particles().px()).isEqualTo(b.particles().px());
        assertThat(a.events().column("truth.m_top")).isEqualTo(b.events().column("truth.m_top"));
        ParticleEvents c = new TopQcdJets().seed(10).generate("c", 3000);
        assertThat(c.particles().px()).isNotEqualTo(a.particles().px());
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new TopQcdJets().pt(600, 500)).isInstanceOf(HepmlException.class).hasMessageContaining("pT range");
        assertThatThrownBy(() -> new TopQcdJets().topFraction(1.5)).hasMessageContaining("top fraction");
        assertThatThrownBy(() -> new TopQcdJets().generate("x", 0)).hasMessageContaining("positive");
    }

    /** The mass of the pair of the three exclusive-kT subjets closest to m_W. */
    static double wCandidate(ClusterSequence cs, FourMomenta p, int ev, int[] con) {
        double[][] q = new double[4][con.length];
        for (int k = 0; k < con.length; k++) {
            int g = p.first(ev) + con[k];
            q[0][k] = p.px()[g];
            q[1][k] = p.py()[g];
            q[2][k] = p.pz()[g];
            q[3][k] = p.e()[g];
        }
        cs.cluster(new JetDefinition(JetAlgorithm.KT, JetDefinition.MAX_R), q[0], q[1], q[2], q[3], 0, con.length);
        int[] sub = cs.exclusiveJets(3);
        double best = Double.NaN;
        for (int i = 0; i < sub.length; i++) {
            for (int k = i + 1; k < sub.length; k++) {
                double e = cs.e(sub[i]) + cs.e(sub[k]), x = cs.px(sub[i]) + cs.px(sub[k]), y = cs.py(sub[i]) + cs.py(sub[k]),
                        z = cs.pz(sub[i]) + cs.pz(sub[k]);
                double mm = Math.sqrt(Math.max(0, e * e - x * x - y * y - z * z));
                if (Double.isNaN(best) || Math.abs(mm - TopQcdJets.W_MASS) < Math.abs(best - TopQcdJets.W_MASS)) best = mm;
            }
        }
        return best;
    }

    private static double mass(FourMomenta p, int... idx) {
        double e = 0, x = 0, y = 0, z = 0;
        for (int i : idx) {
            e += p.e()[i];
            x += p.px()[i];
            y += p.py()[i];
            z += p.pz()[i];
        }
        return Math.sqrt(Math.max(0, e * e - x * x - y * y - z * z));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double var(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
    }
}
