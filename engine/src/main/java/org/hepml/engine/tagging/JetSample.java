package org.hepml.engine.tagging;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.jets.JetDefinition;
import org.hepml.engine.jets.JetObservables;
import org.hepml.engine.jets.Jets;
import org.hepml.engine.nn.ParticleSets;

import java.util.List;
import java.util.Locale;

/**
 * Labelled jets as every tagger reads them: the leading anti-kT R = 0.8 jet of each event, as padded constituent rows
 * (z, y, phi about the jet axis, pT-ordered, {@link ParticleSets}) for the particle networks and as the standard
 * observables {@link #OBSERVABLES} for the observables MLP, with its label (1 top, 0 QCD) and pT.
 * An event without a jet gets an all-padding row and NaN observables.
 */
public record JetSample(String name, ParticleSets.Padded particles, double[][] observables, double[] labels, double[] pt) {
    /** The observables the MLP tags on (columns of {@code %jets cluster}, soft drop z_cut 0.1, beta 0). */
    public static final List<String> OBSERVABLES = List.of("x.m", "x.m_sd", "x.tau21", "x.tau32", "x.d2");
    public static final double R = 0.8, PT_MIN = 20, Y_MAX = 10;

    public int size() {
        return labels.length;
    }

    /** From simulated or loaded particle events with a 0/1 label column; {@code particles} per padded row. */
    public static JetSample of(ParticleEvents events, String label, int particles) {
        Dataset d = events.events();
        if (!d.has(label)) throw new HepmlException("'" + d.name() + "' has no label column '" + label + "' (1 signal, 0 background).");
        return of(d.name(), events.particles(), d.column(label), particles);
    }

    public static JetSample of(String name, FourMomenta p, double[] labels, int particles) {
        return of(name, p, labels, particles, true);
    }

    /** With {@code rotate} the constituents are also turned to their principal axis ({@link ParticleSets#pad(FourMomenta, int, ParticleSets.Weight, boolean)}). */
    public static JetSample of(String name, FourMomenta p, double[] labels, int particles, boolean rotate) {
        return of(name, p, labels, particles, rotate, ParticleSets.Weight.Z);
    }

    /**
     * With the particles' weight feature {@code weight}: {@code Z} (pT fractions, the default) or {@code PT} (GeV). An EFN
     * reads either as the same z; a PFN given pT in GeV also sees the jet's absolute scale, which the observables MLP's
     * mass in GeV carries and z-weighted rows do not.
     */
    public static JetSample of(String name, FourMomenta p, double[] labels, int particles, boolean rotate, ParticleSets.Weight weight) {
        if (labels.length != p.events()) throw new HepmlException("'" + name + "': " + labels.length + " labels for " + p.events() + " events.");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) throw new HepmlException("'" + name + "': labels must be 0 or 1; event " + i + " has " + labels[i] + ".");
        }
        Jets jets = Jets.cluster(p, JetDefinition.antiKt(R), PT_MIN, Y_MAX);
        Dataset table = JetObservables.leading(name, jets, null, 0.1, 0, true);
        double[][] obs = new double[labels.length][OBSERVABLES.size()];
        for (int k = 0; k < OBSERVABLES.size(); k++) {
            double[] c = table.column(OBSERVABLES.get(k));
            for (int i = 0; i < c.length; i++) obs[i][k] = c[i];
        }
        double[] pt = table.column("x.pt");
        // the leading jet's constituents as four-momenta, one set per event
        int[] off = new int[p.events() + 1];
        for (int ev = 0; ev < p.events(); ev++) {
            int j = jets.jet(ev, 0);
            off[ev + 1] = off[ev] + (j < 0 ? 0 : jets.multiplicity(j));
        }
        int n = off[off.length - 1];
        double[] px = new double[n], py = new double[n], pz = new double[n], e = new double[n];
        for (int ev = 0; ev < p.events(); ev++) {
            int j = jets.jet(ev, 0);
            if (j < 0) continue;
            int k = off[ev];
            for (int c = jets.constituentOffsets()[j]; c < jets.constituentOffsets()[j + 1]; c++, k++) {
                int i = p.first(ev) + jets.constituents()[c];
                px[k] = p.px()[i];
                py[k] = p.py()[i];
                pz[k] = p.pz()[i];
                e[k] = p.e()[i];
            }
        }
        ParticleSets.Padded rows = ParticleSets.pad(new FourMomenta(off, px, py, pz, e), particles, weight, rotate);
        return new JetSample(name, rows, obs, labels.clone(), pt);
    }

    /** The jets {@code keep} selects (e.g. a pT range), as a sample of their own. */
    public JetSample select(java.util.function.IntPredicate keep, String as) {
        int n = 0;
        for (int i = 0; i < size(); i++) if (keep.test(i)) n++;
        float[][] rows = new float[n][];
        double[][] o = new double[n][];
        double[] y = new double[n], p = new double[n];
        int k = 0;
        for (int i = 0; i < size(); i++) {
            if (!keep.test(i)) continue;
            rows[k] = particles.rows()[i];
            o[k] = observables[i];
            y[k] = labels[i];
            p[k++] = pt[i];
        }
        ParticleSets.Padded pad = new ParticleSets.Padded(rows, particles.particles(), particles.features(), particles.weight(),
                particles.truncatedJets(), particles.largestJet());
        return new JetSample(as, pad, o, y, p);
    }

    @Override
    public String toString() {
        int tops = 0;
        for (double v : labels) if (v == 1) tops++;
        return String.format(Locale.ROOT, "'%s': %,d jets (%,d signal, %,d background); %s", name, size(), tops, size() - tops, particles);
    }
}
