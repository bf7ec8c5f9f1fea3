package org.hepml.engine.nn;

import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.JaggedColumn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ParticleSetsTest {
    /** Massless particles from (pT, y, phi). */
    static FourMomenta massless(int[] offsets, double[][] ptYPhi) {
        int n = ptYPhi.length;
        double[] px = new double[n], py = new double[n], pz = new double[n], e = new double[n];
        for (int i = 0; i < n; i++) {
            double pt = ptYPhi[i][0], y = ptYPhi[i][1], phi = ptYPhi[i][2];
            px[i] = pt * Math.cos(phi);
            py[i] = pt * Math.sin(phi);
            pz[i] = pt * Math.sinh(y);
            e[i] = pt * Math.cosh(y);
        }
        return new FourMomenta(offsets, px, py, pz, e);
    }

    @Test
    void ordersByPtCentresOnTheAxisAndPads() {
        // two symmetric particles about y = 1, phi = pi (across the +-pi seam) and a soft one on the axis
        FourMomenta p = massless(new int[]{0, 3}, new double[][]{{10, 1.2, Math.PI - 0.1}, {5, 1.0, Math.PI}, {10, 0.8, -Math.PI + 0.1}});
        ParticleSets.Padded padded = ParticleSets.pad(p, 4, ParticleSets.Weight.Z);
        float[] r = padded.rows()[0];
        assertThat(r).hasSize(12);
        assertThat(r[0]).isCloseTo(0.4f, within(1e-6f));
        assertThat(r[3]).isCloseTo(0.4f, within(1e-6f));
        assertThat(r[6]).isCloseTo(0.2f, within(1e-6f)); // the softest comes last
        assertThat(r[0] + r[3] + r[6]).isCloseTo(1f, within(1e-6f));
        // the axis is y = 1, phi = pi: the hard pair sits at (+-0.2, -+0.1), the soft one at the origin
        assertThat(Math.abs(r[1])).isCloseTo(0.2f, within(1e-5f));
        assertThat(Math.abs(r[2])).isCloseTo(0.1f, within(1e-5f));
        assertThat(r[1] * r[2]).isNegative();
        assertThat(r[7]).isCloseTo(0f, within(1e-5f));
        assertThat(r[8]).isCloseTo(0f, within(1e-5f));
        assertThat(r[9]).isZero(); // padding
        assertThat(padded.truncatedJets()).isZero();
    }

    /**
     * The kinematic widening: ln z, the distance from the axis and ln pT = ln(z pT_J) recover each particle's pT in GeV
     * (the same particles at twice the pT differ only in ln pT, by ln 2); padding stays zero; angular rows only.
     */
    @Test
    void kinematicFeaturesCarryTheAbsoluteScale() {
        double[][] jet = {{10, 1.2, Math.PI - 0.1}, {5, 1.0, Math.PI}, {10, 0.8, -Math.PI + 0.1}};
        double[][] twice = {{20, 1.2, Math.PI - 0.1}, {10, 1.0, Math.PI}, {20, 0.8, -Math.PI + 0.1}};
        ParticleSets.Padded a = ParticleSets.pad(massless(new int[]{0, 3}, jet), 4, ParticleSets.Weight.Z);
        ParticleSets.Padded b = ParticleSets.pad(massless(new int[]{0, 3}, twice), 4, ParticleSets.Weight.Z);
        ParticleSets.Padded ka = ParticleSets.kinematic(a, new double[]{25}), kb = ParticleSets.kinematic(b, new double[]{50});
        assertThat(ka.features()).isEqualTo(ParticleSets.KINEMATIC_FEATURES);
        float[] r = ka.rows()[0], s = kb.rows()[0];
        assertThat(r).hasSize(24);
        for (int k = 0; k < 3; k++) {
            float z = r[6 * k], y = r[6 * k + 1], phi = r[6 * k + 2];
            assertThat(r[6 * k + 3]).isCloseTo((float) Math.log(z), within(1e-6f));
            assertThat(r[6 * k + 4]).isCloseTo((float) Math.hypot(y, phi), within(1e-6f));
            assertThat(Math.exp(r[6 * k + 5])).isCloseTo(jet[k == 2 ? 1 : k == 0 ? 0 : 2][0], within(1e-4));
            for (int f = 0; f < 5; f++) assertThat(s[6 * k + f]).isEqualTo(r[6 * k + f]);
            assertThat(s[6 * k + 5] - r[6 * k + 5]).isCloseTo((float) Math.log(2), within(1e-5f));
        }
        for (int i = 18; i < 24; i++) assertThat(r[i]).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParticleSets.kinematic(ka, new double[]{25}))
                .hasMessageContaining("made from (z, y, phi) rows");
    }

    @Test
    void truncationKeepsTheHardestAndIsCounted() {
        JaggedColumn pt = new JaggedColumn("pt", new int[]{0, 4, 5}, new double[]{1, 4, 2, 3, 7});
        JaggedColumn y = new JaggedColumn("y", pt.offsets(), new double[]{0, 0, 0, 0, 0});
        JaggedColumn phi = new JaggedColumn("phi", pt.offsets(), new double[]{0, 0, 0, 0, 3});
        ParticleSets.Padded padded = ParticleSets.pad(pt, y, phi, 2, ParticleSets.Weight.PT);
        assertThat(padded.truncatedJets()).isEqualTo(1);
        assertThat(padded.largestJet()).isEqualTo(4);
        assertThat(padded.rows()[0][0]).isEqualTo(4f);
        assertThat(padded.rows()[0][3]).isEqualTo(3f);
        assertThat(padded.rows()[1]).containsExactly(7f, 0f, 0f, 0f, 0f, 0f);
        assertThat(padded.toString()).contains("1 jets had more than 2 particles");
    }

    @Test
    void wrapsAngles() {
        assertThat(ParticleSets.wrap(Math.PI + 0.1)).isCloseTo(-Math.PI + 0.1, within(1e-12));
        assertThat(ParticleSets.wrap(-Math.PI - 0.1)).isCloseTo(Math.PI - 0.1, within(1e-12));
        assertThat(ParticleSets.wrap(0.3)).isCloseTo(0.3, within(1e-12));
    }
}
