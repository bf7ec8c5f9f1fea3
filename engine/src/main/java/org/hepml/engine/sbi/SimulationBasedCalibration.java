package org.hepml.engine.sbi;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari and Gelman 2018, arXiv:1804.06788): for M draws
 * theta_i ~ prior, x_i ~ sim(theta_i), L posterior samples given x_i, the rank of theta_i among them (the number of
 * samples below it, 0..L). Where the posterior is right the ranks are uniform on 0..L (theta_i is then one more draw
 * from the same posterior); a too narrow posterior piles ranks at both ends, a biased one on one side. The ranks are
 * binned into B bins of (L+1)/B ranks each and tested with Pearson's chi2 on B-1 degrees of freedom.
 *
 * @param ranks the rank of each theta_i, 0..L
 * @param samples L, the posterior samples per draw
 * @param bins B, the histogram's bins
 */
public record SimulationBasedCalibration(String parameter, int[] ranks, int samples, int bins) implements HtmlRenderable {
    /** A posterior sampler: L draws of theta given the observed sample x. */
    @FunctionalInterface
    public interface Sampler {
        double[][] sample(double[][] observations, int perObservation, long seed);
    }

    public SimulationBasedCalibration {
        if ((samples + 1) % bins != 0) throw new HepmlException("The " + (samples + 1) + " possible ranks must split evenly into " + bins + " bins.");
    }

    /**
     * Runs SBC for {@code estimator} with {@code draws} draws of {@code samples} posterior samples each, in blocks so
     * that progress shows and an interrupt stops between blocks (then the ranks so far are kept).
     */
    public static SimulationBasedCalibration run(PosteriorEstimator estimator, int draws, int samples, int bins, long seed) {
        SummarySimulator sim = estimator.simulator();
        return run(sim.parameter(), estimator.prior(), sim, estimator.events(),
                (obs, l, s) -> {
                    double[][] summaries = new double[obs.length][];
                    for (int i = 0; i < obs.length; i++) summaries[i] = sim.summarise(obs[i]);
                    return estimator.sample(summaries, l, s);
                }, draws, samples, bins, seed);
    }

    /** SBC for any posterior sampler of {@code sim} under {@code prior} (e.g. the exact posterior, as a check of the check). */
    public static SimulationBasedCalibration run(String parameter, PosteriorPrior prior, SummarySimulator sim, int events, Sampler sampler,
                                                 int draws, int samples, int bins, long seed) {
        if (draws < 2 * bins) throw new HepmlException("--draws must be at least " + 2 * bins + " for a rank histogram of " + bins + " bins, got " + draws + ".");
        if (samples < bins - 1 || (samples + 1) % bins != 0) {
            throw new HepmlException("--samples + 1 must be a multiple of the " + bins + " bins (e.g. " + (10 * bins - 1) + "), got " + samples + ".");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int block = Math.max(1, Math.min(draws, 200_000 / (samples + 1)));
        int[] ranks = new int[draws];
        int done = 0;
        try (Progress progress = Progress.start("Simulation-based calibration: " + draws + " draws", draws, "draws")) {
            while (done < draws) {
                try {
                    Cancelled.check("Simulation-based calibration");
                } catch (Cancelled stop) {
                    if (done < 2 * bins) throw stop;
                    break; // keep the ranks so far
                }
                int n = Math.min(block, draws - done);
                double[] theta = new double[n];
                double[][] x = new double[n][];
                for (int i = 0; i < n; i++) {
                    theta[i] = prior.draw(rng);
                    x[i] = sim.simulate(theta[i], events, rng);
                }
                double[][] post = sampler.sample(x, samples, rng.nextLong());
                for (int i = 0; i < n; i++) {
                    int below = 0;
                    for (double t : post[i]) if (t < theta[i]) below++;
                    ranks[done + i] = below;
                }
                done += n;
                progress.update(done, "");
            }
            progress.finish(done + " draws");
        }
        return new SimulationBasedCalibration(parameter, java.util.Arrays.copyOf(ranks, done), samples, bins);
    }

    public int draws() {
        return ranks.length;
    }

    /** The rank histogram: counts in B bins of (L+1)/B ranks each. */
    public int[] histogram() {
        int[] h = new int[bins];
        int per = (samples + 1) / bins;
        for (int r : ranks) h[r / per]++;
        return h;
    }

    /** Pearson's chi2 of the histogram against uniform, M/B per bin. */
    public double chi2() {
        double expected = (double) draws() / bins, chi2 = 0;
        for (int c : histogram()) chi2 += (c - expected) * (c - expected) / expected;
        return chi2;
    }

    /** P(chi2_{B-1} >= chi2): the probability of a histogram at least this uneven if the posterior is right. */
    public double pValue() {
        return 1 - new ChiSquaredDistribution(bins - 1).cumulativeProbability(chi2());
    }

    /** The rank histogram with the central 99% band of each bin's count under uniformity (binomial M, 1/B; normal approximation). */
    public Figure figure() {
        int[] h = histogram();
        double m = draws(), p = 1.0 / bins, half = 2.576 * Math.sqrt(m * p * (1 - p));
        double[] edges = new double[bins + 1], counts = new double[bins], lo = new double[bins], hi = new double[bins];
        for (int b = 0; b <= bins; b++) edges[b] = (double) b * (samples + 1) / bins;
        for (int b = 0; b < bins; b++) {
            counts[b] = h[b];
            lo[b] = m * p - half;
            hi[b] = m * p + half;
        }
        XYChart c = new XYChartBuilder().width(560).height(420).xAxisTitle("rank of " + parameter + " among " + samples + " posterior samples")
                .yAxisTitle("draws").build();
        HepStyle.apply(c);
        Series.binBand(c, "uniform, 99% band", edges, lo, hi, HepStyle.light(HepStyle.REFERENCE, 0.6), true);
        double[][] st = Series.steps(edges, counts);
        Series.line(c, "SBC ranks", st[0], st[1], HepStyle.color(1), HepStyle.stroke(2f));
        c.getStyler().setYAxisMin(0.0).setXAxisMin(0.0).setXAxisMax((double) samples + 1);
        return Figure.of(c).info(String.format(Locale.ROOT, "%,d draws; chi2 %.1f / %d dof, p = %.3g", draws(), chi2(), bins - 1, pValue()));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SBC of %s: %,d draws, %d posterior samples each; rank histogram of %d bins: chi2 = %.2f on %d dof, p = %.3g",
                parameter, draws(), samples, bins, chi2(), bins - 1, pValue());
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlRenderable.escape(toString()) + figure().toHtmlImage() + "</div>";
    }
}
