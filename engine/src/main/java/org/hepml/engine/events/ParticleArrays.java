package org.hepml.engine.events;

import org.hepml.engine.HepmlException;

import java.util.Arrays;

/**
 * Particle-level events stored column-wise: one primitive array per particle property, plus event offsets
 * ({@code particles of event i} are {@code [first(i), end(i))}). No object per particle, so 10^6 events of
 * 10 particles take about 0.8 GB and a tight loop over them is cache-friendly.
 *
 * <p>Conventions: momenta and masses in GeV; mothers are 1-based indices within the event as in LHE
 * ({@code 0} = none), so {@code mother1(p)} of the particle at global index {@code p} refers to global index
 * {@code first(event) + mother1 - 1}. Status follows the file's convention (LHE: 1 final, 2 intermediate,
 * -1 incoming; HepMC: 1 final, 4 beam, 2 decayed, …). The accessors return the shared arrays for
 * zero-copy use in Java cells: read them, do not modify them.
 */
public final class ParticleArrays {
    private final int events;
    private final int[] eventStart;
    private final int[] pdg, status, mother1, mother2, color1, color2;
    private final double[] px, py, pz, e, m, lifetime, spin;

    private ParticleArrays(Builder b) {
        this.events = b.events;
        this.eventStart = Arrays.copyOf(b.eventStart, b.events + 1);
        int n = b.size;
        pdg = Arrays.copyOf(b.pdg, n);
        status = Arrays.copyOf(b.status, n);
        mother1 = Arrays.copyOf(b.mother1, n);
        mother2 = Arrays.copyOf(b.mother2, n);
        color1 = Arrays.copyOf(b.color1, n);
        color2 = Arrays.copyOf(b.color2, n);
        px = Arrays.copyOf(b.px, n);
        py = Arrays.copyOf(b.py, n);
        pz = Arrays.copyOf(b.pz, n);
        e = Arrays.copyOf(b.e, n);
        m = Arrays.copyOf(b.m, n);
        lifetime = Arrays.copyOf(b.lifetime, n);
        spin = Arrays.copyOf(b.spin, n);
    }

    public static ParticleArrays empty() {
        return new Builder().build();
    }

    public int events() {
        return events;
    }

    /** Total number of particles over all events. */
    public int particles() {
        return eventStart[events];
    }

    public int first(int event) {
        return eventStart[event];
    }

    public int end(int event) {
        return eventStart[event + 1];
    }

    public int count(int event) {
        return eventStart[event + 1] - eventStart[event];
    }

    /** Event offsets, length {@code events()+1}. */
    public int[] offsets() { return eventStart; }
    public int[] pdg() { return pdg; }
    public int[] status() { return status; }
    public int[] mother1() { return mother1; }
    public int[] mother2() { return mother2; }
    public int[] color1() { return color1; }
    public int[] color2() { return color2; }
    public double[] px() { return px; }
    public double[] py() { return py; }
    public double[] pz() { return pz; }
    public double[] e() { return e; }
    public double[] m() { return m; }
    /** LHE VTIMUP: invariant lifetime c·tau in mm (NaN where the format has none). */
    public double[] lifetime() { return lifetime; }
    /** LHE SPINUP: cosine of the angle between spin and momentum in the lab (9 = unknown; NaN where the format has none). */
    public double[] spin() { return spin; }

    public double pt(int p) {
        return Math.hypot(px[p], py[p]);
    }

    @Override
    public String toString() {
        return "ParticleArrays: " + events + " events, " + particles() + " particles";
    }

    /** Grows the columns particle by particle; {@link #build()} trims them. */
    public static final class Builder {
        private int events;
        private int size;
        private int[] eventStart = new int[1025];
        private int[] pdg = new int[4096], status = new int[4096], mother1 = new int[4096], mother2 = new int[4096],
                color1 = new int[4096], color2 = new int[4096];
        private double[] px = new double[4096], py = new double[4096], pz = new double[4096], e = new double[4096],
                m = new double[4096], lifetime = new double[4096], spin = new double[4096];

        public Builder addParticle(int pdgId, int st, int mo1, int mo2, int col1, int col2,
                                   double pX, double pY, double pZ, double energy, double mass, double vtim, double sp) {
            if (size == pdg.length) grow();
            int i = size++;
            pdg[i] = pdgId;
            status[i] = st;
            mother1[i] = mo1;
            mother2[i] = mo2;
            color1[i] = col1;
            color2[i] = col2;
            px[i] = pX;
            py[i] = pY;
            pz[i] = pZ;
            e[i] = energy;
            m[i] = mass;
            lifetime[i] = vtim;
            spin[i] = sp;
            return this;
        }

        /** Sets the mothers of a particle of the current event after the fact (HepMC resolves them from vertices). */
        public void setMothers(int particle, int mo1, int mo2) {
            mother1[particle] = mo1;
            mother2[particle] = mo2;
        }

        /** Index the next particle will get. */
        public int size() {
            return size;
        }

        public int events() {
            return events;
        }

        /** Closes the current event: the particles added since the previous call form it. */
        public Builder endEvent() {
            if (events + 2 > eventStart.length) eventStart = Arrays.copyOf(eventStart, (int) Math.min(Integer.MAX_VALUE - 8L, eventStart.length * 2L));
            eventStart[++events] = size;
            return this;
        }

        /** Forgets the particles added since the last {@link #endEvent()} (an event that is skipped). */
        public void discardEvent() {
            size = eventStart[events];
        }

        /** Forgets everything (when particles are not kept, after each chunk's observables are computed). */
        public void clear() {
            events = 0;
            size = 0;
        }

        int start(int event) {
            return eventStart[event];
        }

        int[] pdgArray() { return pdg; }
        int[] statusArray() { return status; }
        double[] pxArray() { return px; }
        double[] pyArray() { return py; }
        double[] pzArray() { return pz; }
        double[] eArray() { return e; }
        double[] mArray() { return m; }
        int[] offsetArray() { return eventStart; }

        private void grow() {
            long want = pdg.length * 2L;
            if (want > Integer.MAX_VALUE - 8L) {
                if (pdg.length >= Integer.MAX_VALUE - 8) {
                    throw new HepmlException("Too many particles to keep in memory (more than " + pdg.length
                            + "). Load fewer events (limit) or do not keep the particles (keepParticles=false).");
                }
                want = Integer.MAX_VALUE - 8L;
            }
            int n = (int) want;
            pdg = Arrays.copyOf(pdg, n);
            status = Arrays.copyOf(status, n);
            mother1 = Arrays.copyOf(mother1, n);
            mother2 = Arrays.copyOf(mother2, n);
            color1 = Arrays.copyOf(color1, n);
            color2 = Arrays.copyOf(color2, n);
            px = Arrays.copyOf(px, n);
            py = Arrays.copyOf(py, n);
            pz = Arrays.copyOf(pz, n);
            e = Arrays.copyOf(e, n);
            m = Arrays.copyOf(m, n);
            lifetime = Arrays.copyOf(lifetime, n);
            spin = Arrays.copyOf(spin, n);
        }

        public ParticleArrays build() {
            return new ParticleArrays(this);
        }
    }
}
