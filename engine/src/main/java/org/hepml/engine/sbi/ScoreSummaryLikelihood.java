package org.hepml.engine.sbi;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.TractableSimulator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Likelihood ratios from a score used as a summary statistic, the last step of SALLY and SALLINO
 * (Brehmer et al., "Constraining effective field theories with machine learning", arXiv:1805.00020):
 * <ul>
 * <li>SALLY: the (estimated) score t(x | theta_ref) is the locally sufficient statistic; its density at each
 * theta is a histogram (one parameter: 1D; two: 2D).</li>
 * <li>SALLINO: only the projection h(x) = t(x | theta_ref) . u on the direction u of theta - theta_ref is
 * histogrammed, a 1D density for any number of parameters; locally as powerful, cheap in many dimensions.</li>
 * </ul>
 * Then log r(x | theta) = log p_hat(s(x) | theta) - log p_hat(s(x) | theta_ref).
 *
 * <p>The densities come from ONE sample of {@code events} simulated at theta_ref, latent paths kept, reweighted to
 * each theta by the joint ratio w_k(theta) = p(x_k, z_k | theta) / p(x_k, z_k | theta_ref), whose expectation given
 * x is p(x | theta) / p(x | theta_ref) (what a generator's event weights give a real analysis). The bins are
 * equal-population bins of the reference sample, fixed once (SALLINO: once per direction), and p_hat(b | theta)
 * = sum_{k in b} w_k / sum_k w_k. The same events at every theta make log L a smooth function of theta: no
 * simulation noise between neighbouring grid points (independent samples per point made q jump by units).
 *
 * <p>What is left is the Monte Carlo error of the reference sample, which shifts the whole curve a little. A scan
 * reports it ({@link #qErrors}): log L(theta) is a smooth function of sums over the reference events, so by the
 * delta method its fluctuation is sum_k a_k(theta) with a_k(theta) = w_k(theta) [N_b / W_b(theta) - N / W(theta)]
 * - [N_b / n_b - N / M] for event k in bin b (N_b observed and W_b reweighted reference sums in b, n_b reference
 * events in b, M in all), and sd(q(theta) - q(theta_best)) = 2 sqrt(sum_k (a_k(theta) - a_k(theta_best))^2).
 */
public final class ScoreSummaryLikelihood implements MonteCarloLikelihood {
    private final Score score;
    private final TractableSimulator simulator;
    private final double[] reference;
    private final boolean projected;
    private final int events;
    private final int bins;
    private final long seed;

    /** The reference sample, simulated on first use. */
    private double[][] refX;
    private long[] refSteps;
    private double[] refLatent;
    private double[] refJointLogL;
    private double[][] refScores;
    /** Per summary direction (SALLY: one): bin edges and the reference events' cells. */
    private final Map<String, Binning> binnings = new HashMap<>();
    /** The last events asked about (a scan asks for the same ones at every point) and their scores. */
    private double[][] lastX;
    private double[][] lastScores;
    private final Map<String, int[]> lastCells = new HashMap<>();
    /** log p_hat(b | theta) - log p_hat(b | theta_ref) per cell, by theta: coverage studies ask for the same points again. */
    private final Map<String, double[]> cellLogRatios = new HashMap<>();

    private record Binning(double[] direction, double[][] edges, int[] referenceCells, int[] referenceCounts) {
    }

    private ScoreSummaryLikelihood(Score score, TractableSimulator simulator, double[] reference, boolean projected,
                                   int events, int bins, long seed) {
        if (!score.parameters().equals(simulator.parameters())) {
            throw new HepmlException("The score's parameters " + score.parameters() + " are not the simulator's "
                    + simulator.parameters() + ".");
        }
        if (!score.observables().equals(List.of(simulator.observable()))) {
            throw new HepmlException("The score reads " + score.observables() + "; the simulator makes " + simulator.observable() + ".");
        }
        if (reference.length != score.parameters().size()) {
            throw new HepmlException("The reference point has " + reference.length + " value(s); the parameters are " + score.parameters() + ".");
        }
        if (bins < 2) throw new HepmlException("At least 2 bins, got " + bins + ".");
        if (events < 100 * bins) {
            throw new HepmlException("The reference sample needs at least 100 events per bin (" + 100 * bins + " for " + bins
                    + " bins), got " + events + ".");
        }
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

    /** SALLY: histograms of the full estimated score (per axis {@code bins} bins) from {@code events} reference events. */
    public static ScoreSummaryLikelihood sally(ScoreEstimator score, TractableSimulator simulator, double[] reference, int events, int bins) {
        return new ScoreSummaryLikelihood(score, simulator, reference, false, events, bins, 1);
    }

    /** SALLINO: histograms of the score projected on the direction of theta - theta_ref. */
    public static ScoreSummaryLikelihood sallino(ScoreEstimator score, TractableSimulator simulator, double[] reference, int events, int bins) {
        return new ScoreSummaryLikelihood(score, simulator, reference, true, events, bins, 1);
    }

    /** SALLY on any score (e.g. {@link Score#exact}), with the reference sample's seed. */
    public static ScoreSummaryLikelihood sally(Score score, TractableSimulator simulator, double[] reference, int events, int bins, long seed) {
        return new ScoreSummaryLikelihood(score, simulator, reference, false, events, bins, seed);
    }

    /** SALLINO on any score, with the reference sample's seed. */
    public static ScoreSummaryLikelihood sallino(Score score, TractableSimulator simulator, double[] reference, int events, int bins, long seed) {
        return new ScoreSummaryLikelihood(score, simulator, reference, true, events, bins, seed);
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
    public int simulatedEvents() {
        return events;
    }

    @Override
    public String method() {
        return projected ? "sallino" : "sally";
    }

    @Override
    public synchronized double[] logRatio(double[][] x, double[] theta) {
        simulator.checkTheta(theta);
        Binning binning = binning(theta);
        if (binning == null) return new double[x.length];
        String key = Arrays.toString(theta);
        double[] logR = cellLogRatios.get(key);
        if (logR == null) {
            if (cellLogRatios.size() > 100_000) cellLogRatios.clear();
            logR = cellLogRatios(binning, weights(theta));
            cellLogRatios.put(key, logR);
        }
        int[] cells = cellsOf(x, binning);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = logR[cells[i]];
        return out;
    }

    @Override
    public double effectiveSampleSize(double[] theta) {
        return Dataset.effectiveSize(weights(theta));
    }

    @Override
    public synchronized double[] qErrors(double[][] x, double[] w, List<double[]> points, double[] best) {
        double[] aBest = influence(x, w, best);
        double[] out = new double[points.size()];
        for (int j = 0; j < out.length; j++) {
            double[] a = influence(x, w, points.get(j));
            double v = 0;
            for (int k = 0; k < a.length; k++) v += (a[k] - aBest[k]) * (a[k] - aBest[k]);
            out[j] = 2 * Math.sqrt(v);
        }
        return out;
    }

    /** a_k(theta): how log L(theta) moves per reference event k, to first order (see the class comment). */
    private double[] influence(double[][] x, double[] w, double[] theta) {
        double[] a = new double[events];
        Binning binning = binning(theta);
        if (binning == null) return a; // log r = 0 at the reference point: no Monte Carlo error
        int cells = cellCount(binning);
        int[] obsCells = cellsOf(x, binning);
        double[] nObs = new double[cells];
        double nTotal = 0;
        for (int i = 0; i < obsCells.length; i++) {
            nObs[obsCells[i]] += w[i];
            nTotal += w[i];
        }
        double[] rw = weights(theta);
        double[] wCell = new double[cells];
        double wTotal = 0;
        for (int k = 0; k < events; k++) {
            wCell[binning.referenceCells[k]] += rw[k];
            wTotal += rw[k];
        }
        for (int k = 0; k < events; k++) {
            int b = binning.referenceCells[k];
            double c = (wCell[b] > 0 ? nObs[b] / wCell[b] : 0) - nTotal / wTotal;
            double d = (binning.referenceCounts[b] > 0 ? nObs[b] / binning.referenceCounts[b] : 0) - nTotal / events;
            a[k] = rw[k] * c - d;
        }
        return a;
    }

    /** log p_hat(b | theta) - log p_hat(b | theta_ref) per cell; an empty cell gets half an average event. */
    private double[] cellLogRatios(Binning binning, double[] w) {
        int cells = cellCount(binning);
        double[] wCell = new double[cells];
        double total = 0;
        for (int k = 0; k < events; k++) {
            wCell[binning.referenceCells[k]] += w[k];
            total += w[k];
        }
        double[] out = new double[cells];
        for (int c = 0; c < cells; c++) {
            double p = Math.max(wCell[c], 0.5 * total / events) / total;
            double p0 = Math.max(binning.referenceCounts[c], 0.5) / events;
            out[c] = Math.log(p / p0);
        }
        return out;
    }

    private int cellCount(Binning binning) {
        return (int) Math.pow(bins, binning.edges.length);
    }

    /** The joint ratio p(x_k, z_k | theta) / p(x_k, z_k | theta_ref) of every reference event. */
    private double[] weights(double[] theta) {
        simulateReference();
        double[] w = new double[events];
        for (int k = 0; k < events; k++) {
            TractableSimulator.Path path = new TractableSimulator.Path(refX[k][0], refSteps[k], refLatent[k]);
            w[k] = Math.exp(simulator.jointLogLikelihood(path, theta) - refJointLogL[k]);
        }
        return w;
    }

    private void simulateReference() {
        if (refX != null) return;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[events][1];
        long[] steps = new long[events];
        double[] latent = new double[events], joint = new double[events];
        for (int k = 0; k < events; k++) {
            if ((k & 0xffff) == 0) Cancelled.check("Simulating the SALLY reference sample");
            TractableSimulator.Path p = simulator.sample(reference, rng);
            x[k][0] = p.x();
            steps[k] = p.steps();
            latent[k] = p.latent();
            joint[k] = simulator.jointLogLikelihood(p, reference);
        }
        refScores = score.score(x);
        refX = x;
        refSteps = steps;
        refLatent = latent;
        refJointLogL = joint;
    }

    /** The binning for theta (SALLINO: for its direction from the reference), or null at the reference point. */
    private Binning binning(double[] theta) {
        simulateReference();
        double[] direction;
        if (projected) {
            double norm = 0;
            double[] delta = new double[theta.length];
            for (int j = 0; j < theta.length; j++) {
                delta[j] = theta[j] - reference[j];
                norm += delta[j] * delta[j];
            }
            if (norm == 0) return null;
            norm = Math.sqrt(norm);
            // u and -u give the same partition: one sign, so the bins do not change when theta crosses theta_ref
            int first = 0;
            while (delta[first] == 0) first++;
            double sign = delta[first] > 0 ? 1 : -1;
            direction = new double[theta.length];
            for (int j = 0; j < theta.length; j++) direction[j] = sign * delta[j] / norm;
        } else {
            direction = null;
        }
        String key = direction == null ? "full" : Arrays.toString(direction);
        return binnings.computeIfAbsent(key, k -> {
            if (binnings.size() > 10_000) binnings.clear();
            double[][] s = summaries(refScores, direction);
            int dims = s[0].length;
            double[][] edges = new double[dims][];
            for (int j = 0; j < dims; j++) edges[j] = quantileEdges(s, j);
            int[] cells = new int[events];
            int[] counts = new int[(int) Math.pow(bins, dims)];
            for (int e = 0; e < events; e++) {
                cells[e] = cell(s[e], edges);
                counts[cells[e]]++;
            }
            return new Binning(direction, edges, cells, counts);
        });
    }

    private int[] cellsOf(double[][] x, Binning binning) {
        if (x != lastX) {
            lastX = x;
            lastScores = score.score(x);
            lastCells.clear();
        }
        String key = binning.direction == null ? "full" : Arrays.toString(binning.direction);
        return lastCells.computeIfAbsent(key, k -> {
            double[][] s = summaries(lastScores, binning.direction);
            int[] c = new int[x.length];
            for (int i = 0; i < x.length; i++) c[i] = cell(s[i], binning.edges);
            return c;
        });
    }

    /** The summary per event: the score itself (SALLY) or its projection on a direction (SALLINO). */
    private static double[][] summaries(double[][] t, double[] direction) {
        if (direction == null) return t;
        double[][] h = new double[t.length][1];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < direction.length; j++) h[i][0] += t[i][j] * direction[j];
        }
        return h;
    }

    private double[] quantileEdges(double[][] s, int dim) {
        double[] v = new double[s.length];
        for (int i = 0; i < s.length; i++) v[i] = s[i][dim];
        Arrays.sort(v);
        double[] e = new double[bins + 1];
        for (int k = 0; k <= bins; k++) e[k] = v[(int) ((long) k * (v.length - 1) / bins)];
        e[0] = Double.NEGATIVE_INFINITY;
        e[bins] = Double.POSITIVE_INFINITY;
        return e;
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
