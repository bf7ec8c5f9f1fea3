package org.hepml.engine.unfold;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.plot.HistogramPlot;

import java.util.SplittableRandom;

/**
 * Iterative Bayesian unfolding (D'Agostini, NIM A 362 (1995) 487), the binned baseline: with the response
 * R_ij = P(reco bin i | gen bin j) from the simulation (columns sum to the efficiency eps_j), and the data
 * histogram d_i minus the simulated fakes,
 * phi_{k+1}(j) = 1/eps_j sum_i d_i R_ij phi_k(j) / sum_j' R_ij' phi_k(j'), starting from the simulation's
 * generator-level histogram. Under- and overflow are folded into the edge bins, as in the reweighters.
 */
public final class IterativeBayesianUnfolding {
    private IterativeBayesianUnfolding() {
    }

    /** The unfolded histogram and its statistical errors (standard deviation over bootstrap replicas of the data). */
    public record Result(double[] unfolded, double[] errors) {
    }

    /**
     * {@code %%unfold ibu}: unfolds column {@code reco} of the data with the response of the simulation
     * ({@code gen} against {@code reco}), in {@code bins} bins over {@code range} (null: the simulation's), with
     * {@code bootstrap} Poisson replicas for the error bars; the figure shows the unfolded spectrum, the prior
     * and, when {@code truth} is given, its generator-level histogram with a ratio panel to it.
     */
    public static Figure figure(Dataset sim, Dataset data, String gen, String reco, int iterations, int bins, double[] range,
                                int bootstrap, long seed, Dataset truth) {
        if (bootstrap < 2 || bootstrap > 1000) throw new HepmlException("--bootstrap must be between 2 and 1000, got " + bootstrap + ".");
        double[] rg = range != null ? range : Histogram.finiteRange(gen + ", " + reco, sim.column(gen), sim.column(reco));
        Result r = withBootstrap(sim.column(gen), sim.column(reco), sim.weights(), data.column(reco), data.weights(),
                bins, rg[0], rg[1], iterations, bootstrap, seed);
        Histogram unfolded = Histogram.ofCounts("IBU, " + iterations + " iterations", rg[0], rg[1], r.unfolded(), r.errors());
        HistogramPlot plot = new HistogramPlot().xLabel(AxisLabels.of(gen, sim.metadata())).title("iterative Bayesian unfolding")
                .info(String.format(java.util.Locale.ROOT, "%,d events", data.size()));
        plot.add(unfolded, HistogramPlot.Draw.POINTS);
        plot.add(Histogram.of("prior (" + sim.name() + ")", sim.column(gen), sim.weights(), bins, rg[0], rg[1]), HistogramPlot.Draw.DASHED);
        if (truth != null) {
            plot.add(Histogram.of("truth (" + truth.name() + ")", truth.column(gen), truth.weights(), bins, rg[0], rg[1]), HistogramPlot.Draw.FILLED);
            plot.ratioTo(2);
        }
        return plot.normalize(true).figure();
    }

    /**
     * Unfolds the data and {@code replicas} Poisson(1)-reweighted copies of it; the spread of the replicas is
     * the statistical uncertainty, correlations between bins included in each replica.
     */
    public static Result withBootstrap(double[] simGen, double[] simReco, double[] simWeights, double[] data, double[] dataWeights,
                                       int bins, double lo, double hi, int iterations, int replicas, long seed) {
        double[] nominal = unfold(simGen, simReco, simWeights, data, dataWeights, bins, lo, hi, iterations)[iterations - 1];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] sum = new double[bins], sum2 = new double[bins];
        for (int r = 0; r < replicas; r++) {
            Cancelled.check("Bootstrapping the unfolding");
            double[] w = bootstrapWeights(dataWeights, rng);
            double[] u = unfold(simGen, simReco, simWeights, data, w, bins, lo, hi, iterations)[iterations - 1];
            for (int j = 0; j < bins; j++) {
                sum[j] += u[j];
                sum2[j] += u[j] * u[j];
            }
        }
        double[] err = new double[bins];
        for (int j = 0; j < bins; j++) {
            double m = sum[j] / replicas;
            err[j] = Math.sqrt(Math.max(0, (sum2[j] / replicas - m * m) * replicas / (replicas - 1)));
        }
        return new Result(nominal, err);
    }

    /** A bootstrap replica of weighted events: each weight times a Poisson(1) count. */
    static double[] bootstrapWeights(double[] weights, SplittableRandom rng) {
        double[] w = new double[weights.length];
        for (int e = 0; e < w.length; e++) w[e] = weights[e] * poisson1(rng);
        return w;
    }

    /** The Poisson(1) counts of a bootstrap replica of {@code events} events, the draws {@link #bootstrapWeights} makes. */
    public static byte[] bootstrapCounts(int events, SplittableRandom rng) {
        byte[] k = new byte[events];
        for (int e = 0; e < events; e++) k[e] = (byte) poisson1(rng);
        return k;
    }

    /** A Poisson(1) draw, by inversion (the bootstrap weight of one event). */
    static int poisson1(SplittableRandom rng) {
        double u = rng.nextDouble(), p = Math.exp(-1), c = p;
        int k = 0;
        while (u > c && k < 20) {
            k++;
            p /= k;
            c += p;
        }
        return k;
    }

    /** The unfolded generator-level histograms after each iteration, {@code result[k][j]} for k = 1..iterations. */
    public static double[][] unfold(double[] simGen, double[] simReco, double[] simWeights, double[] data, double[] dataWeights,
                                    int bins, double lo, double hi, int iterations) {
        HistogramReweighter binning = new HistogramReweighter(bins, lo, hi);
        double[][] response = new double[bins][bins]; // [reco][gen], weighted counts
        double[] genTotal = new double[bins], fakes = new double[bins];
        for (int e = 0; e < simWeights.length; e++) {
            boolean hasGen = !Double.isNaN(simGen[e]), hasReco = !Double.isNaN(simReco[e]);
            if (hasGen) genTotal[binning.bin(simGen[e])] += simWeights[e];
            if (hasGen && hasReco) response[binning.bin(simReco[e])][binning.bin(simGen[e])] += simWeights[e];
            if (!hasGen && hasReco) fakes[binning.bin(simReco[e])] += simWeights[e];
        }
        double[] d = new double[bins];
        for (int e = 0; e < data.length; e++) {
            if (!Double.isNaN(data[e])) d[binning.bin(data[e])] += dataWeights[e];
        }
        // Fakes are subtracted with the simulation's rate scaled to the data: the usual binned treatment.
        double recoTotal = 0, dataTotal = 0;
        for (double[] row : response) for (double v : row) recoTotal += v;
        for (double f : fakes) recoTotal += f;
        for (double v : d) dataTotal += v;
        double scale = recoTotal > 0 ? dataTotal / recoTotal : 0;
        for (int i = 0; i < bins; i++) d[i] = Math.max(0, d[i] - scale * fakes[i]);

        double[][] r = new double[bins][bins];
        double[] eff = new double[bins];
        for (int j = 0; j < bins; j++) {
            for (int i = 0; i < bins; i++) {
                r[i][j] = genTotal[j] > 0 ? response[i][j] / genTotal[j] : 0;
                eff[j] += r[i][j];
            }
        }
        if (iterations < 1) throw new HepmlException("IBU needs at least one iteration.");
        double[][] out = new double[iterations][];
        double[] phi = genTotal.clone();
        for (int k = 0; k < iterations; k++) {
            double[] folded = new double[bins];
            for (int i = 0; i < bins; i++) for (int j = 0; j < bins; j++) folded[i] += r[i][j] * phi[j];
            double[] next = new double[bins];
            for (int j = 0; j < bins; j++) {
                if (eff[j] == 0) continue;
                double s = 0;
                for (int i = 0; i < bins; i++) if (folded[i] > 0) s += d[i] * r[i][j] * phi[j] / folded[i];
                next[j] = s / eff[j];
            }
            phi = next;
            out[k] = phi.clone();
        }
        return out;
    }
}
