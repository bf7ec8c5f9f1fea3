package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.plot.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * A histogram of any column of an unfolded dataset, with the uncertainties its replica weight columns carry:
 * the bootstrap standard deviation per bin ({@code weight.boot<b>}, the statistical uncertainty of the data)
 * and, separately, the spread over classifier seeds ({@code weight.seed<k>} with the nominal {@code weight}).
 * Without replicas the errors are the weighted-event ones, sqrt(sum w^2), which understate the uncertainty of an
 * unfolded result (they ignore the data's fluctuations).
 *
 * @param counts        nominal bin contents (or densities when normalised)
 * @param bootstrap     bootstrap standard deviation per bin (null without replicas)
 * @param seedSpread    standard deviation over classifier seeds per bin (null without seed replicas)
 * @param simulationErr sqrt(sum w^2) of the nominal weights
 */
public record UnfoldedSpectrum(String label, double lo, double hi, double[] counts, double[] bootstrap, double[] seedSpread,
                               double[] simulationErr, int bootstrapReplicas, int seeds) {

    public static UnfoldedSpectrum of(Dataset unfolded, String column, int bins, double lo, double hi, boolean normalize) {
        if (!unfolded.has("weight")) throw new HepmlException("'" + unfolded.name() + "' has no 'weight' column: it is not an unfolded dataset.");
        double[] x = unfolded.column(column);
        Histogram nominal = hist(column, x, unfolded.column("weight"), bins, lo, hi, normalize);
        List<String> boots = new ArrayList<>(), seeds = new ArrayList<>();
        for (String c : unfolded.columnNames()) {
            if (c.startsWith("weight.boot")) boots.add(c);
            if (c.startsWith("weight.seed")) seeds.add(c);
        }
        double[] boot = boots.isEmpty() ? null : spread(unfolded, column, x, boots, bins, lo, hi, normalize, null);
        double[] seed = seeds.isEmpty() ? null : spread(unfolded, column, x, seeds, bins, lo, hi, normalize, nominal.counts());
        String label = unfolded.name() + (boots.isEmpty() ? "" : " (\u00b1 " + boots.size() + " bootstrap)");
        return new UnfoldedSpectrum(label, lo, hi, nominal.counts(), boot, seed, nominal.errors(), boots.size(), seeds.size() + (seeds.isEmpty() ? 0 : 1));
    }

    /** The spectrum as a histogram whose errors are the bootstrap ones (or sqrt(sum w^2) without replicas). */
    public Histogram histogram() {
        return Histogram.ofCounts(label, lo, hi, counts, bootstrap != null ? bootstrap : simulationErr);
    }

    /** Per-bin standard deviation over the replica columns; {@code withNominal} adds the nominal as one more member. */
    private static double[] spread(Dataset d, String column, double[] x, List<String> columns, int bins, double lo, double hi,
                                   boolean normalize, double[] withNominal) {
        List<double[]> members = new ArrayList<>();
        if (withNominal != null) members.add(withNominal);
        for (String c : columns) members.add(hist(column, x, d.column(c), bins, lo, hi, normalize).counts());
        double[] sd = new double[bins];
        int n = members.size();
        for (int b = 0; b < bins; b++) {
            double m = 0, v = 0;
            for (double[] h : members) m += h[b] / n;
            for (double[] h : members) v += (h[b] - m) * (h[b] - m);
            sd[b] = n > 1 ? Math.sqrt(v / (n - 1)) : 0;
        }
        return sd;
    }

    private static Histogram hist(String label, double[] x, double[] w, int bins, double lo, double hi, boolean normalize) {
        Histogram h = Histogram.of(label, x, w, bins, lo, hi);
        return normalize ? h.normalized() : h;
    }

    /** Weighted mean and standard deviation of a column under the nominal weights and under each bootstrap replica. */
    public static double[][] moments(Dataset unfolded, String column) {
        List<String> cols = new ArrayList<>(List.of("weight"));
        for (String c : unfolded.columnNames()) if (c.startsWith("weight.boot")) cols.add(c);
        double[] x = unfolded.column(column);
        double[][] out = new double[cols.size()][];
        for (int k = 0; k < cols.size(); k++) out[k] = meanStdSum(x, unfolded.column(cols.get(k)));
        return out;
    }

    /** Weighted mean, standard deviation and sum of weights of x. */
    public static double[] meanStdSum(double[] x, double[] w) {
        double s = 0, m = 0, v = 0;
        for (int i = 0; i < x.length; i++) {
            s += w[i];
            m += w[i] * x[i];
        }
        m /= s;
        for (int i = 0; i < x.length; i++) v += w[i] * (x[i] - m) * (x[i] - m);
        return new double[]{m, Math.sqrt(v / s), s};
    }
}
