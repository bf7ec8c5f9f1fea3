package org.hepml.engine.events.sim;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A resonance-search toy after the LHC Olympics 2020 R&amp;D data set (Kasieczka et al., Rep. Prog. Phys. 84 (2021)
 * 124201): QCD dijet events with a smoothly falling invariant mass, and optionally a narrow resonance X -> Y Z whose
 * two boosted jets have masses near m_Y and m_Z and a two-prong substructure (small tau21).
 * <p>Background, per event: m_jj from the standard dijet function of the resonance searches,
 * f(x) = (1 - x)^p1 / x^(p2 + p3 ln x), x = m_jj / sqrt(s), sqrt(s) = 13 TeV, between {@code range}. The two jet
 * masses are log-normal, ln m_j ~ N(ln 90 GeV + 0.4 u, 0.7) with u = ln(m_jj / 3.5 TeV) (heavier dijets have
 * heavier jets, mildly, as QCD jets do: their mass grows with pT), and tau21_j ~ Beta(5, 3) - 0.06 u - 0.05 ln(m_j / 90
 * GeV) (one-prong, slightly lower for heavier jets), clipped to [0.01, 0.99].
 * <p>Signal: m_jj ~ N(m_X, width); the jets have m_Y (1 + 0.08 N(0,1)) and m_Z (1 + 0.08 N(0,1)) and tau21 ~ Beta(3, 5).
 * <p>Columns: {@code x.mjj}, {@code x.mj1} (the heavier jet), {@code x.mj2}, {@code x.tau21_j1}, {@code x.tau21_j2}
 * (masses in GeV), and the exact truth {@code y} (1 signal, 0 background).
 */
public final class DijetResonance {
    public static final double SQRT_S = 13_000;
    public static final String[] FEATURES = {"x.mj1", "x.mj2", "x.tau21_j1", "x.tau21_j2"};
    private static final int CHUNK = 1 << 15;
    private static final int GRID = 20_000;

    private double low = 2_800, high = 5_000;
    private double p1 = 8, p2 = 5, p3 = 0;
    private double signalMass = 3_500, signalWidth = 80, signalFraction = 0;
    private double massY = 500, massZ = 100;
    private double mjjDependence = 1;
    private long seed = 1;
    private double[] grid, cdf; // the tabulated background m_jj distribution, made on first use

    /** The m_jj range of the background, in GeV. */
    public DijetResonance range(double low, double high) {
        if (!(low > 0 && high > low && high < SQRT_S)) {
            throw new HepmlException("The m_jj range must satisfy 0 < low < high < 13000 GeV, got " + low + ", " + high + ".");
        }
        this.low = low;
        this.high = high;
        grid = null;
        return this;
    }

    /** The dijet function's shape parameters p1, p2, p3 (default 8, 5, 0). */
    public DijetResonance shape(double p1, double p2, double p3) {
        if (!Double.isFinite(p1) || !Double.isFinite(p2) || !Double.isFinite(p3)) throw new HepmlException("The dijet shape parameters must be finite.");
        this.p1 = p1;
        this.p2 = p2;
        this.p3 = p3;
        grid = null;
        return this;
    }

    /**
     * A narrow resonance at {@code mass} (GeV) with Gaussian {@code width}; {@code fraction} of all generated events are
     * signal (0: none).
     */
    public DijetResonance signal(double mass, double width, double fraction) {
        if (!(mass > 0) || !(width > 0) || Double.isInfinite(mass) || Double.isInfinite(width)) {
            throw new HepmlException("The signal mass and width must be positive numbers (GeV), got " + mass + ", " + width + ".");
        }
        if (!(fraction >= 0 && fraction < 1)) throw new HepmlException("The signal fraction must be in [0, 1), got " + fraction + ".");
        this.signalMass = mass;
        this.signalWidth = width;
        this.signalFraction = fraction;
        return this;
    }

    /** The masses of the resonance's two daughter jets, Y and Z (default 500 and 100 GeV). */
    public DijetResonance daughters(double massY, double massZ) {
        if (!(massY > 0 && massZ > 0) || Double.isInfinite(massY) || Double.isInfinite(massZ)) {
            throw new HepmlException("The daughter masses must be positive numbers (GeV), got " + massY + ", " + massZ + ".");
        }
        this.massY = massY;
        this.massZ = massZ;
        return this;
    }

    /**
     * Scales the background features' drift with m_jj (the 0.4 of the jet masses' and the 0.06 of tau21's u terms):
     * 1 the default, 0 features independent of m_jj (CWoLa's assumption), larger values a stronger correlation to
     * test a method's sculpting at small sample sizes.
     */
    public DijetResonance mjjDependence(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) throw new HepmlException("The m_jj dependence scale must be zero or positive, got " + scale + ".");
        this.mjjDependence = scale;
        return this;
    }

    public DijetResonance seed(long seed) {
        this.seed = seed;
        return this;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    public double signalMass() {
        return signalMass;
    }

    public double signalWidth() {
        return signalWidth;
    }

    /** The unnormalised dijet function at m_jj (GeV) with this simulator's shape. */
    public double dijetFunction(double mjj) {
        return dijetFunction(mjj, p1, p2, p3);
    }

    /** f(m) = (1 - x)^p1 / x^(p2 + p3 ln x), x = m / 13 TeV: the standard fit function of dijet resonance searches. */
    public static double dijetFunction(double mjj, double p1, double p2, double p3) {
        double x = mjj / SQRT_S, lx = Math.log(x);
        return Math.exp(p1 * Math.log1p(-x) - (p2 + p3 * lx) * lx);
    }

    /** The exact probability that a background event falls in [a, b] (GeV). */
    public double backgroundProbability(double a, double b) {
        tabulate();
        return cdfAt(Math.min(Math.max(b, low), high)) - cdfAt(Math.min(Math.max(a, low), high));
    }

    /** The exact probability that a signal event falls in [a, b] (GeV). */
    public double signalProbability(double a, double b) {
        return normalCdf((b - signalMass) / signalWidth) - normalCdf((a - signalMass) / signalWidth);
    }

    public Dataset generate(String name, int n) {
        if (n <= 0) throw new HepmlException("The number of events must be positive, got " + n + ".");
        MemoryBudget.require(n, 6, "simulating " + n + " dijet events");
        tabulate();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] mjj = new double[n], mj1 = new double[n], mj2 = new double[n], t1 = new double[n], t2 = new double[n], y = new double[n];
        try (Progress progress = Progress.start("Dijet events '" + name + "'", n, "events")) {
            for (int start = 0; start < n; start += CHUNK) {
                Cancelled.check("Simulating '" + name + "'");
                int end = Math.min(n, start + CHUNK);
                for (int i = start; i < end; i++) {
                    double ma, mb, ta, tb;
                    if (rng.nextDouble() < signalFraction) {
                        y[i] = 1;
                        mjj[i] = signalMass + signalWidth * rng.nextGaussian();
                        ma = massY * (1 + 0.08 * rng.nextGaussian());
                        mb = massZ * (1 + 0.08 * rng.nextGaussian());
                        ta = JetSubstructureToy.beta(rng, 3, 5);
                        tb = JetSubstructureToy.beta(rng, 3, 5);
                    } else {
                        mjj[i] = backgroundMass(rng.nextDouble());
                        double u = mjjDependence * Math.log(mjj[i] / 3_500);
                        ma = Math.exp(Math.log(90) + 0.4 * u + 0.7 * rng.nextGaussian());
                        mb = Math.exp(Math.log(90) + 0.4 * u + 0.7 * rng.nextGaussian());
                        ta = qcdTau21(rng, u, ma);
                        tb = qcdTau21(rng, u, mb);
                    }
                    boolean swap = mb > ma; // jet 1 is the heavier one
                    mj1[i] = swap ? mb : ma;
                    mj2[i] = swap ? ma : mb;
                    t1[i] = swap ? tb : ta;
                    t2[i] = swap ? ta : tb;
                }
                progress.update(end, "");
            }
            progress.finish(String.format(Locale.ROOT, "%,d events", n));
        }
        return Dataset.builder(name).column("x.mjj", mjj).column("x.mj1", mj1).column("x.mj2", mj2)
                .column("x.tau21_j1", t1).column("x.tau21_j2", t2).column("y", y)
                .meta("simulator", "dijet").meta("mjj_range", low + "," + high).meta("dijet_shape", p1 + "," + p2 + "," + p3)
                .meta("signal_mass", signalMass).meta("signal_width", signalWidth).meta("signal_fraction", signalFraction)
                .meta("daughter_masses", massY + "," + massZ).meta("mjj_dependence", mjjDependence).meta("seed", seed)
                .meta("label.x.mjj", "m_jj [GeV]").meta("label.x.mj1", "m_j1 [GeV]").meta("label.x.mj2", "m_j2 [GeV]")
                .meta("label.x.tau21_j1", "tau21(j1)").meta("label.x.tau21_j2", "tau21(j2)").build();
    }

    private static double qcdTau21(SplittableRandom rng, double u, double mass) {
        double t = JetSubstructureToy.beta(rng, 5, 3) - 0.06 * u - 0.05 * Math.log(mass / 90);
        return Math.min(0.99, Math.max(0.01, t));
    }

    /** Inverse of the tabulated CDF, linear within a grid cell (cells are 0.1 GeV or less wide). */
    private double backgroundMass(double p) {
        int k = Arrays.binarySearch(cdf, p);
        if (k >= 0) return grid[k];
        int hi = Math.min(-k - 1, GRID - 1), lo = Math.max(hi - 1, 0);
        double span = cdf[hi] - cdf[lo];
        return span > 0 ? grid[lo] + (grid[hi] - grid[lo]) * (p - cdf[lo]) / span : grid[lo];
    }

    private double cdfAt(double m) {
        double pos = (m - low) / (high - low) * (GRID - 1);
        int k = (int) Math.min(GRID - 2, Math.max(0, Math.floor(pos)));
        return cdf[k] + (cdf[k + 1] - cdf[k]) * (pos - k);
    }

    private void tabulate() {
        if (grid != null) return;
        double[] g = new double[GRID], c = new double[GRID];
        double step = (high - low) / (GRID - 1), prev = dijetFunction(low);
        g[0] = low;
        for (int k = 1; k < GRID; k++) {
            g[k] = low + k * step;
            double f = dijetFunction(g[k]);
            c[k] = c[k - 1] + 0.5 * (prev + f) * step; // trapezoids: the cells are so fine that f is linear in each
            prev = f;
        }
        for (int k = 0; k < GRID; k++) c[k] /= c[GRID - 1];
        grid = g;
        cdf = c;
    }

    static double normalCdf(double z) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(-z / Math.sqrt(2));
    }
}
