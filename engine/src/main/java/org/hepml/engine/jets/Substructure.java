package org.hepml.engine.jets;

import org.hepml.engine.HepmlException;

import java.util.Arrays;

/**
 * Substructure observables of one jet from its constituents' four-momenta. Angles are distances in the
 * (rapidity, phi) plane, dR_ij = sqrt(dy^2 + dphi^2), pT fractions z_i = pT_i / sum_k pT_k.
 * <ul>
 * <li>N-subjettiness (Thaler, Van Tilburg, JHEP 03 (2011) 015), beta = 1, normalised as fastjet-contrib's
 *   NormalizedMeasure(1, R0): tau_N = sum_k pT_k min_a dR_{k,a} / (sum_k pT_k R0), with the N axes the exclusive
 *   kT jets of the constituents (contrib's KT_Axes: kT, E-scheme, R = 1000, no minimisation). tau_N = 0 for a jet of
 *   N or fewer constituents; tau21 = tau2/tau1, tau32 = tau3/tau2 (NaN where the denominator is 0).</li>
 * <li>Energy correlation ratios (Larkoski, Salam, Thaler, JHEP 06 (2013) 108; Larkoski, Moult, Neill, JHEP 12 (2014)
 *   009), beta = 1: e2 = sum_{i<j} z_i z_j dR_ij, e3 = sum_{i<j<k} z_i z_j z_k dR_ij dR_ik dR_jk, C2 = e3 / e2^2,
 *   D2 = e3 / e2^3 (contrib's EnergyCorrelator with the pT-R measure gives the same ratios). Exact O(n^3) sums.</li>
 * <li>Soft drop (Larkoski, Marzani, Soyez, Thaler, JHEP 05 (2014) 146): recluster the constituents with C/A, undo
 *   the last merge while min(pT1, pT2) / (pT1 + pT2) <= z_cut (dR12 / R0)^beta, following the harder branch;
 *   z_g and R_g = dR12 of the first merge that passes, m_SD the mass of the groomed jet (z_g = R_g = 0 when
 *   grooming leaves one particle).</li>
 * </ul>
 * One instance per thread (it keeps scratch arrays); {@link #NAMES} lists the values {@link #compute} fills.
 */
public final class Substructure {
    /** What {@link #compute} writes, in order. */
    public static final String[] NAMES = {"m", "n", "tau1", "tau2", "tau3", "tau21", "tau32", "c2", "d2", "zg", "rg", "m_sd"};
    private static final double TWO_PI = 2 * Math.PI;

    private final double r0, zCut, beta;
    private final boolean energyCorrelations;
    private final ClusterSequence recluster = new ClusterSequence();
    private final JetDefinition exclusiveKt = new JetDefinition(JetAlgorithm.KT, JetDefinition.MAX_R);
    private final JetDefinition cambridge = new JetDefinition(JetAlgorithm.CAMBRIDGE_AACHEN, JetDefinition.MAX_R);
    private double[] px = new double[64], py = new double[64], pz = new double[64], e = new double[64],
            pt = new double[64], rap = new double[64], phi = new double[64];

    /**
     * @param r0    the jet radius that normalises tau_N and the soft-drop angle
     * @param zCut  soft drop's momentum-fraction cut (0.1 is usual)
     * @param beta  soft drop's angular exponent (0 = the modified mass-drop tagger)
     * @param energyCorrelations false skips C2 and D2 (NaN), whose cost grows as n^3
     */
    public Substructure(double r0, double zCut, double beta, boolean energyCorrelations) {
        if (!(r0 > 0)) throw new HepmlException("R0 must be positive, got " + r0 + ".");
        if (!(zCut >= 0 && zCut < 0.5)) throw new HepmlException("Soft drop's z_cut must be in [0, 0.5), got " + zCut + ".");
        if (!(beta >= 0)) throw new HepmlException("Soft drop's beta must be >= 0, got " + beta + ".");
        this.r0 = r0;
        this.zCut = zCut;
        this.beta = beta;
        this.energyCorrelations = energyCorrelations;
    }

    /**
     * Fills {@code out} (length {@link #NAMES}) for the jet made of the particles {@code first + constituents[k]} of
     * the arrays {@code PX, PY, PZ, E}.
     */
    public void compute(double[] PX, double[] PY, double[] PZ, double[] E, int first, int[] constituents, int from, int to, double[] out) {
        int n = to - from;
        if (px.length < n) {
            int c = Math.max(n, 2 * px.length);
            px = new double[c];
            py = new double[c];
            pz = new double[c];
            e = new double[c];
            pt = new double[c];
            rap = new double[c];
            phi = new double[c];
        }
        double sx = 0, sy = 0, sz = 0, se = 0, sumPt = 0;
        for (int k = 0; k < n; k++) {
            int i = first + constituents[from + k];
            px[k] = PX[i];
            py[k] = PY[i];
            pz[k] = PZ[i];
            e[k] = E[i];
            sx += px[k];
            sy += py[k];
            sz += pz[k];
            se += e[k];
        }
        Arrays.fill(out, Double.NaN);
        double m2 = (se + sz) * (se - sz) - sx * sx - sy * sy;
        out[0] = m2 > 0 ? Math.sqrt(m2) : 0;
        out[1] = n;
        if (n == 0) return;
        // kT reclustering: exclusive axes for tau_N; the particles' y and phi as FastJet computes them
        recluster.cluster(exclusiveKt, px, py, pz, e, 0, n);
        for (int k = 0; k < n; k++) {
            pt[k] = recluster.pt(k);
            rap[k] = recluster.rap(k);
            phi[k] = recluster.phi(k);
            sumPt += pt[k];
        }
        for (int axes = 1; axes <= 3; axes++) out[1 + axes] = n <= axes ? 0 : tau(recluster.exclusiveJets(axes), n, sumPt);
        out[5] = out[3] / out[2];
        out[6] = out[4] / out[3];
        if (!(out[2] > 0)) out[5] = Double.NaN;
        if (!(out[3] > 0)) out[6] = Double.NaN;
        if (energyCorrelations) {
            double[] ecf = energyCorrelations(n, sumPt);
            out[7] = ecf[1] / (ecf[0] * ecf[0]);
            out[8] = ecf[1] / (ecf[0] * ecf[0] * ecf[0]);
        }
        softDrop(n, out);
    }

    private double tau(int[] axes, int n, double sumPt) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double best = Double.POSITIVE_INFINITY;
            for (int a : axes) {
                double d = dr2(rap[k], phi[k], recluster.rap(a), recluster.phi(a));
                if (d < best) best = d;
            }
            sum += pt[k] * Math.sqrt(best);
        }
        return sum / (sumPt * r0);
    }

    /** {e2, e3} with beta = 1. */
    private double[] energyCorrelations(int n, double sumPt) {
        double e2 = 0, e3 = 0;
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            double zi = pt[i] / sumPt;
            for (int j = i + 1; j < n; j++) row[j] = Math.sqrt(dr2(rap[i], phi[i], rap[j], phi[j]));
            for (int j = i + 1; j < n; j++) {
                double zij = zi * pt[j] / sumPt, rij = row[j];
                e2 += zij * rij;
                double inner = 0;
                for (int k = j + 1; k < n; k++) inner += pt[k] * row[k] * Math.sqrt(dr2(rap[j], phi[j], rap[k], phi[k]));
                e3 += zij * rij * inner / sumPt;
            }
        }
        return new double[]{e2, e3};
    }

    private void softDrop(int n, double[] out) {
        recluster.cluster(cambridge, px, py, pz, e, 0, n);
        int[] top = recluster.inclusiveJets(0, Double.POSITIVE_INFINITY);
        int j = top[0];  // with R = 1000 all constituents end in one jet
        double zg = 0, rg = 0;
        int[] parents;
        while ((parents = recluster.parents(j)) != null) {
            double pt1 = recluster.pt(parents[0]), pt2 = recluster.pt(parents[1]);
            double dr = Math.sqrt(recluster.deltaR2(parents[0], parents[1]));
            double z = Math.min(pt1, pt2) / (pt1 + pt2);
            if (z > zCut * Math.pow(dr / r0, beta)) {
                zg = z;
                rg = dr;
                break;
            }
            j = parents[0];
        }
        out[9] = zg;
        out[10] = rg;
        out[11] = recluster.m(j);
    }

    static double dr2(double y1, double phi1, double y2, double phi2) {
        double dphi = Math.abs(phi1 - phi2);
        if (dphi > Math.PI) dphi = TWO_PI - dphi;
        double dy = y1 - y2;
        return dphi * dphi + dy * dy;
    }
}
