package org.hepml.engine.jets;

import org.hepml.engine.events.FourMomenta;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SubstructureTest {
    private static final int M = 0, N = 1, TAU1 = 2, TAU2 = 3, TAU3 = 4, TAU21 = 5, TAU32 = 6, C2 = 7, D2 = 8, ZG = 9, RG = 10, MSD = 11;

    /**
     * N-subjettiness and energy correlations against the definitions spelled out: axes from the literal
     * exclusive-kT clustering of ClusteringTest, tau_N summed over particles, e2 and e3 as plain double and triple
     * loops. Floating-point agreement (1e-12 relative) on 30 random jets of 3-40 particles.
     */
    @Test
    void nSubjettinessAndEnergyCorrelationsFollowTheirDefinitions() {
        SplittableRandom rng = new SplittableRandom(3);
        double r0 = 0.8;
        Substructure s = new Substructure(r0, 0.1, 0, true);
        double[] out = new double[Substructure.NAMES.length];
        for (int jet = 0; jet < 30; jet++) {
            FourMomenta p = cone(rng, 3 + rng.nextInt(38));
            int n = p.count(0);
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            s.compute(p.px(), p.py(), p.pz(), p.e(), 0, all, 0, n, out);
            double sumPt = 0;
            for (int i = 0; i < n; i++) sumPt += pt(p, i);
            for (int axes = 1; axes <= 3; axes++) {
                double expected = 0;
                if (n > axes) {
                    List<int[]> subjets = ClusteringTest.naiveInclusive(p, 0, 1, JetDefinition.MAX_R, axes);
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        double best = Double.POSITIVE_INFINITY;
                        for (int[] sj : subjets) best = Math.min(best, dr(p, i, sum4(p, sj)));
                        sum += pt(p, i) * best;
                    }
                    expected = sum / (sumPt * r0);
                }
                assertThat(out[TAU1 + axes - 1]).as("jet " + jet + " tau" + axes).isCloseTo(expected, within(1e-12 * Math.max(expected, 1e-3)));
            }
            double e2 = 0, e3 = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    e2 += pt(p, i) * pt(p, j) / (sumPt * sumPt) * dr(p, i, j);
                    for (int k = j + 1; k < n; k++) {
                        e3 += pt(p, i) * pt(p, j) * pt(p, k) / (sumPt * sumPt * sumPt) * dr(p, i, j) * dr(p, i, k) * dr(p, j, k);
                    }
                }
            }
            assertThat(out[C2]).isCloseTo(e3 / (e2 * e2), within(1e-12 * e3 / (e2 * e2)));
            assertThat(out[D2]).isCloseTo(e3 / (e2 * e2 * e2), within(1e-12 * e3 / (e2 * e2 * e2)));
            assertThat(out[N]).isEqualTo(n);
            assertThat(out[TAU21]).isEqualTo(out[TAU2] / out[TAU1]);
        }
    }

    /**
     * A hard core (100 GeV at y = phi = 0), a 30 GeV prong 0.3 away and a 2 GeV particle 0.6 away: C/A merges core and
     * prong first, so soft drop (z_cut 0.1, beta 0) drops the 2 GeV particle (z = 2/132 < 0.1) and stops at core + prong:
     * z_g = 30/130, R_g = 0.3, m_SD their mass.
     */
    @Test
    void softDropGroomsTheSoftParticleAndKeepsTheProngs() {
        double[][] ptYPhi = {{100, 0, 0}, {30, 0.3, 0}, {2, 0, 0.6}};
        double[] px = new double[3], py = new double[3], pz = new double[3], e = new double[3];
        for (int i = 0; i < 3; i++) {
            px[i] = ptYPhi[i][0] * Math.cos(ptYPhi[i][2]);
            py[i] = ptYPhi[i][0] * Math.sin(ptYPhi[i][2]);
            pz[i] = ptYPhi[i][0] * Math.sinh(ptYPhi[i][1]);
            e[i] = ptYPhi[i][0] * Math.cosh(ptYPhi[i][1]);
        }
        double[] out = new double[Substructure.NAMES.length];
        new Substructure(0.8, 0.1, 0, true).compute(px, py, pz, e, 0, new int[]{0, 1, 2}, 0, 3, out);
        assertThat(out[ZG]).isCloseTo(30.0 / 130, within(1e-12));
        assertThat(out[RG]).isCloseTo(0.3, within(1e-12));
        double ee = e[0] + e[1], x = px[0] + px[1], y = py[0] + py[1], z = pz[0] + pz[1];
        assertThat(out[MSD]).isCloseTo(Math.sqrt(ee * ee - x * x - y * y - z * z), within(1e-9));
        double eAll = e[0] + e[1] + e[2], xAll = px[0] + px[1] + px[2], yAll = py[0] + py[1] + py[2], zAll = pz[0] + pz[1] + pz[2];
        assertThat(out[M]).isCloseTo(Math.sqrt(eAll * eAll - xAll * xAll - yAll * yAll - zAll * zAll), within(1e-9));
        // with z_cut = 0.25 the prong fails too: the groomed jet is the core alone
        new Substructure(0.8, 0.25, 0, true).compute(px, py, pz, e, 0, new int[]{0, 1, 2}, 0, 3, out);
        assertThat(out[ZG]).isZero();
        assertThat(out[MSD]).isCloseTo(0, within(1e-6));
        assertThat(out[TAU3]).isZero();  // three particles, three axes
    }

    static FourMomenta cone(SplittableRandom rng, int n) {
        double[] px = new double[n], py = new double[n], pz = new double[n], e = new double[n];
        for (int i = 0; i < n; i++) {
            double pt = 1 + 50 * rng.nextDouble(), y = 0.4 * rng.nextGaussian(), phi = 3.0 + 0.4 * rng.nextGaussian();  // across phi = pi
            double m = rng.nextBoolean() ? 0 : 0.14, mt = Math.hypot(pt, m);
            px[i] = pt * Math.cos(phi);
            py[i] = pt * Math.sin(phi);
            pz[i] = mt * Math.sinh(y);
            e[i] = mt * Math.cosh(y);
        }
        return new FourMomenta(new int[]{0, n}, px, py, pz, e);
    }

    private static double pt(FourMomenta p, int i) {
        return Math.hypot(p.px()[i], p.py()[i]);
    }

    private static double[] sum4(FourMomenta p, int[] idx) {
        double[] s = new double[4];
        for (int i : idx) {
            s[0] += p.px()[i];
            s[1] += p.py()[i];
            s[2] += p.pz()[i];
            s[3] += p.e()[i];
        }
        return s;
    }

    private static double dr(FourMomenta p, int i, double[] axis) {
        return dr(y(p.e()[i], p.pz()[i]), Math.atan2(p.py()[i], p.px()[i]), y(axis[3], axis[2]), Math.atan2(axis[1], axis[0]));
    }

    private static double dr(FourMomenta p, int i, int j) {
        return dr(y(p.e()[i], p.pz()[i]), Math.atan2(p.py()[i], p.px()[i]), y(p.e()[j], p.pz()[j]), Math.atan2(p.py()[j], p.px()[j]));
    }

    private static double y(double e, double pz) {
        return 0.5 * Math.log((e + pz) / (e - pz));
    }

    private static double dr(double y1, double f1, double y2, double f2) {
        double dphi = Math.abs(f1 - f2);
        if (dphi > Math.PI) dphi = 2 * Math.PI - dphi;
        return Math.sqrt(dphi * dphi + (y1 - y2) * (y1 - y2));
    }
}
