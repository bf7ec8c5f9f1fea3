package org.hepml.engine.anomaly;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.hepml.engine.HepmlException;

import java.util.Locale;

/**
 * The bump hunt of the dijet resonance searches: a binned Poisson-likelihood fit of the dijet function
 * f(m) = exp(a) (1 - x)^p1 / x^p2, x = m / 13 TeV, to the sidebands only, its prediction B of the background in the
 * signal region with the fit's error sigma_B (from the likelihood's Hessian), and the local significance of the
 * excess there, Z = (N - B) / sqrt(B + sigma_B^2). The normalisation a is profiled in closed form (its MLE makes the
 * fitted sideband total equal the observed one), so the simplex searches only (p1, p2).
 * <p>Also the goodness of fit over all bins, signal region included: the Poisson deviance
 * D = 2 sum [mu - n + n ln(n / mu)], asymptotically chi2 with (bins - 3) degrees of freedom when the background is
 * smooth. A selection that sculpts a bump into the background shows up as a large D and a large Z without signal.
 */
public final class BumpHunt {
    private BumpHunt() {
    }

    /**
     * The result of one bump hunt.
     *
     * @param edges     bin edges in m_jj
     * @param counts    the observed (weighted) count per bin
     * @param fitted    the fitted background per bin (fit to the sidebands, extrapolated into the signal region)
     * @param observed  N, the count in the signal region
     * @param expected  B, the predicted background there
     * @param sigmaExpected sigma_B, the fit's error on B
     * @param significance (N - B) / sqrt(B + sigma_B^2)
     * @param deviance  the Poisson deviance over all bins
     * @param degreesOfFreedom bins - 3
     * @param p1 fitted shape parameter
     * @param p2 fitted shape parameter
     */
    public record Result(double[] edges, double[] counts, double[] fitted, double observed, double expected, double sigmaExpected,
                         double significance, double deviance, int degreesOfFreedom, double p1, double p2) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "SR: observed %.0f, background %.1f +- %.1f, Z = %.2f; fit deviance %.1f / %d dof",
                    observed, expected, sigmaExpected, significance, deviance, degreesOfFreedom);
        }
    }

    /**
     * Fits the sidebands of {@code mjj} (events outside [srLow, srHigh]) in {@code bins} equal bins over [low, high].
     * The signal-region edges should fall on bin edges; the bins that straddle them count as signal region.
     */
    public static Result fit(double[] mjj, double low, double high, int bins, double srLow, double srHigh) {
        if (bins < 5) throw new HepmlException("A bump hunt needs at least 5 bins, got " + bins + ".");
        if (!(low < srLow && srLow < srHigh && srHigh < high)) {
            throw new HepmlException(String.format(Locale.ROOT, "The signal region [%g, %g] must lie inside the fit range (%g, %g).", srLow, srHigh, low, high));
        }
        double[] edges = new double[bins + 1], counts = new double[bins];
        for (int b = 0; b <= bins; b++) edges[b] = low + (high - low) * b / bins;
        for (double m : mjj) {
            if (!(m >= low && m < high)) continue;
            counts[(int) Math.min(bins - 1, (m - low) / (high - low) * bins)]++;
        }
        boolean[] sideband = new boolean[bins];
        int used = 0;
        for (int b = 0; b < bins; b++) {
            sideband[b] = edges[b + 1] <= srLow + 1e-9 || edges[b] >= srHigh - 1e-9;
            if (sideband[b]) used++;
        }
        if (used < 4) throw new HepmlException("Only " + used + " sideband bins: use more bins or a wider range.");
        double sidebandTotal = 0;
        for (int b = 0; b < bins; b++) if (sideband[b]) sidebandTotal += counts[b];
        final double total = sidebandTotal;
        if (total < 10) throw new HepmlException(String.format(Locale.ROOT, "Only %.0f events in the sidebands: too few for a background fit.", total));

        double[][] shapes = new double[1][];
        SimplexOptimizer opt = new SimplexOptimizer(1e-12, 1e-12);
        double best = Double.POSITIVE_INFINITY;
        double[] bestPoint = null;
        for (double[] start : new double[][]{{8, 5}, {2, 8}, {15, 3}}) { // a few starts: the (p1, p2) valley is long and narrow
            PointValuePair p = opt.optimize(new MaxEval(20_000), new ObjectiveFunction(q -> profiledNll(q[0], q[1], edges, counts, sideband, total)),
                    GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(new double[]{1, 1}));
            if (p.getValue() < best) {
                best = p.getValue();
                bestPoint = p.getPoint();
            }
        }
        double p1 = bestPoint[0], p2 = bestPoint[1];
        double a = Math.log(total / sum(shape(p1, p2, edges), sideband));
        shapes[0] = shape(p1, p2, edges);
        double[] fitted = new double[bins];
        for (int b = 0; b < bins; b++) fitted[b] = Math.exp(a) * shapes[0][b];

        double observed = 0, expected = 0, deviance = 0;
        for (int b = 0; b < bins; b++) {
            if (!sideband[b]) {
                observed += counts[b];
                expected += fitted[b];
            }
            deviance += 2 * (fitted[b] - counts[b] + (counts[b] > 0 ? counts[b] * Math.log(counts[b] / fitted[b]) : 0));
        }
        double sigma = predictionError(new double[]{a, p1, p2}, edges, counts, sideband);
        double z = (observed - expected) / Math.sqrt(expected + sigma * sigma);
        return new Result(edges, counts, fitted, observed, expected, sigma, z, deviance, bins - 3, p1, p2);
    }

    /** The sideband negative log-likelihood with the normalisation at its MLE. */
    private static double profiledNll(double p1, double p2, double[] edges, double[] counts, boolean[] sideband, double total) {
        double[] s = shape(p1, p2, edges);
        double norm = total / sum(s, sideband);
        if (!(norm > 0) || Double.isInfinite(norm)) return Double.MAX_VALUE;
        return nll(Math.log(norm), s, counts, sideband);
    }

    private static double nll(double a, double[] shape, double[] counts, boolean[] sideband) {
        double out = 0, norm = Math.exp(a);
        for (int b = 0; b < shape.length; b++) {
            if (!sideband[b]) continue;
            double mu = norm * shape[b];
            if (!(mu > 0)) return Double.MAX_VALUE;
            out += mu - counts[b] * Math.log(mu);
        }
        return out;
    }

    /** sigma_B from the inverse Hessian of the sideband likelihood in (a, p1, p2), propagated to the signal-region sum. */
    private static double predictionError(double[] theta, double[] edges, double[] counts, boolean[] sideband) {
        int k = 3;
        double[] h = {1e-3, 1e-3 * Math.max(1, Math.abs(theta[1])), 1e-3 * Math.max(1, Math.abs(theta[2]))};
        RealMatrix hess = MatrixUtils.createRealMatrix(k, k);
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double v = (nllAt(shifted(theta, i, h[i], j, h[j]), edges, counts, sideband) - nllAt(shifted(theta, i, h[i], j, -h[j]), edges, counts, sideband)
                        - nllAt(shifted(theta, i, -h[i], j, h[j]), edges, counts, sideband) + nllAt(shifted(theta, i, -h[i], j, -h[j]), edges, counts, sideband))
                        / (4 * h[i] * h[j]);
                hess.setEntry(i, j, v);
                hess.setEntry(j, i, v);
            }
        }
        RealMatrix cov;
        try {
            cov = new LUDecomposition(hess).getSolver().getInverse();
        } catch (RuntimeException singular) {
            return Double.NaN;
        }
        double[] grad = new double[k];
        for (int i = 0; i < k; i++) {
            grad[i] = (signalRegionSum(shifted(theta, i, h[i], i, 0), edges, sideband) - signalRegionSum(shifted(theta, i, -h[i], i, 0), edges, sideband)) / (2 * h[i]);
        }
        double var = 0;
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) var += grad[i] * cov.getEntry(i, j) * grad[j];
        return Math.sqrt(Math.max(var, 0));
    }

    private static double[] shifted(double[] t, int i, double di, int j, double dj) {
        double[] out = t.clone();
        out[i] += di;
        out[j] += dj;
        return out;
    }

    private static double nllAt(double[] t, double[] edges, double[] counts, boolean[] sideband) {
        return nll(t[0], shape(t[1], t[2], edges), counts, sideband);
    }

    private static double signalRegionSum(double[] t, double[] edges, boolean[] sideband) {
        double[] s = shape(t[1], t[2], edges);
        double out = 0;
        for (int b = 0; b < s.length; b++) if (!sideband[b]) out += Math.exp(t[0]) * s[b];
        return out;
    }

    /** The dijet function integrated over each bin (Simpson's rule on the bin; it is smooth on that scale). */
    static double[] shape(double p1, double p2, double[] edges) {
        double[] out = new double[edges.length - 1];
        for (int b = 0; b < out.length; b++) {
            double lo = edges[b], hi = edges[b + 1], mid = 0.5 * (lo + hi);
            out[b] = (hi - lo) / 6 * (f(lo, p1, p2) + 4 * f(mid, p1, p2) + f(hi, p1, p2));
        }
        return out;
    }

    private static double f(double m, double p1, double p2) {
        double x = m / 13_000;
        return Math.exp(p1 * Math.log1p(-x) - p2 * Math.log(x) - 20); // exp(-20): keeps exp(a) of order the counts
    }

    private static double sum(double[] v, boolean[] mask) {
        double s = 0;
        for (int i = 0; i < v.length; i++) if (mask[i]) s += v[i];
        return s;
    }
}
