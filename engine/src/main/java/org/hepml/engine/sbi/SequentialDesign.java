package org.hepml.engine.sbi;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Sequential experimental design for e+e- -> mu+mu- ("active sciencing"): the luminosity is spent in {@code runs}
 * equal runs; before each, the collision energy is the candidate that maximises the expected Fisher information of the
 * run on sin^2 theta_W averaged over the current posterior, E_post[L_run sigma(sqrt s, theta) I(sqrt s, theta)]; the
 * run is simulated at the true sin^2 theta_W and the posterior updated with the exact likelihood of its events.
 * <p>Why sequential: the information depends on sin^2 theta_W itself. At the Z pole the asymmetry goes with
 * g_V^2 = (2 sin^2 theta_W - 1/2)^2, so s and 1/2 - s give nearly the same angular distribution there, and near 1/4
 * the pole measures almost nothing; off the pole the gamma-Z interference is linear in g_V. Across the prior the best
 * energy moves (the pole for 0.20-0.23, 90 GeV near 0.245), so what the first runs learn decides where the next is
 * worth more.
 * <p>The posterior lives on a grid over a uniform prior [low, high]; p(x | theta) = a(x) + A_FB(theta) b(x)
 * ({@link ElectroweakMuonPairs#likelihoodTerms}), so each event costs one a, b and a log per grid point. Only the
 * angular distribution is used, the number of events is not (its normalisation, the luminosity, would carry its own
 * error), as in {@link ExperimentDesign}'s 1 / sqrt(L sigma I).
 */
public final class SequentialDesign {
    private double truth = ElectroweakMuonPairs.SIN2W;
    private double priorLow = 0.20, priorHigh = 0.26;
    private double[] energies = {84, 87, 89, 90, 91.19, 92.5, 94, 97};
    private double luminosity = 10; // pb^-1, all runs together
    private int runs = 5;
    private double smearing = 0;
    private int gridPoints = 241;
    private long seed = 1;
    private double fixedEnergy = Double.NaN;
    private Tables tables; // sigma I and A_FB on the grid per energy, kept while the settings that make them stay

    /** The true sin^2 theta_W the runs are simulated with. */
    public SequentialDesign truth(double sin2w) {
        if (!(sin2w > priorLow && sin2w < priorHigh)) {
            throw new HepmlException(String.format(Locale.ROOT, "The true sin2w %g must lie inside the prior [%g, %g].", sin2w, priorLow, priorHigh));
        }
        this.truth = sin2w;
        return this;
    }

    /** The uniform prior on sin^2 theta_W. */
    public SequentialDesign prior(double low, double high) {
        if (!(low > 0.01 && high > low && high < 0.99)) throw new HepmlException("--prior must be LOW,HIGH with 0.01 < LOW < HIGH < 0.99; got " + low + ", " + high + ".");
        this.priorLow = low;
        this.priorHigh = high;
        if (!(truth > low && truth < high)) truth = (low + high) / 2;
        tables = null;
        return this;
    }

    public SequentialDesign energies(double... gev) {
        if (gev.length < 1) throw new HepmlException("Give at least one candidate energy.");
        for (double e : gev) new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, e, 0); // checks the range
        this.energies = gev.clone();
        tables = null;
        return this;
    }

    /** The total integrated luminosity in pb^-1, shared equally by the runs. */
    public SequentialDesign luminosity(double pb) {
        if (!(pb > 0) || Double.isInfinite(pb)) throw new HepmlException("The luminosity must be a positive number (pb^-1), got " + pb + ".");
        this.luminosity = pb;
        return this;
    }

    public SequentialDesign runs(int k) {
        if (k < 1) throw new HepmlException("--runs must be at least 1, got " + k + ".");
        this.runs = k;
        return this;
    }

    public SequentialDesign smearing(double v) {
        new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, ElectroweakMuonPairs.MZ, v); // checks it
        this.smearing = v;
        tables = null;
        return this;
    }

    /** Grid points of the posterior over the prior range. */
    public SequentialDesign grid(int points) {
        if (points < 21) throw new HepmlException("The posterior grid needs at least 21 points, got " + points + ".");
        this.gridPoints = points;
        tables = null;
        return this;
    }

    public SequentialDesign seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Every run at {@code gev} instead of the chosen energies: the fixed design to compare with (NaN: sequential). */
    public SequentialDesign fixedEnergy(double gev) {
        if (!Double.isNaN(gev)) new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, gev, 0);
        this.fixedEnergy = gev;
        return this;
    }

    /** One run: its energy, the events it recorded, and the posterior after it (mean, sd, central 68% interval). */
    public record Run(double energy, int events, double mean, double sd, double low68, double high68) {
    }

    public record Result(double truth, double luminosity, boolean sequential, List<Run> runs, double[] grid, double[] posterior)
            implements HtmlRenderable {
        public Run last() {
            return runs.get(runs.size() - 1);
        }

        /** Whether the truth lies inside the final central 68% interval. */
        public boolean covers() {
            return last().low68() <= truth && truth <= last().high68();
        }

        public double[] energies() {
            return runs.stream().mapToDouble(Run::energy).toArray();
        }

        public double[] widths() {
            return runs.stream().mapToDouble(Run::sd).toArray();
        }

        public Figure figure() {
            double[] k = new double[runs.size()];
            for (int i = 0; i < k.length; i++) k[i] = i + 1;
            XYChart w = new XYChartBuilder().width(420).height(340).xAxisTitle("run").yAxisTitle("posterior sd of sin\u00b2\u03b8_{W}")
                    .title(String.format(Locale.ROOT, "%s, L = %g pb\u207b\u00b9", sequential ? "sequential design" : "fixed energy", luminosity)).build();
            HepStyle.apply(w);
            XYSeries s = Series.line(w, "posterior sd", k, widths(), HepStyle.color(0), HepStyle.stroke(1.6f));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(HepStyle.color(0));
            w.getStyler().setYAxisLogarithmic(true);
            XYChart e = new XYChartBuilder().width(420).height(340).xAxisTitle("run").yAxisTitle("\u221as [GeV]").title("energy of each run").build();
            HepStyle.apply(e);
            Series.points(e, "chosen energy", k, energies(), HepStyle.color(1), SeriesMarkers.SQUARE);
            return Figure.grid(List.of(Figure.of(w), Figure.of(e)), 2);
        }

        public String summary() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s design, true sin2w = %.5f, L = %g pb^-1 in %d runs%n"
                    + "  run   sqrt(s)   events   posterior mean +- sd      68%% interval%n", sequential ? "sequential" : "fixed-energy", truth, luminosity, runs.size()));
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                b.append(String.format(Locale.ROOT, "  %3d %9.2f %8d   %.5f +- %.5f   [%.5f, %.5f]%n", i + 1, r.energy(), r.events(), r.mean(), r.sd(), r.low68(), r.high68()));
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return summary();
        }

        @Override
        public String toHtml() {
            return "<div><pre>" + HtmlRenderable.escape(summary()) + "</pre>" + figure().toHtmlImage() + "</div>";
        }
    }

    /** Per candidate energy, on the grid: the asymmetry A_FB and the information per pb^-1, sigma I. */
    private record Tables(double[] grid, double[][] asymmetry, double[][] informationPerPb) {
    }

    private Tables tables() {
        if (tables != null) return tables;
        double[] g = new double[gridPoints];
        for (int j = 0; j < g.length; j++) g[j] = priorLow + (priorHigh - priorLow) * (j + 0.5) / gridPoints; // cell centres
        double[][] afb = new double[energies.length][g.length], info = new double[energies.length][g.length];
        for (int e = 0; e < energies.length; e++) {
            Cancelled.check("Sequential design");
            ElectroweakMuonPairs sim = new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, energies[e], smearing);
            for (int j = 0; j < g.length; j++) {
                double[] theta = {g[j]};
                afb[e][j] = sim.forwardBackwardAsymmetry(theta);
                info[e][j] = sim.crossSection(theta) * sim.fisherInformation(theta)[0][0];
            }
        }
        return tables = new Tables(g, afb, info);
    }

    public Result run() {
        Tables t = tables();
        int n = t.grid().length;
        double[] logPost = new double[n]; // flat prior
        double lumiPerRun = luminosity / runs;
        SplittableRandom rng = new SplittableRandom(seed);
        Well19937c counts = new Well19937c(rng.nextLong());
        List<Run> out = new ArrayList<>();
        try (Progress progress = Progress.start("Sequential design", runs, "runs")) {
            for (int k = 0; k < runs; k++) {
                Cancelled.check("Sequential design");
                double[] post = normalised(logPost);
                int e = Double.isNaN(fixedEnergy) ? mostInformative(post, t, lumiPerRun) : -1;
                double energy = e >= 0 ? energies[e] : fixedEnergy;
                ElectroweakMuonPairs sim = new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, energy, smearing);
                double[] afb = e >= 0 ? t.asymmetry()[e] : asymmetries(sim, t.grid());
                double mean = lumiPerRun * sim.crossSection(new double[]{truth});
                int events = new PoissonDistribution(counts, mean, PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
                double[] theta = {truth};
                for (int i = 0; i < events; i++) {
                    double[] ab = sim.likelihoodTerms(sim.sample(theta, rng).x());
                    for (int j = 0; j < n; j++) logPost[j] += Math.log(Math.max(ab[0] + afb[j] * ab[1], 1e-300));
                }
                out.add(summarise(energy, events, normalised(logPost), t.grid()));
                progress.update(k + 1, String.format(Locale.ROOT, "run %d at %.2f GeV", k + 1, energy));
            }
        }
        return new Result(truth, luminosity, Double.isNaN(fixedEnergy), List.copyOf(out), t.grid().clone(), normalised(logPost));
    }

    /**
     * The candidate of largest expected information gain of a run of {@code lumi}, in the Gaussian (Laplace)
     * approximation at each grid point weighted by the posterior: sum_j post_j 1/2 ln(1 + lumi sigma_j I_j var_post).
     * The logarithm keeps the tails, where the information may be huge, from deciding alone (the plain average of
     * the Fisher information stays at the pole even when the posterior sits where the pole is blind).
     */
    private static int mostInformative(double[] post, Tables t, double lumi) {
        double mean = 0, sq = 0;
        for (int j = 0; j < post.length; j++) {
            mean += post[j] * t.grid()[j];
            sq += post[j] * t.grid()[j] * t.grid()[j];
        }
        double variance = Math.max(sq - mean * mean, 0);
        int best = 0;
        double bestGain = -1;
        for (int e = 0; e < t.informationPerPb().length; e++) {
            double s = 0;
            for (int j = 0; j < post.length; j++) s += post[j] * 0.5 * Math.log1p(lumi * t.informationPerPb()[e][j] * variance);
            if (s > bestGain) {
                bestGain = s;
                best = e;
            }
        }
        return best;
    }

    /** The candidate the first run would take: the non-sequential design under the prior. */
    public double bestUnderPrior() {
        Tables t = tables();
        double lumiPerRun = luminosity / runs;
        double[] flat = new double[t.grid().length];
        java.util.Arrays.fill(flat, 1.0 / flat.length);
        return energies[mostInformative(flat, t, lumiPerRun)];
    }

    private static double[] asymmetries(ElectroweakMuonPairs sim, double[] grid) {
        double[] a = new double[grid.length];
        for (int j = 0; j < a.length; j++) a[j] = sim.forwardBackwardAsymmetry(new double[]{grid[j]});
        return a;
    }

    private static double[] normalised(double[] logPost) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logPost) max = Math.max(max, v);
        double[] p = new double[logPost.length];
        double sum = 0;
        for (int j = 0; j < p.length; j++) sum += p[j] = Math.exp(logPost[j] - max);
        for (int j = 0; j < p.length; j++) p[j] /= sum;
        return p;
    }

    /** Mean, sd and central 68% interval of the grid posterior, each cell's mass spread evenly over the cell. */
    private static Run summarise(double energy, int events, double[] post, double[] grid) {
        double h = grid[1] - grid[0], mean = 0, sq = 0;
        for (int j = 0; j < post.length; j++) {
            mean += post[j] * grid[j];
            sq += post[j] * (grid[j] * grid[j] + h * h / 12);
        }
        return new Run(energy, events, mean, Math.sqrt(Math.max(sq - mean * mean, 0)), quantile(post, grid, 0.16), quantile(post, grid, 0.84));
    }

    private static double quantile(double[] post, double[] grid, double q) {
        double h = grid[1] - grid[0], cum = 0;
        for (int j = 0; j < post.length; j++) {
            if (cum + post[j] >= q) return grid[j] - h / 2 + h * (q - cum) / post[j];
            cum += post[j];
        }
        return grid[grid.length - 1] + h / 2;
    }
}
