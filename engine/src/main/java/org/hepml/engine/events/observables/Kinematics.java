package org.hepml.engine.events.observables;

/** Four-vector formulas on plain doubles (GeV); no objects, so loops over millions of particles stay allocation-free. */
public final class Kinematics {
    private Kinematics() {
    }

    public static double pt(double px, double py) {
        return Math.hypot(px, py);
    }

    /** Pseudorapidity −ln tan(θ/2); ±infinity along the beam. */
    public static double eta(double px, double py, double pz) {
        double pt = Math.hypot(px, py);
        if (pt == 0) return pz == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, pz);
        double x = pz / pt;
        return Math.copySign(Math.log(Math.abs(x) + Math.sqrt(x * x + 1)), x); // asinh, stable for both signs
    }

    public static double phi(double px, double py) {
        return Math.atan2(py, px);
    }

    /** Rapidity ½ ln((E+pz)/(E−pz)). */
    public static double rapidity(double e, double pz) {
        return 0.5 * Math.log((e + pz) / (e - pz));
    }

    /** Invariant mass; a slightly negative m² from rounding gives 0, a clearly negative one −sqrt(−m²) (as ROOT does). */
    public static double mass(double e, double px, double py, double pz) {
        double m2 = e * e - px * px - py * py - pz * pz;
        return m2 >= 0 ? Math.sqrt(m2) : -Math.sqrt(-m2);
    }

    /** cos θ of the momentum with the +z beam axis. */
    public static double cosTheta(double px, double py, double pz) {
        double p = Math.sqrt(px * px + py * py + pz * pz);
        return p == 0 ? Double.NaN : pz / p;
    }

    /** φ1 − φ2 folded into [−π, π]. */
    public static double deltaPhi(double phi1, double phi2) {
        double d = phi1 - phi2;
        while (d > Math.PI) d -= 2 * Math.PI;
        while (d < -Math.PI) d += 2 * Math.PI;
        return d;
    }

    public static double deltaR(double eta1, double phi1, double eta2, double phi2) {
        double dEta = eta1 - eta2;
        double dPhi = deltaPhi(phi1, phi2);
        return Math.sqrt(dEta * dEta + dPhi * dPhi);
    }
}
