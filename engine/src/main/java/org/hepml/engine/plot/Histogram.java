package org.hepml.engine.plot;

import org.hepml.engine.HepmlException;

import java.util.Arrays;

/**
 * A weighted one-dimensional histogram with uniform bins: per bin the sum of weights and the sum of
 * squared weights. The error bars drawn ({@link #errorsLow()}, {@link #errorsHigh()}) are the Garwood 68% Poisson
 * interval of the count when every event has unit weight (so a bin with 0 or 2 events gets an honest, asymmetric
 * interval that never reaches below zero), and sqrt(sum w^2) when events are weighted. Values outside the range go
 * to under/overflow; NaN values (e.g. events that failed reconstruction) are counted separately and never binned.
 */
public final class Histogram {
    private final String label;
    private final double lo;
    private final double hi;
    private final double[] sumW;
    private final double[] sumW2;
    private double underflow;
    private double overflow;
    private long missing;
    /** Events filled (NaN values not counted), or -1 where the contents were given as numbers. */
    private long entries;
    /** True while every event filled had weight 1: the contents are counts and take Poisson intervals. */
    private boolean unitWeights = true;
    /** The factor from counts to the contents, for a normalised copy of a histogram of counts. */
    private double scale = 1;

    public Histogram(String label, int bins, double lo, double hi) {
        if (bins <= 0) throw new HepmlException("The number of bins must be positive, got " + bins + ".");
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new HepmlException("The histogram range must be two finite numbers a < b, got " + lo + "," + hi + ".");
        }
        this.label = label;
        this.lo = lo;
        this.hi = hi;
        this.sumW = new double[bins];
        this.sumW2 = new double[bins];
    }

    /**
     * The range [lo, hi) that holds every finite value of the given arrays (hi nudged up so the largest value falls
     * inside the last bin); a single value gets a unit-wide range around it. {@code what} names them in the error.
     */
    public static double[] finiteRange(String what, double[]... values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : values) {
            for (double x : v) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            throw new HepmlException("Column '" + what + "' has no finite values to histogram.");
        }
        if (hi == lo) {
            lo -= 0.5;
            hi += 0.5;
        }
        return new double[]{lo, Math.nextUp(hi)};
    }

    /** Fills values with weights ({@code weights == null} means unit weights). */
    public static Histogram of(String label, double[] values, double[] weights, int bins, double lo, double hi) {
        Histogram h = new Histogram(label, bins, lo, hi);
        h.fill(values, weights);
        return h;
    }

    /** A histogram from bin contents and their (already computed) uncertainties, e.g. an unfolded spectrum. */
    public static Histogram ofCounts(String label, double lo, double hi, double[] counts, double[] errors) {
        if (errors.length != counts.length) throw new HepmlException(counts.length + " bin contents but " + errors.length + " errors.");
        Histogram h = new Histogram(label, counts.length, lo, hi);
        h.entries = -1;
        h.unitWeights = false;
        for (int i = 0; i < counts.length; i++) {
            h.sumW[i] = counts[i];
            h.sumW2[i] = errors[i] * errors[i];
        }
        return h;
    }

    public Histogram fill(double[] values, double[] weights) {
        if (weights != null && weights.length != values.length) {
            throw new HepmlException(values.length + " values but " + weights.length + " weights.");
        }
        int n = sumW.length;
        double binsPerUnit = n / (hi - lo);
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            double w = weights == null ? 1 : weights[i];
            if (Double.isNaN(x)) {
                missing++;
                continue;
            }
            if (!Double.isFinite(w)) {
                throw new HepmlException("Weight of event " + i + " is " + w + "; weights must be finite numbers.");
            }
            if (w != 1) unitWeights = false;
            if (entries >= 0) entries++;
            if (x < lo) {
                underflow += w;
            } else if (x >= hi) {
                // the upper edge belongs to the last bin, as in numpy.histogram
                if (x == hi) {
                    sumW[n - 1] += w;
                    sumW2[n - 1] += w * w;
                } else {
                    overflow += w;
                }
            } else {
                int b = Math.min(n - 1, (int) ((x - lo) * binsPerUnit));
                sumW[b] += w;
                sumW2[b] += w * w;
            }
        }
        return this;
    }

    public String label() {
        return label;
    }

    public int bins() {
        return sumW.length;
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    public double width() {
        return (hi - lo) / sumW.length;
    }

    public double[] edges() {
        double[] e = new double[sumW.length + 1];
        for (int i = 0; i <= sumW.length; i++) e[i] = lo + i * width();
        e[sumW.length] = hi;
        return e;
    }

    public double[] centers() {
        double[] c = new double[sumW.length];
        for (int i = 0; i < c.length; i++) c[i] = lo + (i + 0.5) * width();
        return c;
    }

    public double[] counts() {
        return sumW.clone();
    }

    /** Statistical error per bin: sqrt(sum of squared weights), the symmetric approximation. */
    public double[] errors() {
        double[] e = new double[sumW2.length];
        for (int i = 0; i < e.length; i++) e[i] = Math.sqrt(sumW2[i]);
        return e;
    }

    /** True when every event had unit weight, so the contents are (scaled) counts with Poisson intervals. */
    public boolean poisson() {
        return unitWeights;
    }

    /** The number of events filled (NaN values excluded, out-of-range ones included), or -1 when unknown. */
    public long entries() {
        return entries;
    }

    /** How far each bin's error bar reaches below its content: Garwood 68% for counts, else sqrt(sum w^2). */
    public double[] errorsLow() {
        return interval(true);
    }

    /** How far each bin's error bar reaches above its content: Garwood 68% for counts, else sqrt(sum w^2). */
    public double[] errorsHigh() {
        return interval(false);
    }

    private double[] interval(boolean low) {
        if (!unitWeights) return errors();
        double[] e = new double[sumW.length];
        for (int i = 0; i < e.length; i++) {
            long n = Math.round(sumW[i] / scale);
            double[] g = PoissonInterval.garwood(n);
            e[i] = scale * (low ? n - g[0] : g[1] - n);
        }
        return e;
    }

    public double underflow() {
        return underflow;
    }

    public double overflow() {
        return overflow;
    }

    public long missing() {
        return missing;
    }

    /** Sum of weights inside the range. */
    public double integral() {
        return Arrays.stream(sumW).sum();
    }

    /** A copy scaled so that the bin contents integrate to one over the range (a density). */
    public Histogram normalized() {
        double norm = integral() * width();
        Histogram h = new Histogram(label, sumW.length, lo, hi);
        h.entries = entries;
        h.unitWeights = unitWeights;
        h.scale = scale;
        if (norm == 0) return h;
        h.scale = scale / norm;
        for (int i = 0; i < sumW.length; i++) {
            h.sumW[i] = sumW[i] / norm;
            h.sumW2[i] = sumW2[i] / (norm * norm);
        }
        return h;
    }
}
