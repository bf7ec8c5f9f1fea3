package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.sim.TractableSimulator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Likelihood ratios from a learned score used as a summary statistic, the last step of SALLY and SALLINO
 * (Brehmer et al., "Constraining effective field theories with machine learning", arXiv:1805.00020):
 * <ul>
 * <li>SALLY: the estimated score t_hat(x | theta_ref) is the locally sufficient statistic; its density at each
 * theta is estimated by histogramming simulated events (one parameter: a 1D histogram; two: a 2D one).</li>
 * <li>SALLINO: only the projection h(x | theta) = t_hat(x | theta_ref) . (theta - theta_ref) is histogrammed, a 1D
 * density for any number of parameters; locally as powerful, and cheap in many dimensions.</li>
 * </ul>
 * Then log r(x | theta) = log p_hat(s(x) | theta) - log p_hat(s(x) | theta_ref). Densities are histograms with
 * equal-population bins (from the pooled summaries at theta and theta_ref) and half a count added per bin, so
 * an empty bin never gives an infinite ratio. Simulations at each theta come from the simulator and are cached.
 */
public final class ScoreSummaryLikelihood implements LogRatio {
    private final ScoreEstimator score;
    private final TractableSimulator simulator;
    private final double[] reference;
    private final boolean projected;
    private final int events;
    private final int bins;
    private final long seed;
    private final Map<String, double[][]> summariesAt = new HashMap<>();

    private ScoreSummaryLikelihood(ScoreEstimator score, TractableSimulator simulator, double[] reference, boolean projected,
                                   int events, int bins, long seed) {
        if (!score.parameters().equals(simulator.parameters())) {
            throw new HepmlException("The score estimator's parameters " + score.parameters() + " are not the simulator's "
                    + simulator.parameters() + ".");
        }
        if (reference.length != score.parameters().size()) {
            throw new HepmlException("The reference point has " + reference.length + " value(s); the parameters are " + score.parameters() + ".");
        }
        if (events < 100) throw new HepmlException("Histogramming the summary needs at least 100 simulated events per point, got " + events + ".");
        if (bins < 2) throw new HepmlException("At least 2 bins, got " + bins + ".");
        if (!projected && reference.length > 2) {
            throw new HepmlException("SALLY histograms the score in at most two dimensions; use SALLINO for " + reference.length + " parameters.");
        }
        simulator.checkTheta(reference);
        this.score = score;
        this.simulator = simulator;
        this.reference = reference.clone();
        this.projected = projected;
        this.events = events;
        this.bins = bins;
        this.seed = seed;
    }

    /** SALLY: histograms of the full estimated score (per axis {@code bins} bins). */
    public static ScoreSummaryLikelihood sally(ScoreEstimator score, TractableSimulator simulator, double[] reference, int events, int bins) {
        return new ScoreSummaryLikelihood(score, simulator, reference, false, events, bins, 1);
    }

    /** SALLINO: histograms of the score projected on theta - theta_ref. */
    public static ScoreSummaryLikelihood sallino(ScoreEstimator score, TractableSimulator simulator, double[] reference, int events, int bins) {
        return new ScoreSummaryLikelihood(score, simulator, reference, true, events, bins, 1);
    }

    @Override
    public List<String> parameters() {
        return score.parameters();
    }

    @Override
    public List<String> observables() {
        return score.observables();
    }

    @Override
    public double[] logRatio(double[][] x, double[] theta) {
        double[] delta = new double[theta.length];
        boolean atReference = true;
        for (int i = 0; i < theta.length; i++) {
            delta[i] = theta[i] - reference[i];
            atReference &= delta[i] == 0;
        }
        if (atReference) return new double[x.length];
        double[][] sx = summaries(score.score(x), delta);
        double[][] sTheta = summaries(scoresAt(theta), delta), sRef = summaries(scoresAt(reference), delta);
        int dims = sx[0].length;
        double[][] edges = new double[dims][];
        for (int j = 0; j < dims; j++) edges[j] = quantileEdges(sTheta, sRef, j);
        double[] pTheta = density(sTheta, edges), pRef = density(sRef, edges);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int b = cell(sx[i], edges);
            out[i] = Math.log(pTheta[b] / pRef[b]);
        }
        return out;
    }

    /** The summary per event: the score itself (SALLY) or its projection on delta (SALLINO). */
    private double[][] summaries(double[][] t, double[] delta) {
        if (!projected) return t;
        double[][] h = new double[t.length][1];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < delta.length; j++) h[i][0] += t[i][j] * delta[j];
        }
        return h;
    }

    private double[][] scoresAt(double[] theta) {
        return summariesAt.computeIfAbsent(Arrays.toString(theta), k -> score.score(RatioDiagnostics.sample(simulator, theta, events,
                seed + 7919L * summariesAt.size())));
    }

    private double[] quantileEdges(double[][] a, double[][] b, int dim) {
        double[] v = new double[a.length + b.length];
        for (int i = 0; i < a.length; i++) v[i] = a[i][dim];
        for (int i = 0; i < b.length; i++) v[a.length + i] = b[i][dim];
        Arrays.sort(v);
        double[] e = new double[bins + 1];
        for (int k = 0; k <= bins; k++) e[k] = v[(int) ((long) k * (v.length - 1) / bins)];
        e[0] = Double.NEGATIVE_INFINITY;
        e[bins] = Double.POSITIVE_INFINITY;
        return e;
    }

    private double[] density(double[][] s, double[][] edges) {
        int cells = (int) Math.pow(bins, edges.length);
        double[] p = new double[cells];
        Arrays.fill(p, 0.5);
        for (double[] v : s) p[cell(v, edges)]++;
        double total = s.length + 0.5 * cells;
        for (int c = 0; c < cells; c++) p[c] /= total;
        return p;
    }

    private int cell(double[] v, double[][] edges) {
        int c = 0;
        for (int j = 0; j < v.length; j++) {
            int i = Arrays.binarySearch(edges[j], v[j]);
            if (i < 0) i = -i - 2;
            c = c * bins + Math.max(0, Math.min(bins - 1, i));
        }
        return c;
    }
}
