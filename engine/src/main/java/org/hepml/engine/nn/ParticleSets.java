package org.hepml.engine.nn;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.JaggedColumn;

import java.util.Arrays;
import java.util.Locale;

/**
 * Jets (or events) as padded particle rows, the input of {@link ParticleFlowNetwork}: each jet's particles ordered by
 * decreasing pT, the first {@code M} kept (the softest are dropped when a jet has more, and counted), each particle as
 * (weight, y - y_J, phi - phi_J): its pT, or its fraction z = pT / sum pT of all the jet's particles, and its
 * rapidity and azimuth relative to the jet axis (the rapidity and azimuth of the summed four-momentum, E scheme;
 * without energies, the pT-weighted centroid), phi wrapped into [-pi, pi). Rows shorter than M are padded with
 * zero particles, which the networks ignore. A row is flat: particle k's features at {@code [k*F, (k+1)*F)}.
 */
public final class ParticleSets {
    /** Features per particle in the rows made here: weight, y, phi. */
    public static final int FEATURES = 3;
    public static final String[] FEATURE_NAMES = {"weight", "y", "phi"};

    /** Features per particle in {@link #kinematic} rows, and their names. */
    public static final int KINEMATIC_FEATURES = 6;
    public static final String[] KINEMATIC_NAMES = {"z", "y", "phi", "ln z", "delta R", "ln pT"};

    /** What feature 0 holds. */
    public enum Weight {
        /** pT fraction z = pT / sum pT over the jet (the EFN's weights, jets of every pT on one scale). */
        Z,
        /** pT in GeV. */
        PT
    }

    private ParticleSets() {
    }

    /** Padded rows {@code [jet][M*3]} and what padding did. */
    public record Padded(float[][] rows, int particles, int features, Weight weight, int truncatedJets, int largestJet) {
        public int jets() {
            return rows.length;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d jets as %d particles x %d features (%s, y, phi); %,d jets had more than %d particles (largest %d), "
                    + "their softest dropped", rows.length, particles, features, weight == Weight.Z ? "z" : "pT", truncatedJets, particles, largestJet);
        }
    }

    /** From four-momenta (one jet, or one event, per entry); the axis is the summed four-momentum's. */
    public static Padded pad(FourMomenta p, int particles, Weight weight) {
        return pad(p, particles, weight, false);
    }

    /**
     * As {@link #pad(FourMomenta, int, Weight)}; with {@code rotate}, each jet is also turned so that the principal axis of
     * its pT-weighted (y, phi) spread lies along y, and reflected so that the pT-weighted third moments along both axes
     * are non-negative: the orientation a network would otherwise have to learn to ignore. Every step is a pT-weighted
     * sum, so the rows stay infrared and collinear safe.
     */
    public static Padded pad(FourMomenta p, int particles, Weight weight, boolean rotate) {
        int n = p.particles();
        double[] pt = new double[n], y = new double[n], phi = new double[n];
        for (int i = 0; i < n; i++) {
            pt[i] = Math.hypot(p.px()[i], p.py()[i]);
            phi[i] = Math.atan2(p.py()[i], p.px()[i]);
            double e = p.e()[i], pz = p.pz()[i];
            y[i] = e > Math.abs(pz) ? 0.5 * Math.log((e + pz) / (e - pz)) : Math.signum(pz) * 1e3; // along the beam: far away
        }
        int events = p.events();
        double[] axisY = new double[events], axisPhi = new double[events];
        for (int ev = 0; ev < events; ev++) {
            double sx = 0, sy = 0, sz = 0, se = 0;
            for (int i = p.first(ev); i < p.first(ev) + p.count(ev); i++) {
                sx += p.px()[i];
                sy += p.py()[i];
                sz += p.pz()[i];
                se += p.e()[i];
            }
            axisPhi[ev] = Math.atan2(sy, sx);
            axisY[ev] = se > Math.abs(sz) ? 0.5 * Math.log((se + sz) / (se - sz)) : 0;
        }
        return pad(p.offsets(), pt, y, phi, axisY, axisPhi, particles, weight, rotate);
    }

    /** From jagged pT, y (or eta) and phi columns with shared offsets; the axis is the pT-weighted centroid. */
    public static Padded pad(JaggedColumn pt, JaggedColumn y, JaggedColumn phi, int particles, Weight weight) {
        for (JaggedColumn c : new JaggedColumn[]{y, phi}) {
            if (!Arrays.equals(c.offsets(), pt.offsets())) {
                throw new HepmlException("Columns '" + pt.name() + "' and '" + c.name() + "' do not have the same number of entries in every event.");
            }
        }
        int events = pt.events();
        int[] off = pt.offsets();
        double[] axisY = new double[events], axisPhi = new double[events];
        for (int ev = 0; ev < events; ev++) {
            double s = 0, sy = 0, cx = 0, cy = 0;
            for (int i = off[ev]; i < off[ev + 1]; i++) {
                double w = pt.values()[i];
                s += w;
                sy += w * y.values()[i];
                cx += w * Math.cos(phi.values()[i]); // the azimuthal centroid as a direction: no trouble at phi = +-pi
                cy += w * Math.sin(phi.values()[i]);
            }
            axisY[ev] = s > 0 ? sy / s : 0;
            axisPhi[ev] = Math.atan2(cy, cx);
        }
        return pad(off, pt.values(), y.values(), phi.values(), axisY, axisPhi, particles, weight, false);
    }

    private static Padded pad(int[] off, double[] pt, double[] y, double[] phi, double[] axisY, double[] axisPhi, int particles, Weight weight,
                              boolean rotate) {
        if (particles < 1) throw new HepmlException("The number of particles per row must be at least 1, got " + particles + ".");
        int events = off.length - 1;
        float[][] rows = new float[events][particles * FEATURES];
        int truncated = 0, largest = 0;
        for (int ev = 0; ev < events; ev++) {
            int first = off[ev], count = off[ev + 1] - first;
            largest = Math.max(largest, count);
            if (count > particles) truncated++;
            double sum = 0;
            for (int i = first; i < first + count; i++) sum += pt[i];
            Integer[] order = new Integer[count];
            for (int k = 0; k < count; k++) order[k] = first + k;
            Arrays.sort(order, (a, b) -> Double.compare(pt[b], pt[a]));
            double[] u = new double[count], v = new double[count];
            for (int k = 0; k < count; k++) {
                u[k] = y[first + k] - axisY[ev];
                v[k] = wrap(phi[first + k] - axisPhi[ev]);
            }
            if (rotate) orient(pt, first, u, v);
            float[] r = rows[ev];
            int kept = Math.min(count, particles);
            for (int k = 0; k < kept; k++) {
                int i = order[k];
                double w = weight == Weight.Z ? (sum > 0 ? pt[i] / sum : 0) : pt[i];
                r[k * FEATURES] = (float) w;
                r[k * FEATURES + 1] = (float) u[i - first];
                r[k * FEATURES + 2] = (float) v[i - first];
            }
        }
        return new Padded(rows, particles, FEATURES, weight, truncated, largest);
    }

    /**
     * (z, y, phi) rows widened to the per-particle kinematics ParticleNet (arXiv:1902.08570) gives its network:
     * (z, y, phi, ln z, delta R, ln pT) with delta R = sqrt(y^2 + phi^2) the distance from the jet axis and
     * ln pT = ln(z pT_J), pT_J the jet's pT in GeV ({@code jetPt}, one per row). The logarithms spread the soft
     * particles' scales, delta R gives the radial distance directly, and ln pT restores the absolute scale that z removes:
     * a PFN on z alone sees m / pT_J, not the jet mass in GeV (on the top/QCD simulator, docs/TAGGING.md). Not infrared
     * and collinear safe (ln z), so for PFNs only, never EFNs. Padding stays all zero.
     */
    public static Padded kinematic(Padded rows, double[] jetPt) {
        if (rows.features() != FEATURES || rows.weight() != Weight.Z) {
            throw new HepmlException("Kinematic particle features are made from (z, y, phi) rows; these have " + rows.features()
                    + " features per particle with weight " + rows.weight() + ".");
        }
        if (jetPt.length != rows.jets()) throw new HepmlException(jetPt.length + " jet pTs for " + rows.jets() + " rows.");
        int m = rows.particles(), g = KINEMATIC_FEATURES;
        float[][] out = new float[rows.jets()][m * g];
        for (int i = 0; i < out.length; i++) {
            float[] a = rows.rows()[i], b = out[i];
            double lnJet = Math.log(jetPt[i]);
            for (int k = 0; k < m; k++) {
                float z = a[k * FEATURES], y = a[k * FEATURES + 1], phi = a[k * FEATURES + 2];
                if (z == 0) continue;
                if (!(jetPt[i] > 0)) throw new HepmlException("Row " + i + " has particles but its jet pT is " + jetPt[i] + ".");
                b[k * g] = z;
                b[k * g + 1] = y;
                b[k * g + 2] = phi;
                b[k * g + 3] = (float) Math.log(z);
                b[k * g + 4] = (float) Math.sqrt(y * y + phi * phi);
                b[k * g + 5] = (float) (Math.log(z) + lnJet);
            }
        }
        return new Padded(out, m, g, Weight.Z, rows.truncatedJets(), rows.largestJet());
    }

    /** Rotates (u, v) in place so the pT-weighted principal axis lies along u, then reflects to non-negative third moments. */
    private static void orient(double[] pt, int first, double[] u, double[] v) {
        double suu = 0, svv = 0, suv = 0;
        for (int k = 0; k < u.length; k++) {
            double w = pt[first + k];
            suu += w * u[k] * u[k];
            svv += w * v[k] * v[k];
            suv += w * u[k] * v[k];
        }
        double theta = 0.5 * Math.atan2(2 * suv, suu - svv), c = Math.cos(theta), s = Math.sin(theta);
        double mu = 0, mv = 0;
        for (int k = 0; k < u.length; k++) {
            double a = c * u[k] + s * v[k], b = -s * u[k] + c * v[k];
            u[k] = a;
            v[k] = b;
            mu += pt[first + k] * a * a * a;
            mv += pt[first + k] * b * b * b;
        }
        for (int k = 0; k < u.length; k++) {
            if (mu < 0) u[k] = -u[k];
            if (mv < 0) v[k] = -v[k];
        }
    }

    /** An angle in [-pi, pi). */
    static double wrap(double a) {
        double t = (a + Math.PI) % (2 * Math.PI);
        if (t < 0) t += 2 * Math.PI;
        return t - Math.PI;
    }
}
