package org.hepml.engine.sbi;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Quantities;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a likelihood scan: log L on the grid, q = -2 Delta log L, the maximum-likelihood estimate
 * and the Wilks intervals (1D) that a physicist quotes. An interval whose end lies beyond the grid is OPEN: it is
 * shown as such, with a hint to widen the grid, and never counts as covering a value. For a likelihood estimated
 * from simulation (SALLY, SALLINO) the scan also carries the Monte Carlo error of q.
 */
public final class ScanResult implements HtmlRenderable {
    /** Wilks thresholds of q for 68.3% and 95% confidence, by number of parameters. */
    public static final double[][] LEVELS = {{1.0, 3.841}, {2.296, 5.991}};
    /** The confidence level of a 1-sigma interval, 2 Phi(1) - 1. */
    public static final double ONE_SIGMA = 0.682689492137086;

    private final String label;
    private final List<String> parameters;
    private final List<double[]> axes;
    private final double[] logL;
    private final double[] q;
    private final double[] mle;
    private final int best;
    /** Monte Carlo sd of q per grid point, or null for an exact or network likelihood. */
    private final double[] qErrors;
    /** For a simulated likelihood: simulated events, and the smallest effective sample size over the grid. */
    private final int simulated;
    private final double minEffectiveSize;
    /** The model's training range ({@link LogRatio#trainingRange()}), or null. */
    private double[][] trainingRange;
    /** How close to an edge of the training range (as a fraction of its width) a 95% region may come unwarned. */
    public static final double TRAINING_EDGE = 0.1;
    /**
     * How many training events a learned likelihood needs per observed event before a scan stops warning
     * (docs/FLOWS.md, "NDE scan: bias against the training size"): the learned theta-dependence carries at least its
     * training sample's statistical error, which moves the MLE by ~sqrt(observed / training) sigma of the scan (the
     * efficient limit: 0.1 sigma at 100). Necessary, not sufficient: a flow's training adds its own error on top.
     */
    public static final int TRAINING_PER_OBSERVED = 100;
    /** The learned likelihood's training events ({@link LogRatio#trainingEvents()}; 0: not tracked) and the scan's effective events. */
    private long trainingEvents;
    private double observedEvents;

    ScanResult(String label, List<String> parameters, List<double[]> axes, double[] logL) {
        this(label, parameters, axes, logL, null, 0, Double.NaN);
    }

    ScanResult(String label, List<String> parameters, List<double[]> axes, double[] logL, double[] qErrors, int simulated,
               double minEffectiveSize) {
        this.label = label;
        this.parameters = List.copyOf(parameters);
        this.axes = axes.stream().map(double[]::clone).toList();
        this.logL = logL.clone();
        int b = 0;
        for (int i = 1; i < logL.length; i++) if (logL[i] > logL[b]) b = i;
        this.best = b;
        double max = logL[b] + vertexExcess(b);
        this.q = new double[logL.length];
        for (int i = 0; i < logL.length; i++) q[i] = -2 * (logL[i] - max);
        this.mle = refine(b);
        this.qErrors = qErrors == null ? null : qErrors.clone();
        this.simulated = simulated;
        this.minEffectiveSize = minEffectiveSize;
    }

    /**
     * In 1D, how far the parabola through the grid maximum and its neighbours rises above it: q is measured from
     * the parabola's vertex, so a coarse grid does not shrink the intervals.
     */
    private double vertexExcess(int b) {
        if (parameters.size() != 1 || b == 0 || b == logL.length - 1) return 0;
        double y0 = logL[b - 1], y1 = logL[b], y2 = logL[b + 1];
        double curvature = y0 - 2 * y1 + y2;
        if (!(curvature < 0)) return 0;
        return -(y2 - y0) * (y2 - y0) / (8 * curvature);
    }

    /** The grid maximum, refined in 1D by the vertex of the parabola through it and its neighbours. */
    private double[] refine(int b) {
        if (parameters.size() == 2) {
            int n1 = axes.get(1).length;
            return new double[]{axes.get(0)[b / n1], axes.get(1)[b % n1]};
        }
        double[] g = axes.get(0);
        if (b == 0 || b == g.length - 1) return new double[]{g[b]};
        double y0 = q[b - 1], y1 = q[b], y2 = q[b + 1];
        double denom = y0 - 2 * y1 + y2;
        double step = g[b + 1] - g[b];
        double shift = denom > 0 ? 0.5 * (y0 - y2) / denom : 0;
        return new double[]{g[b] + Math.max(-1, Math.min(1, shift)) * step};
    }

    /**
     * A 1D confidence interval. An end with {@code lowerOpen}/{@code upperOpen} set lies beyond the grid: the value
     * stored there is the grid's edge, and the interval is reported open and never covers anything.
     */
    public record Interval(double lower, double upper, boolean lowerOpen, boolean upperOpen, double confidence) {
        public boolean open() {
            return lowerOpen || upperOpen;
        }

        /** Whether theta lies in a closed interval. */
        public boolean covers(double theta) {
            return !open() && theta >= lower && theta <= upper;
        }

        public double width() {
            return upper - lower;
        }

        @Override
        public String toString() {
            return "[" + (lowerOpen ? "< " + fmt(lower) + " (open)" : fmt(lower)) + ", "
                    + (upperOpen ? "> " + fmt(upper) + " (open)" : fmt(upper)) + "]";
        }
    }

    /** Remembers the training range of the model scanned (null: none); set once, by whoever made the scan. */
    ScanResult trainedOn(double[][] range) {
        this.trainingRange = range == null ? null : Arrays.stream(range).map(double[]::clone).toArray(double[][]::new);
        return this;
    }

    /** Remembers how many events the model was trained on and the scan's (effective) observed events. */
    ScanResult trainedWith(long trainingEvents, double observedEvents) {
        this.trainingEvents = trainingEvents;
        this.observedEvents = observedEvents;
        return this;
    }

    /**
     * Null, or a warning that the scan has more than 1/{@value #TRAINING_PER_OBSERVED} as many (effective) events as the
     * learned likelihood was trained on: then the training sample's own statistical error in the learned
     * theta-dependence is no longer small against the scan's sigma, and the intervals under-cover.
     */
    public String trainingSizeCaution() {
        if (trainingEvents <= 0 || observedEvents * TRAINING_PER_OBSERVED <= trainingEvents) return null;
        return String.format(Locale.ROOT, "the scan has %,.0f events but the likelihood was trained on only %,d (%.0f per observed event;"
                        + " at least %d are needed): the training sample's own statistical error shifts the MLE by a sizeable fraction of"
                        + " the interval, so simulate at least %,.0f training events (docs/FLOWS.md)",
                observedEvents, trainingEvents, trainingEvents / observedEvents, TRAINING_PER_OBSERVED, observedEvents * TRAINING_PER_OBSERVED);
    }

    /**
     * Null, or a warning that the 95% region reaches into the outer {@value #TRAINING_EDGE} of the model's training range
     * (or beyond it) along some parameter: there a parametrized estimator's log r is least accurate, so the
     * interval's end is not to be trusted. The cure is to train on a wider range of theta than the one scanned.
     */
    public String trainingEdgeCaution() {
        if (trainingRange == null) return null;
        double level = LEVELS[parameters.size() - 1][1];
        List<double[]> points = LikelihoodScan.points(axes);
        for (int j = 0; j < parameters.size(); j++) {
            double lo = trainingRange[j][0], hi = trainingRange[j][1], margin = TRAINING_EDGE * (hi - lo);
            for (int i = 0; i < q.length; i++) {
                double t = points.get(i)[j];
                if (q[i] < level && (t < lo + margin || t > hi - margin)) {
                    return String.format(Locale.ROOT, "the 95%% region reaches %s = %s, %s the estimator's training range [%s, %s]:"
                                    + " a parametrized network is least accurate there, so do not trust that end; train on a wider %s range",
                            parameters.get(j), fmt(t), t < lo || t > hi ? "outside" : "near the edge of", fmt(lo), fmt(hi), parameters.get(j));
                }
            }
        }
        return null;
    }

    /** The Wilks threshold of q for a confidence level, chi^2 with as many degrees of freedom as parameters. */
    public static double threshold(double confidence, int parameters) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new HepmlException("A confidence level lies between 0 and 1, got " + confidence + ".");
        }
        return new ChiSquaredDistribution(null, parameters).inverseCumulativeProbability(confidence);
    }

    public String label() {
        return label;
    }

    public List<String> parameters() {
        return parameters;
    }

    public List<double[]> axes() {
        return axes;
    }

    public double[] logLikelihood() {
        return logL.clone();
    }

    /** q(theta) = -2 [log L(theta) - max log L] on the grid (row-major over the two axes in 2D). */
    public double[] q() {
        return q.clone();
    }

    public double[] mle() {
        return mle.clone();
    }

    /**
     * The Monte Carlo standard deviation of q at each grid point (NaN where q is above 9, where it was not computed),
     * or null when the likelihood is not simulated.
     */
    public double[] qErrors() {
        return qErrors == null ? null : qErrors.clone();
    }

    /** The smallest effective size of the reweighted simulated sample where q is below 9 (NaN if not simulated). */
    public double minEffectiveSampleSize() {
        return minEffectiveSize;
    }

    /**
     * The largest Monte Carlo error of q over the grid points inside the 68.3% region (q below its Wilks threshold),
     * where it matters for the MLE and the interval; NaN when the likelihood is not simulated.
     */
    public double monteCarloErrorNearMinimum() {
        if (qErrors == null) return Double.NaN;
        double level = threshold(ONE_SIGMA, parameters.size()), max = 0;
        for (int i = 0; i < q.length; i++) if (q[i] <= level && !Double.isNaN(qErrors[i])) max = Math.max(max, qErrors[i]);
        return max;
    }

    /** The 1D interval where q is below its Wilks threshold for {@code confidence} (e.g. 0.95). */
    public Interval confidenceInterval(double confidence) {
        return intervalBelow(threshold(confidence, parameters.size()), confidence);
    }

    /** The 1D interval around the grid minimum where q < level, by linear interpolation between grid points. */
    public Interval intervalBelow(double level, double confidence) {
        if (parameters.size() != 1) throw new IllegalStateException("intervals are for one parameter; use contours in 2D");
        double[] g = axes.get(0);
        double lo = g[0], hi = g[g.length - 1];
        boolean loOpen = true, hiOpen = true;
        for (int i = best; i > 0; i--) {
            if (q[i - 1] >= level) {
                lo = g[i - 1] + (level - q[i - 1]) * (g[i] - g[i - 1]) / (q[i] - q[i - 1]);
                loOpen = false;
                break;
            }
        }
        for (int i = best; i < g.length - 1; i++) {
            if (q[i + 1] >= level) {
                hi = g[i] + (level - q[i]) * (g[i + 1] - g[i]) / (q[i + 1] - q[i]);
                hiOpen = false;
                break;
            }
        }
        return new Interval(lo, hi, loOpen, hiOpen, confidence);
    }

    /**
     * Whether the confidence region at this level contains theta and is closed within the grid: in 1D the interval
     * around the minimum; in 2D q(theta) (bilinear between grid points) below the threshold, with q at or above it
     * all along the grid's boundary.
     */
    public boolean covers(double[] theta, double confidence) {
        if (parameters.size() == 1) return confidenceInterval(confidence).covers(theta[0]);
        double level = threshold(confidence, 2);
        return !regionOpen(level) && qAt(theta) < level;
    }

    /** Whether the region q < level at this confidence runs off the grid. */
    public boolean open(double confidence) {
        if (parameters.size() == 1) return confidenceInterval(confidence).open();
        return regionOpen(threshold(confidence, 2));
    }

    private boolean regionOpen(double level) {
        int n0 = axes.get(0).length, n1 = axes.get(1).length;
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                boolean edge = i == 0 || j == 0 || i == n0 - 1 || j == n1 - 1;
                if (edge && q[i * n1 + j] < level) return true;
            }
        }
        return false;
    }

    /** q at a 2D point by bilinear interpolation (+infinity outside the grid). */
    private double qAt(double[] theta) {
        double[] a = axes.get(0), b = axes.get(1);
        if (theta[0] < a[0] || theta[0] > a[a.length - 1] || theta[1] < b[0] || theta[1] > b[b.length - 1]) return Double.POSITIVE_INFINITY;
        int i = Math.min(a.length - 2, Math.max(0, Arrays.binarySearch(a, theta[0]) < 0 ? -Arrays.binarySearch(a, theta[0]) - 2
                : Arrays.binarySearch(a, theta[0])));
        int j = Math.min(b.length - 2, Math.max(0, Arrays.binarySearch(b, theta[1]) < 0 ? -Arrays.binarySearch(b, theta[1]) - 2
                : Arrays.binarySearch(b, theta[1])));
        double u = (theta[0] - a[i]) / (a[i + 1] - a[i]), v = (theta[1] - b[j]) / (b[j + 1] - b[j]);
        int n1 = b.length;
        return (1 - u) * (1 - v) * q[i * n1 + j] + u * (1 - v) * q[(i + 1) * n1 + j] + (1 - u) * v * q[i * n1 + j + 1] + u * v * q[(i + 1) * n1 + j + 1];
    }

    /** The 1D interval at a q threshold: {lower, upper}, NaN for an end beyond the grid (see {@link #intervalBelow}). */
    public double[] interval(double level) {
        Interval iv = intervalBelow(level, Double.NaN);
        return new double[]{iv.lowerOpen() ? Double.NaN : iv.lower(), iv.upperOpen() ? Double.NaN : iv.upper()};
    }

    /** The 68.3% interval in 1D ({lower, upper}, NaN for an open end). */
    public double[] interval68() {
        return interval(LEVELS[0][0]);
    }

    public double[] interval95() {
        return interval(LEVELS[0][1]);
    }

    /** Whether the closed 68.3% interval contains this 1D point; an open interval covers nothing. */
    public boolean covers68(double theta) {
        return intervalBelow(LEVELS[0][0], ONE_SIGMA).covers(theta);
    }

    /** Whether either 1D interval (68.3%, 95%) or either 2D contour runs off the grid. */
    public boolean anyOpen() {
        if (parameters.size() == 1) return intervalBelow(LEVELS[0][0], ONE_SIGMA).open() || intervalBelow(LEVELS[0][1], 0.95).open();
        return regionOpen(LEVELS[1][0]) || regionOpen(LEVELS[1][1]);
    }

    static final String WIDEN = "an interval runs off the grid (open): widen the grid to close it";

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }

    private String monteCarloNote() {
        if (qErrors == null) return "";
        return String.format(Locale.ROOT, "; Monte Carlo error of q up to %.3f near the minimum (delta method, %,d simulated events,"
                + " effective size at least %,.0f where q < 9)", monteCarloErrorNearMinimum(), simulated, minEffectiveSize);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Likelihood scan (%s) of %s: MLE %s = %s", label,
                String.join(", ", parameters), parameters.size() == 1 ? parameters.get(0) : "(" + String.join(", ", parameters) + ")",
                Quantities.point(mle, 4)));
        if (parameters.size() == 1) {
            b.append(", 68% CL ").append(intervalBelow(LEVELS[0][0], ONE_SIGMA)).append(", 95% CL ").append(intervalBelow(LEVELS[0][1], 0.95));
        }
        b.append(monteCarloNote());
        if (anyOpen()) b.append("; ").append(WIDEN);
        String edge = trainingEdgeCaution(), size = trainingSizeCaution();
        if (edge != null) b.append("; ").append(edge);
        if (size != null) b.append("; ").append(size);
        return b.toString();
    }

    @Override
    public String toHtml() {
        List<String> rows = new ArrayList<>();
        for (int j = 0; j < parameters.size(); j++) {
            String row = "<tr><td><code>" + HtmlRenderable.escape(parameters.get(j)) + "</code></td><td>" + fmt(mle[j]) + "</td>";
            if (parameters.size() == 1) {
                row += "<td>" + HtmlRenderable.escape(intervalBelow(LEVELS[0][0], ONE_SIGMA).toString()) + "</td><td>"
                        + HtmlRenderable.escape(intervalBelow(LEVELS[0][1], 0.95).toString()) + "</td>";
            }
            rows.add(row + "</tr>");
        }
        String head = parameters.size() == 1 ? "<th>parameter</th><th>MLE</th><th>68% CL</th><th>95% CL</th>"
                : "<th>parameter</th><th>MLE (grid)</th>";
        String edge = trainingEdgeCaution(), size = trainingSizeCaution();
        String notes = (qErrors == null ? "" : "<br>" + HtmlRenderable.escape(monteCarloNote().substring(2)))
                + (anyOpen() ? "<br><span style='color:#c60'>" + WIDEN + "</span>" : "")
                + (edge != null ? "<br><span style='color:#c60'>" + HtmlRenderable.escape(edge) + "</span>" : "")
                + (size != null ? "<br><span style='color:#c60'>" + HtmlRenderable.escape(size) + "</span>" : "");
        return "<div><b>Likelihood scan (" + HtmlRenderable.escape(label) + ")</b><table><tr>" + head + "</tr>"
                + String.join("", rows) + "</table>" + notes + "</div>";
    }
}
