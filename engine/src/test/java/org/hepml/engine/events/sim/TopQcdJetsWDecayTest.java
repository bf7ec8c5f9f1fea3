package org.hepml.engine.events.sim;

import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The W of the simulator's top decays: its helicity fractions and its radiation as a colour-singlet dipole (docs/JETS.md). */
class TopQcdJetsWDecayTest {

    /**
     * The W's decay angle: with shower, hadronisation, smearing and thresholds off a top jet is its three partons (the b
     * has mass 4.8 GeV). Boosted lab -> top frame -> W frame, the angle theta* of a W daughter to the W's flight follows
     * the mixture 0.687 (3/4)(1 - c^2) + 0.311 (3/8)(1 - c)^2 + 0.002 (3/8)(1 + c)^2. The two light quarks cannot be told
     * apart, so the checks are symmetric in c: E[c^2] = 0.687/5 + 0.313 x 2/5 = 0.26256 (sd of c^2 0.2654) and
     * P(|c| < 1/2) = 0.687 x 0.6875 + 0.313 x 0.40625 = 0.59947, each within 5 standard errors over ~10,000 tops. An
     * isotropic decay (1/3, 1/2) fails both by more than 20.
     */
    @Test
    void wDecayAnglesFollowTheStandardModelHelicityFractions() {
        int n = 20_000;
        ParticleEvents pe = new TopQcdJets().alphaS(0).hadronise(false).smearing(0).threshold(0)
                .acceptance(Double.POSITIVE_INFINITY).seed(29).generate("helicity", n);
        FourMomenta p = pe.particles();
        double[] label = pe.events().column("y");
        int tops = 0, central = 0;
        double c2 = 0;
        for (int ev = 0; ev < n; ev++) {
            if (label[ev] != 1) continue;
            assertThat(p.count(ev)).isEqualTo(3);
            double[][] q = new double[2][];
            double[] top = new double[4];
            int light = 0;
            for (int i = p.first(ev); i < p.first(ev) + 3; i++) {
                double[] v = {p.px()[i], p.py()[i], p.pz()[i], p.e()[i]};
                for (int k = 0; k < 4; k++) top[k] += v[k];
                double m2 = v[3] * v[3] - v[0] * v[0] - v[1] * v[1] - v[2] * v[2];
                if (Math.abs(m2) < 1) q[light++] = v;  // the b has m^2 = 23
            }
            assertThat(light).isEqualTo(2);
            double[] toTop = {-top[0], -top[1], -top[2], top[3]};
            double[] a = TopQcdJets.boost(q[0], toTop), b = TopQcdJets.boost(q[1], toTop);
            double[] w = {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]};
            double[] inW = TopQcdJets.boost(a, new double[]{-w[0], -w[1], -w[2], w[3]});
            double c = Math.cos(TopQcdJets.angle(inW[0], inW[1], inW[2], w[0], w[1], w[2]));
            tops++;
            c2 += c * c;
            if (Math.abs(c) < 0.5) central++;
        }
        assertThat(c2 / tops).isCloseTo(0.26256, within(5 * 0.2654 / Math.sqrt(tops)));
        assertThat((double) central / tops).isCloseTo(0.59947, within(5 * Math.sqrt(0.59947 * 0.40053 / tops)));
    }

    /**
     * The dipole's emissions against the eikonal density: in the W frame they are a Poisson process with density
     * a = 2 alpha_s C_F / pi per unit ln k_t and eta (a = 0.10186 at alpha_s = 0.12). Over 100,000 dipoles of 80.4 GeV:
     * the count in {2 < k_t < 8 GeV, |eta| < 1} has mean a x 2 ln 4 = 0.28240 per dipole, and in the collinear corner
     * {1 < k_t < 2 GeV, 2 < eta < 3} a ln 2 = 0.07061 (Poisson: the total's sd is the square root of its mean; bounds 5
     * sd). Flatness in eta: of the first region's emissions, those with |eta| < 1/2 are binomial(1/2) (5 sd); a density
     * flat in the polar angle instead would put 0.55 there, far outside. No emission is above k_t cosh eta = m / 4 or
     * below the cut-off, and k_t falls from one emission to the next.
     */
    @Test
    void dipoleEmissionsFollowTheEikonalDensity() {
        SplittableRandom rng = new SplittableRandom(31);
        double a = 2 * 0.12 * (4.0 / 3) / Math.PI, m = 80.4;
        int n = 100_000, central = 0, inner = 0, corner = 0;
        for (int i = 0; i < n; i++) {
            double previous = Double.POSITIVE_INFINITY;
            for (double[] em : TopQcdJets.singletDipoleEmissions(rng, 0.12, m)) {
                double kt = em[0], eta = em[1];
                assertThat(kt).isLessThan(previous).isGreaterThanOrEqualTo(1.0);
                assertThat(kt * Math.cosh(eta)).isLessThanOrEqualTo(m / 4);
                previous = kt;
                if (kt > 2 && kt < 8 && Math.abs(eta) < 1) {
                    central++;
                    if (Math.abs(eta) < 0.5) inner++;
                }
                if (kt > 1 && kt < 2 && eta > 2 && eta < 3) corner++;
            }
        }
        double expectedCentral = a * 2 * Math.log(4) * n, expectedCorner = a * Math.log(2) * n;
        assertThat((double) central).isCloseTo(expectedCentral, within(5 * Math.sqrt(expectedCentral)));
        assertThat((double) corner).isCloseTo(expectedCorner, within(5 * Math.sqrt(expectedCorner)));
        assertThat((double) inner / central).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / central)));
    }

    /**
     * The dipole's recoil keeps four-momentum (the quark pair absorbs each gluon's) and the shower keeps three-momentum,
     * so with the shower on (alpha_s 0.12) but hadronisation, smearing and thresholds off, the particles of every top
     * jet add up to the top's momentum (1e-9 relative), and the jets carry the dipole's gluons: more particles than
     * three in most tops.
     */
    @Test
    void theWsRadiationKeepsTheTopsMomentum() {
        int n = 4000, radiating = 0, tops = 0;
        ParticleEvents pe = new TopQcdJets().hadronise(false).smearing(0).threshold(0)
                .acceptance(Double.POSITIVE_INFINITY).seed(37).generate("recoil", n);
        FourMomenta p = pe.particles();
        double[] label = pe.events().column("y"), pt = pe.events().column("truth.pt"), y = pe.events().column("truth.y"),
                phi = pe.events().column("truth.phi"), mt = pe.events().column("truth.m_top");
        for (int ev = 0; ev < n; ev++) {
            if (label[ev] != 1) continue;
            tops++;
            double sx = 0, sy = 0, sz = 0;
            for (int i = p.first(ev); i < p.first(ev) + p.count(ev); i++) {
                sx += p.px()[i];
                sy += p.py()[i];
                sz += p.pz()[i];
            }
            double mT = Math.hypot(pt[ev], mt[ev]);
            double tx = pt[ev] * Math.cos(phi[ev]), ty = pt[ev] * Math.sin(phi[ev]), tz = mT * Math.sinh(y[ev]);
            double miss = Math.sqrt((sx - tx) * (sx - tx) + (sy - ty) * (sy - ty) + (sz - tz) * (sz - tz));
            assertThat(miss).as("event %d", ev).isLessThan(1e-9 * Math.sqrt(tx * tx + ty * ty + tz * tz));
            if (p.count(ev) > 3) radiating++;
        }
        assertThat(radiating).isGreaterThan(tops / 2);
    }
}
