package org.hepml.engine.sbi;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;
import java.util.Locale;

/**
 * Experimental design by expected information ("active sciencing", Cranmer et al.): for e+e- -> mu+mu-, the collision
 * energy at which a run of given luminosity L measures sin^2 theta_W best. The expected number of events is
 * L sigma(sqrt s) and each carries the Fisher information I(sqrt s) = E[t(x)^2] on sin^2 theta_W (t the score), so the
 * Cramer-Rao error of the run is 1 / sqrt(L sigma(sqrt s) I(sqrt s)): rate and per-event sensitivity pull apart (the
 * cross section peaks at the Z pole, where A_FB barely depends on sin^2 theta_W).
 * <p>The information comes twice: exactly from the simulator ({@link ElectroweakMuonPairs#fisherInformation}), and from
 * SALLY, a score network trained per energy on simulated events with their joint score ({@link ScoreEstimator}), as
 * one would do with a simulator whose likelihood is intractable. The design is the energy of the smallest error on the
 * grid, for each.
 */
public final class ExperimentDesign {
    private double sin2w = ElectroweakMuonPairs.SIN2W;
    private double smearing = 0;
    private double luminosity = 1_000; // pb^-1
    private double[] energies = {80, 84, 87, 89, 90, 91.19, 92.5, 94, 97, 100};
    private int events = 20_000;
    private long seed = 1;
    /** Per energy: two layers of 32, 20 epochs, batches of 128, learning rate 1e-2 falling to 1e-4 (the scores reach ~5, far from a fresh network's 0). */
    private EstimatorOptions options = EstimatorOptions.DEFAULT.training(t -> t.withHidden(32, 32).withEpochs(20).withBatchSize(128).withLearningRate(1e-2, 1e-4));

    public ExperimentDesign sin2w(double v) {
        this.sin2w = v;
        return this;
    }

    public ExperimentDesign smearing(double v) {
        this.smearing = v;
        return this;
    }

    /** The integrated luminosity of the run, in pb^-1. */
    public ExperimentDesign luminosity(double pb) {
        if (!(pb > 0) || Double.isInfinite(pb)) throw new HepmlException("The luminosity must be a positive number (pb^-1), got " + pb + ".");
        this.luminosity = pb;
        return this;
    }

    /** The candidate energies sqrt(s) in GeV (each in [10, 500]). */
    public ExperimentDesign energies(double... gev) {
        if (gev.length < 2) throw new HepmlException("Give at least two candidate energies.");
        this.energies = gev.clone();
        return this;
    }

    /** Simulated events per energy for training SALLY and for its Fisher information (0: exact only). */
    public ExperimentDesign events(int n) {
        if (n < 0) throw new HepmlException("--events must be 0 (exact only) or positive, got " + n + ".");
        this.events = n;
        return this;
    }

    public ExperimentDesign seed(long seed) {
        this.seed = seed;
        return this;
    }

    public ExperimentDesign options(EstimatorOptions o) {
        this.options = o;
        return this;
    }

    /**
     * Per energy: the cross section (pb), the Fisher information per event (exact and learned) and the expected error
     * on sin^2 theta_W of the run; the chosen energies.
     */
    public record Result(double[] energies, double[] crossSection, double[] exactInformation, double[] learnedInformation,
                         double luminosity, double sin2w) implements HtmlRenderable {
        public double[] exactError() {
            return error(exactInformation);
        }

        public double[] learnedError() {
            return learnedInformation == null ? null : error(learnedInformation);
        }

        private double[] error(double[] info) {
            double[] e = new double[energies.length];
            for (int k = 0; k < e.length; k++) e[k] = 1 / Math.sqrt(luminosity * crossSection[k] * info[k]);
            return e;
        }

        public double bestExact() {
            return energies[argmin(exactError())];
        }

        /** NaN when no network was trained. */
        public double bestLearned() {
            return learnedInformation == null ? Double.NaN : energies[argmin(learnedError())];
        }

        private static int argmin(double[] v) {
            int best = 0;
            for (int k = 1; k < v.length; k++) if (v[k] < v[best]) best = k;
            return best;
        }

        public Figure figure() {
            XYChart c = new XYChartBuilder().width(560).height(400).xAxisTitle("\u221as [GeV]")
                    .yAxisTitle("expected error on sin\u00b2\u03b8_{W}").title(String.format(Locale.ROOT, "design, L = %g pb\u207b\u00b9", luminosity)).build();
            HepStyle.apply(c);
            XYSeries exact = Series.line(c, String.format(Locale.ROOT, "exact (best %.2f GeV)", bestExact()), energies, exactError(), HepStyle.color(0), HepStyle.stroke(1.6f));
            exact.setMarker(SeriesMarkers.CIRCLE);
            exact.setMarkerColor(HepStyle.color(0));
            if (learnedInformation != null) {
                XYSeries l = Series.line(c, String.format(Locale.ROOT, "SALLY (best %.2f GeV)", bestLearned()), energies, learnedError(), HepStyle.color(1),
                        HepStyle.stroke(1.6f, 5f, 3f));
                l.setMarker(SeriesMarkers.SQUARE);
                l.setMarkerColor(HepStyle.color(1));
            }
            c.getStyler().setYAxisLogarithmic(true);
            return Figure.of(c);
        }

        public String summary() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "sin2w = %.5f, L = %g pb^-1%n  sqrt(s)   sigma [pb]   I exact   I SALLY   error exact   error SALLY%n", sin2w, luminosity));
            double[] ee = exactError(), le = learnedError();
            for (int k = 0; k < energies.length; k++) {
                b.append(String.format(Locale.ROOT, "  %7.2f %11.1f %9.3f %9s %13.5f %13s%n", energies[k], crossSection[k], exactInformation[k],
                        le == null ? "-" : String.format(Locale.ROOT, "%.3f", learnedInformation[k]), ee[k],
                        le == null ? "-" : String.format(Locale.ROOT, "%.5f", le[k])));
            }
            b.append(String.format(Locale.ROOT, "  best energy: exact %.2f GeV%s%n", bestExact(),
                    le == null ? "" : String.format(Locale.ROOT, ", SALLY %.2f GeV", bestLearned())));
            return b.toString();
        }

        @Override
        public String toHtml() {
            return "<div><pre>" + HtmlRenderable.escape(summary()) + "</pre>" + figure().toHtmlImage() + "</div>";
        }
    }

    public Result run() {
        int k = energies.length;
        double[] sigma = new double[k], exact = new double[k], learned = events > 0 ? new double[k] : null;
        double[] theta = {sin2w};
        for (int i = 0; i < k; i++) {
            Cancelled.check("Experimental design");
            ElectroweakMuonPairs sim = new ElectroweakMuonPairs(List.of("sin2w"), sin2w, energies[i], smearing);
            sim.checkTheta(theta);
            sigma[i] = sim.crossSection(theta);
            exact[i] = sim.fisherInformation(theta)[0][0];
            if (learned == null) continue;
            String at = Double.toString(sin2w);
            Dataset train = new AugmentedSimulation(sim).theta(at).augment(true).seed(seed + 101L * i).generate("design.train", events);
            Dataset test = new AugmentedSimulation(sim).theta(at).seed(seed + 101L * i + 50).generate("design.test", events);
            final long networkSeed = seed + i;
            EstimatorOptions o = options.training(t -> t.withSeed(networkSeed));
            try (ScoreEstimator sally = ScoreEstimator.train(train, o)) {
                learned[i] = sally.fisherInformation(test).perEvent()[0][0];
            }
        }
        return new Result(energies.clone(), sigma, exact, learned, luminosity, sin2w);
    }
}
