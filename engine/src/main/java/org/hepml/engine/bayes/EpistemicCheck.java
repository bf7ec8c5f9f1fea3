package org.hepml.engine.bayes;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.RegressionToy;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Arrays;
import java.util.Locale;

/**
 * Does the epistemic sigma of a Bayesian regression mean what it says? A single training gives one realisation of
 * a smooth, correlated error curve mu_pred(x) - f(x), so the clean frequentist check trains K networks on K
 * independent samples of a toy with a known mean f(x) (independent data AND network seeds) and compares, at each
 * probe x, the actual error of the predictive mean over the trainings (its spread and its bias) with the epistemic
 * sigma the networks claim. The pulls (mu_pred - f) / sigma_epi should have unit root mean square; their rms over
 * K trainings has a relative standard error of about 1/sqrt(2K) for Gaussian errors, and the sd of mu_pred over K
 * trainings one of 1/sqrt(2(K - 1)).
 * <p>{@link #scaling} measures how sigma_epi falls with the training size: the slope of log sigma_epi against log N,
 * -1/2 for a well-specified regular model, with its standard error from the spread between trainings.
 */
public final class EpistemicCheck {
    private EpistemicCheck() {
    }

    /**
     * The outcome at every probe point: per training k the predictive mean, epistemic and aleatoric sigma
     * ({@code [k][point]}), and the true mean.
     */
    public record Result(int events, int trainings, double[] x, double[] truth, double[][] mean, double[][] epistemic,
                         double[][] aleatoric) implements HtmlRenderable {

        /** The mean over trainings of mu_pred(x_i) - f(x_i). */
        public double bias(int i) {
            double s = 0;
            for (double[] m : mean) s += m[i];
            return s / trainings - truth[i];
        }

        /** The standard deviation of mu_pred(x_i) over the trainings (its relative precision is about 1/sqrt(2(K - 1))). */
        public double spread(int i) {
            double s = 0, s2 = 0;
            for (double[] m : mean) s += m[i];
            double avg = s / trainings;
            for (double[] m : mean) s2 += (m[i] - avg) * (m[i] - avg);
            return Math.sqrt(s2 / (trainings - 1));
        }

        /** The root mean square of the epistemic sigma over the trainings at x_i. */
        public double meanEpistemic(int i) {
            double s = 0;
            for (double[] e : epistemic) s += e[i] * e[i];
            return Math.sqrt(s / trainings);
        }

        public double meanAleatoric(int i) {
            double s = 0;
            for (double[] a : aleatoric) s += a[i] * a[i];
            return Math.sqrt(s / trainings);
        }

        /** The pulls (mu_pred - f) / sigma_epi of every training at x_i. */
        public double[] pulls(int i) {
            double[] p = new double[trainings];
            for (int k = 0; k < trainings; k++) p[k] = (mean[k][i] - truth[i]) / epistemic[k][i];
            return p;
        }

        /** sqrt(mean pull^2) at x_i over the trainings: 1 when sigma_epi is the actual error, bias included. */
        public double rmsPull(int i) {
            double s = 0;
            for (double p : pulls(i)) s += p * p;
            return Math.sqrt(s / trainings);
        }

        /**
         * The rms pull pooled over the probe points in [lo, hi] (|x| in [lo, hi] when {@code symmetric}) and its standard
         * error: each training gives one mean pull^2 over those points (the points of one training are correlated, the
         * trainings are not), and the standard error comes from the spread of these K numbers: {rms, standard error}.
         */
        public double[] pooledRmsPull(double lo, double hi, boolean symmetric) {
            double[] perTraining = new double[trainings];
            int n = 0;
            for (int i = 0; i < x.length; i++) {
                double v = symmetric ? Math.abs(x[i]) : x[i];
                if (v < lo || v > hi) continue;
                n++;
                double[] p = pulls(i);
                for (int k = 0; k < trainings; k++) perTraining[k] += p[k] * p[k];
            }
            if (n == 0) throw new HepmlException("No probe point lies in [" + lo + ", " + hi + "].");
            for (int k = 0; k < trainings; k++) perTraining[k] /= n;
            double[] ms = Calibration.meanAndStd(perTraining);
            double rms = Math.sqrt(ms[0]);
            // d sqrt(m) = dm / (2 sqrt(m))
            return new double[]{rms, ms[1] / Math.sqrt(trainings) / (2 * rms)};
        }

        /**
         * The fraction of (training, point) pairs in the region whose true mean lies within z sigma_epi of mu_pred,
         * z the two-sided Gaussian quantile of {@code level}.
         */
        public double coverage(double lo, double hi, boolean symmetric, double level) {
            double z = Calibration.normalQuantile(0.5 + level / 2);
            int in = 0, all = 0;
            for (int i = 0; i < x.length; i++) {
                double v = symmetric ? Math.abs(x[i]) : x[i];
                if (v < lo || v > hi) continue;
                for (int k = 0; k < trainings; k++) {
                    all++;
                    if (Math.abs(mean[k][i] - truth[i]) <= z * epistemic[k][i]) in++;
                }
            }
            return all == 0 ? Double.NaN : (double) in / all;
        }

        /** The relative standard error of {@link #spread} for Gaussian errors, 1/sqrt(2(K - 1)). */
        public double spreadPrecision() {
            return 1 / Math.sqrt(2.0 * (trainings - 1));
        }

        /** The per-point table: x, f(x), bias, spread, sigma_epi, spread / sigma_epi, rms pull, sigma_alea. */
        public String table() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "%d trainings on %d events; relative precision of a spread %.0f%%, of an rms pull ~%.0f%%%n", trainings, events,
                    100 * spreadPrecision(), 100 / Math.sqrt(2.0 * trainings)));
            b.append("     x     f(x)     bias   spread  sig_epi  spr/epi rms_pull sig_alea\n");
            for (int i = 0; i < x.length; i++) {
                b.append(String.format(Locale.ROOT, "%6.2f %8.3f %8.4f %8.4f %8.4f %8.2f %8.2f %8.4f%n", x[i], truth[i], bias(i), spread(i),
                        meanEpistemic(i), spread(i) / meanEpistemic(i), rmsPull(i), meanAleatoric(i)));
            }
            return b.toString();
        }

        /** The actual error over the trainings (rms of mu_pred - f, and the spread alone) against the claimed sigma_epi. */
        public Figure figure() {
            int n = x.length;
            double[] rmsErr = new double[n], spr = new double[n], epi = new double[n];
            for (int i = 0; i < n; i++) {
                spr[i] = spread(i);
                rmsErr[i] = Math.hypot(spr[i], bias(i));
                epi[i] = meanEpistemic(i);
            }
            XYChart c = new XYChartBuilder().width(560).height(420).title("epistemic \u03c3 against the actual error")
                    .xAxisTitle("x").yAxisTitle("\u03c3").build();
            HepStyle.apply(c);
            Series.line(c, "claimed \u03c3 epistemic (rms over trainings)", x, epi, HepStyle.color(2), HepStyle.stroke(2f));
            double[] err = new double[n];
            for (int i = 0; i < n; i++) err[i] = spr[i] * spreadPrecision();
            Series.errorBars(c, "spread (errors)", x, spr, err, err, HepStyle.color(1), 1.2f);
            XYSeries s = Series.line(c, "spread of the predicted \u03bc over trainings", x, spr, HepStyle.color(1), HepStyle.stroke(1.2f, 6f, 4f));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(HepStyle.color(1));
            XYSeries t = Series.line(c, "rms error (spread and bias)", x, rmsErr, Color.BLACK, HepStyle.stroke(1.2f, 2f, 3f));
            t.setMarker(SeriesMarkers.SQUARE);
            t.setMarkerColor(Color.BLACK);
            c.getStyler().setYAxisLogarithmic(true);
            c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideN);
            return Figure.of(c).info(String.format(Locale.ROOT, "%d trainings \u00d7 %,d events", trainings, events));
        }

        @Override
        public String toString() {
            return table();
        }

        @Override
        public String toHtml() {
            return "<div><pre>" + HtmlRenderable.escape(table()) + "</pre>" + figure().toHtmlImage() + "</div>";
        }
    }

    /**
     * Trains {@code trainings} regressions of y on x.1 of the toy, the k-th
     * on the toy's sample with seed toySeed + k and with network seed options.seed() + 1000 k, and predicts at {@code x}.
     */
    public static Result run(RegressionToy toy, int events, int trainings, BnnOptions options, double[] x) {
        if (trainings < 2) throw new HepmlException("At least two trainings are needed to measure a spread, got " + trainings + ".");
        double[][] probe = new double[x.length][1];
        double[] truth = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            probe[i][0] = x[i];
            truth[i] = toy.mean(probe[i]);
        }
        double[][] mean = new double[trainings][], epi = new double[trainings][], alea = new double[trainings][];
        long toySeed = toy.seed();
        try (Progress progress = Progress.startNested("Epistemic check: " + trainings + " trainings on " + events + " events", trainings, "trainings")) {
            for (int k = 0; k < trainings; k++) {
                Cancelled.check("The epistemic check");
                Dataset data = toy.copy().seed(toySeed + k).generate("train" + k, events);
                BnnOptions o = options.withTraining(options.training().withSeed(options.seed() + 1000L * k));
                RegressionPrediction p;
                try (BnnRegressor r = BnnRegressor.train(data, "y", o)) {
                    p = r.predict(probe);
                }
                mean[k] = p.mean();
                epi[k] = p.epistemic();
                alea[k] = p.aleatoric();
                progress.update(k + 1, "training " + (k + 1) + "/" + trainings);
            }
            progress.finish(trainings + " trainings");
        }
        return new Result(events, trainings, x.clone(), truth, mean, epi, alea);
    }

    /** How the epistemic sigma falls with the training size: sizes, mean log sigma_epi per size and its error, the fitted slope. */
    public record Scaling(int[] sizes, double[] logSigma, double[] logSigmaError, double[] aleatoric, double slope, double slopeError,
                          double chi2) implements HtmlRenderable {
        public double sigma(int k) {
            return Math.exp(logSigma[k]);
        }

        /** sigma_epi (geometric mean over trainings) and the mean aleatoric sigma against N, with the true noise when positive. */
        public Figure figure(double trueNoise) {
            double[] e = new double[sizes.length];
            for (int k = 0; k < e.length; k++) e[k] = sigma(k);
            return UncertaintyPlots.vsTrainingSize(sizes, e, aleatoric, trueNoise);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < sizes.length; k++) {
                b.append(String.format(Locale.ROOT, "N = %6d: sigma_epi %.4f (+-%.1f%%)%n", sizes[k], sigma(k), 100 * logSigmaError[k]));
            }
            return b.append(String.format(Locale.ROOT, "slope d log sigma_epi / d log N = %.3f +- %.3f (chi2 %.1f for %d points)", slope,
                    slopeError, chi2, sizes.length)).toString();
        }

        @Override
        public String toHtml() {
            return "<pre>" + HtmlRenderable.escape(toString()) + "</pre>";
        }
    }

    /**
     * Trains {@code trainings} networks at each size (independent data and network seeds; each size gets about
     * {@code steps} optimizer steps, so the sizes differ in data, not in training time) and fits log sigma_epi, the rms over
     * the probe points {@code x}, against log N by least squares; the error of each size's mean log sigma_epi comes from the
     * scatter between its trainings, pooled over the sizes (sizes x (trainings - 1) degrees of freedom).
     */
    public static Scaling scaling(RegressionToy toy, int[] sizes, int trainings, BnnOptions options, int steps, double[] x) {
        if (sizes.length < 2) throw new HepmlException("A slope needs at least two training sizes.");
        if (trainings < 2) throw new HepmlException("The error of the slope needs at least two trainings per size, got " + trainings + ".");
        double[][] probe = new double[x.length][1];
        for (int i = 0; i < x.length; i++) probe[i][0] = x[i];
        double[] mean = new double[sizes.length], err = new double[sizes.length], alea = new double[sizes.length];
        double scatter = 0; // the sum of squared deviations from each size's mean, pooled over the sizes
        try (Progress progress = Progress.startNested("Epistemic sigma against training size", (long) sizes.length * trainings, "trainings")) {
            for (int s = 0; s < sizes.length; s++) {
                double[] logs = new double[trainings];
                int batchesPerEpoch = (int) Math.ceil(0.8 * sizes[s] / options.training().batchSize());
                int epochs = Math.max(10, (int) Math.round((double) steps / batchesPerEpoch));
                for (int k = 0; k < trainings; k++) {
                    Cancelled.check("The scaling check");
                    Dataset data = toy.copy().seed(toy.seed() + 100L * s + k).generate("n" + sizes[s], sizes[s]);
                    try (BnnRegressor r = BnnRegressor.train(data, "y", options.withTraining(options.training().withEpochs(epochs).withSeed(options.seed() + 1000L * k + s)))) {
                        RegressionPrediction p = r.predict(probe);
                        double[] e = p.epistemic();
                        double sum = 0;
                        for (double v : e) sum += v * v;
                        for (double v : p.aleatoric()) alea[s] += v / e.length / trainings;
                        logs[k] = 0.5 * Math.log(sum / e.length); // the rms over the probe points
                    }
                    progress.update((long) s * trainings + k + 1, "N = " + sizes[s] + ", training " + (k + 1) + "/" + trainings);
                }
                double[] ms = Calibration.meanAndStd(logs);
                mean[s] = ms[0];
                scatter += ms[1] * ms[1] * (trainings - 1);
            }
            progress.finish("done");
        }
        // the scatter between trainings pooled over sizes (sizes x (trainings - 1) degrees of freedom; a per-size estimate from two
        // or three trainings would be too noisy to weight with), so every size's mean is known to the same error
        Arrays.fill(err, Math.sqrt(scatter / (sizes.length * (trainings - 1)) / trainings));
        // least squares of mean[s] = a + b log N
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int s = 0; s < sizes.length; s++) {
            double w = 1 / (err[s] * err[s]), l = Math.log(sizes[s]);
            sw += w;
            sx += w * l;
            sy += w * mean[s];
            sxx += w * l * l;
            sxy += w * l * mean[s];
        }
        double det = sw * sxx - sx * sx;
        double slope = (sw * sxy - sx * sy) / det, intercept = (sxx * sy - sx * sxy) / det;
        double chi2 = 0;
        for (int s = 0; s < sizes.length; s++) {
            double r = (mean[s] - intercept - slope * Math.log(sizes[s])) / err[s];
            chi2 += r * r;
        }
        return new Scaling(sizes.clone(), mean, err, alea, slope, Math.sqrt(sw / det), chi2);
    }
}
