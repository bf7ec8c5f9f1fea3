package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;

/**
 * Features standardised in m_jj, so that a classifier of signal region vs sidebands cannot learn m_jj from them.
 * <p>Why: CWoLa assumes the background features do not depend on m_jj. When they drift with it (heavier jets in
 * heavier dijets), the best classifier of SR vs SB is p(x | SR) / p(x | SB) with the SB a mixture of a lower and a
 * higher mass window; a location family's mixture from both sides is thinnest near the middle, so the classifier
 * prefers the x typical of the SR masses, and a cut on it keeps SR background more often than SB background: a bump
 * sculpted where the search looks (docs/ANOMALY.md, measured).
 * <p>The fix is a designed decorrelation in the spirit of DDT (Dolen et al., JHEP 05 (2016) 156: a linear correction
 * of tau21 in the mass variable fitted on the background): each feature becomes
 * (x - a - b v) / (c + d v), v = ln m_jj, with the line a + b v fitted by least squares to the feature and c + d v to
 * sqrt(pi/2) |residual| (the mean absolute deviation of a Gaussian is sqrt(2/pi) sd), both on the sideband events
 * only, so that a resonance in the SR cannot pull them. It removes the m_jj dependence of each feature's location and
 * scale to first order in ln m_jj; shapes changing with m_jj, or correlations between features that do, remain.
 * <p>Point masses (a value held by at least 0.1% of the sideband events, e.g. a clipped tau21 or a discrete count) are
 * mapped as if at the sidebands' mean ln m_jj: a transform that moved them with m_jj would write m_jj into the feature
 * (an exact spike whose position encodes the mass), which a classifier learns; measured, docs/ANOMALY.md.
 */
public final class MassDecorrelation {
    private final double[] a, b, c, d;
    private final java.util.List<java.util.Set<Double>> spikes;
    private final double meanV;

    private MassDecorrelation(double[] a, double[] b, double[] c, double[] d, java.util.List<java.util.Set<Double>> spikes, double meanV) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.spikes = spikes;
        this.meanV = meanV;
    }

    /** Fits the lines on the events with {@code sideband[i]} true. */
    public static MassDecorrelation fit(double[][] x, double[] mass, boolean[] sideband) {
        int features = x[0].length;
        double[] a = new double[features], b = new double[features], c = new double[features], d = new double[features];
        for (int j = 0; j < features; j++) {
            double[] line = line(x, mass, sideband, j, null);
            a[j] = line[0];
            b[j] = line[1];
            double[] scale = line(x, mass, sideband, j, line);
            c[j] = scale[0];
            d[j] = scale[1];
        }
        java.util.List<java.util.Set<Double>> spikes = new java.util.ArrayList<>();
        double n = 0, sumV = 0;
        for (int i = 0; i < x.length; i++) {
            if (!sideband[i]) continue;
            n++;
            sumV += Math.log(mass[i]);
        }
        for (int j = 0; j < features; j++) {
            java.util.Map<Double, Integer> counts = new java.util.HashMap<>();
            for (int i = 0; i < x.length; i++) if (sideband[i]) counts.merge(x[i][j], 1, Integer::sum);
            java.util.Set<Double> s = new java.util.HashSet<>();
            double least = Math.max(10, 1e-3 * n);
            counts.forEach((value, count) -> {
                if (count >= least) s.add(value);
            });
            spikes.add(s);
        }
        return new MassDecorrelation(a, b, c, d, spikes, sumV / n);
    }

    /** Least-squares line in v = ln m of feature j, or with {@code location} given, of sqrt(pi/2) |x - location(v)|. */
    private static double[] line(double[][] x, double[] mass, boolean[] sideband, int j, double[] location) {
        double n = 0, sv = 0, sy = 0, svv = 0, svy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!sideband[i]) continue;
            double v = Math.log(mass[i]), y = x[i][j];
            if (location != null) y = Math.sqrt(Math.PI / 2) * Math.abs(y - location[0] - location[1] * v);
            n++;
            sv += v;
            sy += y;
            svv += v * v;
            svy += v * y;
        }
        double det = n * svv - sv * sv;
        if (n < 3 || !(det > 0)) throw new HepmlException("The sidebands need events at several masses to decorrelate the features from m_jj.");
        double slope = (n * svy - sv * sy) / det;
        return new double[]{(sy - slope * sv) / n, slope};
    }

    /** The decorrelated features of events {@code x} at masses {@code mass}. */
    public double[][] apply(double[][] x, double[] mass) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double logMass = Math.log(mass[i]);
            out[i] = new double[x[i].length];
            for (int j = 0; j < out[i].length; j++) {
                double v = spikes.get(j).contains(x[i][j]) ? meanV : logMass;
                double scale = c[j] + d[j] * v;
                if (!(scale > 0)) throw new HepmlException("The fitted spread of feature " + (j + 1) + " is not positive at m = " + mass[i] + ".");
                out[i][j] = (x[i][j] - a[j] - b[j] * v) / scale;
            }
        }
        return out;
    }

    /** The slope b of feature j's location in ln m_jj. */
    public double slope(int j) {
        return b[j];
    }
}
