package org.hepml.engine.sbi;

import org.hepml.engine.HtmlRenderable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a likelihood scan: log L on the grid, q = -2 Delta log L, the maximum-likelihood estimate
 * and the Wilks intervals (1D) that a physicist quotes.
 */
public final class ScanResult implements HtmlRenderable {
    /** Wilks thresholds of q for 68.3% and 95% confidence, by number of parameters. */
    public static final double[][] LEVELS = {{1.0, 3.841}, {2.296, 5.991}};

    private final String label;
    private final List<String> parameters;
    private final List<double[]> axes;
    private final double[] logL;
    private final double[] q;
    private final double[] mle;

    ScanResult(String label, List<String> parameters, List<double[]> axes, double[] logL) {
        this.label = label;
        this.parameters = List.copyOf(parameters);
        this.axes = axes.stream().map(double[]::clone).toList();
        this.logL = logL.clone();
        int best = 0;
        for (int i = 1; i < logL.length; i++) if (logL[i] > logL[best]) best = i;
        double max = logL[best];
        this.q = new double[logL.length];
        for (int i = 0; i < logL.length; i++) q[i] = -2 * (logL[i] - max);
        this.mle = refine(best);
    }

    /** The grid maximum, refined in 1D by the vertex of the parabola through it and its neighbours. */
    private double[] refine(int best) {
        if (parameters.size() == 2) {
            int n1 = axes.get(1).length;
            return new double[]{axes.get(0)[best / n1], axes.get(1)[best % n1]};
        }
        double[] g = axes.get(0);
        if (best == 0 || best == g.length - 1) return new double[]{g[best]};
        double y0 = q[best - 1], y1 = q[best], y2 = q[best + 1];
        double denom = y0 - 2 * y1 + y2;
        double step = g[best + 1] - g[best];
        double shift = denom > 0 ? 0.5 * (y0 - y2) / denom : 0;
        return new double[]{g[best] + Math.max(-1, Math.min(1, shift)) * step};
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
     * The 1D interval where q < level, by linear interpolation between grid points: {lower, upper}, with
     * NaN for an end that lies beyond the grid.
     */
    public double[] interval(double level) {
        if (parameters.size() != 1) throw new IllegalStateException("intervals are for one parameter; use contours in 2D");
        double[] g = axes.get(0);
        int best = 0;
        for (int i = 1; i < q.length; i++) if (q[i] < q[best]) best = i;
        double lo = Double.NaN, hi = Double.NaN;
        for (int i = best; i > 0; i--) {
            if (q[i - 1] >= level) {
                lo = g[i - 1] + (level - q[i - 1]) * (g[i] - g[i - 1]) / (q[i] - q[i - 1]);
                break;
            }
        }
        for (int i = best; i < g.length - 1; i++) {
            if (q[i + 1] >= level) {
                hi = g[i] + (level - q[i]) * (g[i + 1] - g[i]) / (q[i + 1] - q[i]);
                break;
            }
        }
        return new double[]{lo, hi};
    }

    /** The 68.3% interval in 1D. */
    public double[] interval68() {
        return interval(LEVELS[0][0]);
    }

    public double[] interval95() {
        return interval(LEVELS[0][1]);
    }

    /** Whether q at this 1D point is below the 68.3% level (interpolated between grid points). */
    public boolean covers68(double theta) {
        double[] iv = interval68();
        return (Double.isNaN(iv[0]) || theta >= iv[0]) && (Double.isNaN(iv[1]) || theta <= iv[1]);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "beyond grid" : String.format(Locale.ROOT, "%.5g", v);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Likelihood scan (%s) of %s: MLE %s", label,
                parameters, java.util.Arrays.toString(mle)));
        if (parameters.size() == 1) {
            double[] i68 = interval68(), i95 = interval95();
            b.append(String.format(Locale.ROOT, ", 68%% CL [%s, %s], 95%% CL [%s, %s]", fmt(i68[0]), fmt(i68[1]), fmt(i95[0]), fmt(i95[1])));
        }
        return b.toString();
    }

    @Override
    public String toHtml() {
        List<String> rows = new ArrayList<>();
        for (int j = 0; j < parameters.size(); j++) {
            String row = "<tr><td><code>" + HtmlRenderable.escape(parameters.get(j)) + "</code></td><td>" + fmt(mle[j]) + "</td>";
            if (parameters.size() == 1) {
                double[] i68 = interval68(), i95 = interval95();
                row += "<td>[" + fmt(i68[0]) + ", " + fmt(i68[1]) + "]</td><td>[" + fmt(i95[0]) + ", " + fmt(i95[1]) + "]</td>";
            }
            rows.add(row + "</tr>");
        }
        String head = parameters.size() == 1 ? "<th>parameter</th><th>MLE</th><th>68% CL</th><th>95% CL</th>"
                : "<th>parameter</th><th>MLE (grid)</th>";
        return "<div><b>Likelihood scan (" + HtmlRenderable.escape(label) + ")</b><table><tr>" + head + "</tr>"
                + String.join("", rows) + "</table></div>";
    }
}
