package org.hepml.engine.events;

import org.hepml.engine.HepmlException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-event lists of particle four-momenta as jagged columns: event {@code i} owns particles
 * {@code offsets[i] .. offsets[i+1]-1} of the flat arrays {@code px, py, pz, e} (GeV). The input of jet clustering,
 * made from a simulator's particles or from the final state of loaded events; no object per particle. The arrays
 * are shared: read them, do not modify them.
 */
public record FourMomenta(int[] offsets, double[] px, double[] py, double[] pz, double[] e) {
    public FourMomenta {
        int n = px.length;
        if (py.length != n || pz.length != n || e.length != n) {
            throw new HepmlException("Four-momentum columns of unequal length: px " + n + ", py " + py.length + ", pz " + pz.length
                    + ", E " + e.length + ".");
        }
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != n) {
            throw new HepmlException("Particle offsets must start at 0 and end at the number of particles (" + n + ").");
        }
    }

    public int events() {
        return offsets.length - 1;
    }

    /** Total number of particles. */
    public int particles() {
        return px.length;
    }

    public int first(int event) {
        return offsets[event];
    }

    public int count(int event) {
        return offsets[event + 1] - offsets[event];
    }

    /** The final-state particles (status 1) of loaded events; with {@code withNeutrinos = false} neutrinos (|pdg| 12, 14, 16) are left out. */
    public static FourMomenta finalState(ParticleArrays p, boolean withNeutrinos) {
        int[] st = p.status(), pdg = p.pdg();
        int events = p.events();
        int[] off = new int[events + 1];
        int total = 0;
        for (int ev = 0; ev < events; ev++) {
            for (int i = p.first(ev); i < p.end(ev); i++) if (keep(st[i], pdg[i], withNeutrinos)) total++;
            off[ev + 1] = total;
        }
        double[] x = new double[total], y = new double[total], z = new double[total], en = new double[total];
        int k = 0;
        for (int i = 0; i < st.length; i++) {
            if (!keep(st[i], pdg[i], withNeutrinos)) continue;
            x[k] = p.px()[i];
            y[k] = p.py()[i];
            z[k] = p.pz()[i];
            en[k] = p.e()[i];
            k++;
        }
        return new FourMomenta(off, x, y, z, en);
    }

    private static boolean keep(int status, int pdg, boolean withNeutrinos) {
        int a = Math.abs(pdg);
        return status == 1 && (withNeutrinos || (a != 12 && a != 14 && a != 16));
    }

    /** From jagged columns px, py, pz, E that share their offsets. */
    public static FourMomenta of(JaggedColumn px, JaggedColumn py, JaggedColumn pz, JaggedColumn e) {
        for (JaggedColumn c : new JaggedColumn[]{py, pz, e}) {
            if (!java.util.Arrays.equals(c.offsets(), px.offsets())) {
                throw new HepmlException("Columns '" + px.name() + "' and '" + c.name() + "' do not have the same number of entries in every event.");
            }
        }
        return new FourMomenta(px.offsets(), px.values(), py.values(), pz.values(), e.values());
    }

    /**
     * From jagged columns pT, rapidity y (or pseudorapidity with {@code pseudorapidity = true}), phi and mass:
     * px = pT cos phi, py = pT sin phi, and pz = mT sinh y, E = mT cosh y with mT = sqrt(pT^2 + m^2)
     * (for eta: pz = pT sinh eta, E = sqrt(p^2 + m^2)).
     */
    public static FourMomenta fromPtYPhiM(JaggedColumn pt, JaggedColumn y, JaggedColumn phi, JaggedColumn m, boolean pseudorapidity) {
        int n = pt.values().length;
        double[] x = new double[n], yy = new double[n], z = new double[n], en = new double[n];
        for (int i = 0; i < n; i++) {
            double p = pt.values()[i], f = phi.values()[i], r = y.values()[i], mass = m == null ? 0 : m.values()[i];
            x[i] = p * Math.cos(f);
            yy[i] = p * Math.sin(f);
            if (pseudorapidity) {
                z[i] = p * Math.sinh(r);
                en[i] = Math.sqrt(p * p + z[i] * z[i] + mass * mass);
            } else {
                double mt = Math.sqrt(p * p + mass * mass);
                z[i] = mt * Math.sinh(r);
                en[i] = mt * Math.cosh(r);
            }
        }
        return new FourMomenta(pt.offsets(), x, yy, z, en);
    }

    /** The particles as jagged columns {@code pt, y, phi, e} (rapidity, phi in (-pi, pi]) for per-particle features. */
    public Map<String, JaggedColumn> ptYPhiE() {
        int n = px.length;
        double[] pt = new double[n], y = new double[n], phi = new double[n];
        for (int i = 0; i < n; i++) {
            pt[i] = Math.hypot(px[i], py[i]);
            phi[i] = Math.atan2(py[i], px[i]);
            y[i] = 0.5 * Math.log((e[i] + pz[i]) / (e[i] - pz[i]));
        }
        Map<String, JaggedColumn> out = new LinkedHashMap<>();
        out.put("pt", new JaggedColumn("pt", offsets, pt));
        out.put("y", new JaggedColumn("y", offsets, y));
        out.put("phi", new JaggedColumn("phi", offsets, phi));
        out.put("e", new JaggedColumn("e", offsets, e));
        return out;
    }

    /** The particles as jagged columns {@code px, py, pz, e} sharing this object's arrays (no copy), for a {@link Dataset}. */
    public Map<String, JaggedColumn> columns() {
        Map<String, JaggedColumn> out = new LinkedHashMap<>();
        out.put("px", new JaggedColumn("px", offsets, px));
        out.put("py", new JaggedColumn("py", offsets, py));
        out.put("pz", new JaggedColumn("pz", offsets, pz));
        out.put("e", new JaggedColumn("e", offsets, e));
        return out;
    }

    /**
     * The four-momenta of a dataset's jagged columns, names compared ignoring case: {@code px, py, pz, e} (or {@code E},
     * {@code energy}); else {@code pt, eta, phi} with an optional {@code m} or {@code mass}; else {@code pt, y, phi} (rapidity).
     * Null when the dataset has none of these sets.
     */
    public static FourMomenta of(Dataset d) {
        JaggedColumn px = find(d, "px"), py = find(d, "py"), pz = find(d, "pz"), e = find(d, "e", "energy");
        if (px != null && py != null && pz != null && e != null) return of(px, py, pz, e);
        JaggedColumn pt = find(d, "pt"), phi = find(d, "phi"), m = find(d, "m", "mass"), eta = find(d, "eta"), y = find(d, "y", "rapidity");
        if (pt != null && phi != null && (eta != null || y != null)) {
            JaggedColumn r = eta != null ? eta : y;
            for (JaggedColumn c : new JaggedColumn[]{phi, r, m}) {
                if (c != null && !java.util.Arrays.equals(c.offsets(), pt.offsets())) {
                    throw new HepmlException("Columns '" + pt.name() + "' and '" + c.name() + "' do not have the same number of entries in every event.");
                }
            }
            return fromPtYPhiM(pt, r, phi, m, eta != null);
        }
        return null;
    }

    private static JaggedColumn find(Dataset d, String... names) {
        for (String n : names) {
            for (JaggedColumn c : d.jagged().values()) if (c.name().equalsIgnoreCase(n)) return c;
        }
        return null;
    }

    /** Particles per event, as a column. */
    public double[] multiplicities() {
        double[] m = new double[events()];
        for (int i = 0; i < m.length; i++) m[i] = count(i);
        return m;
    }

    @Override
    public String toString() {
        return "FourMomenta: " + events() + " events, " + particles() + " particles";
    }
}
