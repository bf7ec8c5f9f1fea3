package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;

/**
 * A binned {@link Reweighter} for one feature: the ratio of the two weighted histograms in the bin of each
 * event (under- and overflow join the first and last bin). OmniFold with this reweighter is exactly
 * iterative Bayesian unfolding in those bins, which is how the unbinned implementation is checked against
 * the binned one.
 */
public final class HistogramReweighter implements Reweighter {
    private final double lo;
    private final double hi;
    private final int bins;

    public HistogramReweighter(int bins, double lo, double hi) {
        if (bins < 1 || !(hi > lo)) throw new HepmlException("A histogram reweighter needs bins >= 1 and lo < hi.");
        this.bins = bins;
        this.lo = lo;
        this.hi = hi;
    }

    int bin(double x) {
        int b = (int) Math.floor((x - lo) / (hi - lo) * bins);
        return Math.max(0, Math.min(bins - 1, b));
    }

    @Override
    public DensityRatio fit(double[][] a, double[] weightA, double[][] b, double[] weightB) {
        double[] ha = new double[bins], hb = new double[bins];
        for (int i = 0; i < a.length; i++) ha[bin(a[i][0])] += weightA[i];
        for (int i = 0; i < b.length; i++) hb[bin(b[i][0])] += weightB[i];
        return x -> {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int k = bin(x[i][0]);
                out[i] = hb[k] > 0 ? ha[k] / hb[k] : 1; // 1 where B has no weight to move
            }
            return out;
        };
    }

    @Override
    public String describe() {
        return "histogram, " + bins + " bins in [" + lo + ", " + hi + "]";
    }
}
