package org.hepml.engine.jets.emd;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.JaggedColumn;
import org.hepml.engine.events.ParticleArrays;

import java.util.Arrays;

/**
 * Jets or events as the energy mover's distance sees them: each one a set of particles with a weight (pT or energy)
 * at a point (y, phi) of the rapidity-azimuth plane. Stored jagged, as the engine stores particle lists: the arrays
 * of all sets back to back, set {@code k} owning entries {@code offsets[k] .. offsets[k+1]}. Read the arrays, do not
 * modify them.
 */
public record ParticleSets(int[] offsets, double[] weight, double[] y, double[] phi) {
    public ParticleSets {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != weight.length) {
            throw new HepmlException("Particle sets: offsets must start at 0 and end at the number of particles ("
                    + weight.length + ").");
        }
        if (y.length != weight.length || phi.length != weight.length) {
            throw new HepmlException("Particle sets: weight, y and phi must be equally long (" + weight.length + ", "
                    + y.length + ", " + phi.length + ").");
        }
        for (int k = 1; k < offsets.length; k++) {
            if (offsets[k] < offsets[k - 1]) throw new HepmlException("Particle sets: offsets must not decrease (set " + (k - 1) + ").");
        }
        for (int p = 0; p < weight.length; p++) {
            if (!(weight[p] >= 0) || Double.isInfinite(weight[p])) {
                throw new HepmlException("Particle sets: particle " + (p - offsets[setOf(offsets, p)]) + " of set " + setOf(offsets, p)
                        + " has weight " + weight[p] + "; weights (pT or energy) must be finite and non-negative.");
            }
            if (!Double.isFinite(y[p]) || !Double.isFinite(phi[p])) {
                throw new HepmlException("Particle sets: particle " + (p - offsets[setOf(offsets, p)]) + " of set " + setOf(offsets, p)
                        + " is at (y, phi) = (" + y[p] + ", " + phi[p] + "); coordinates must be finite.");
            }
        }
    }

    /** One set (a single jet or event). */
    public static ParticleSets of(double[] weight, double[] y, double[] phi) {
        return new ParticleSets(new int[]{0, weight.length}, weight, y, phi);
    }

    /** Sets given one by one: {@code sets[k] = {weight[], y[], phi[]}}. */
    public static ParticleSets of(double[][]... sets) {
        int[] offsets = new int[sets.length + 1];
        for (int k = 0; k < sets.length; k++) {
            if (sets[k].length != 3) throw new HepmlException("Particle sets: set " + k + " must be {weight, y, phi}.");
            offsets[k + 1] = offsets[k] + sets[k][0].length;
        }
        double[] w = new double[offsets[sets.length]], y = new double[w.length], phi = new double[w.length];
        for (int k = 0; k < sets.length; k++) {
            if (sets[k][1].length != sets[k][0].length || sets[k][2].length != sets[k][0].length) {
                throw new HepmlException("Particle sets: set " + k + " has " + sets[k][0].length + " weights, " + sets[k][1].length
                        + " y and " + sets[k][2].length + " phi values; they must be equally many.");
            }
            System.arraycopy(sets[k][0], 0, w, offsets[k], sets[k][0].length);
            System.arraycopy(sets[k][1], 0, y, offsets[k], sets[k][0].length);
            System.arraycopy(sets[k][2], 0, phi, offsets[k], sets[k][0].length);
        }
        return new ParticleSets(offsets, w, y, phi);
    }

    /** From three jagged columns of one sample (constituent pT, rapidity, azimuth), event by event. */
    public static ParticleSets of(JaggedColumn weight, JaggedColumn y, JaggedColumn phi) {
        if (!java.util.Arrays.equals(weight.offsets(), y.offsets()) || !java.util.Arrays.equals(weight.offsets(), phi.offsets())) {
            throw new HepmlException("Particle sets: columns '" + weight.name() + "', '" + y.name() + "' and '" + phi.name()
                    + "' must have the same number of entries in every event.");
        }
        return new ParticleSets(weight.offsets(), weight.values(), y.values(), phi.values());
    }

    /**
     * The final-state particles (status 1) of every event, each weighted by its transverse momentum at its rapidity
     * and azimuth: the event-level EMD's input. Particles along the beam (pT = 0, rapidity infinite) carry no
     * weight and are left out.
     */
    public static ParticleSets finalState(ParticleArrays particles) {
        int events = particles.events();
        int[] offsets = new int[events + 1];
        int kept = 0;
        for (int ev = 0; ev < events; ev++) {
            for (int p = particles.first(ev); p < particles.end(ev); p++) if (isVisible(particles, p)) kept++;
            offsets[ev + 1] = kept;
        }
        double[] w = new double[kept], y = new double[kept], phi = new double[kept];
        int k = 0;
        double[] px = particles.px(), py = particles.py(), pz = particles.pz(), e = particles.e();
        for (int ev = 0; ev < events; ev++) {
            for (int p = particles.first(ev); p < particles.end(ev); p++) {
                if (!isVisible(particles, p)) continue;
                w[k] = Math.hypot(px[p], py[p]);
                y[k] = 0.5 * Math.log((e[p] + pz[p]) / (e[p] - pz[p]));
                phi[k] = Math.atan2(py[p], px[p]);
                k++;
            }
        }
        return new ParticleSets(offsets, w, y, phi);
    }

    private static boolean isVisible(ParticleArrays particles, int p) {
        double e = particles.e()[p], pz = particles.pz()[p];
        return particles.status()[p] == 1 && Math.hypot(particles.px()[p], particles.py()[p]) > 0 && e > Math.abs(pz);
    }

    public int size() {
        return offsets.length - 1;
    }

    public int count(int set) {
        return offsets[set + 1] - offsets[set];
    }

    /** Sum of the weights of one set (its pT or energy). */
    public double total(int set) {
        double s = 0;
        for (int p = offsets[set]; p < offsets[set + 1]; p++) s += weight[p];
        return s;
    }

    /** Set {@code k} on its own. */
    public ParticleSets get(int k) {
        return slice(k, k + 1);
    }

    /** Sets {@code [from, to)}. */
    public ParticleSets slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new HepmlException("Particle sets: [" + from + ", " + to + ") is outside the " + size() + " sets.");
        }
        int[] o = new int[to - from + 1];
        for (int k = from; k <= to; k++) o[k - from] = offsets[k] - offsets[from];
        int a = offsets[from], b = offsets[to];
        return new ParticleSets(o, Arrays.copyOfRange(weight, a, b), Arrays.copyOfRange(y, a, b), Arrays.copyOfRange(phi, a, b));
    }

    private static int setOf(int[] offsets, int particle) {
        int k = Arrays.binarySearch(offsets, particle);
        if (k < 0) return -k - 2;
        while (k + 1 < offsets.length && offsets[k + 1] == particle) k++;
        return Math.min(k, offsets.length - 2);
    }
}
