package org.hepml.engine.sbi;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.hepml.engine.HepmlException;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The mining-gold comparison (Brehmer, Louppe, Pavez, Cranmer, PNAS 2020, the Galton-board figure): for each
 * method and training-set size, several estimators, each trained on its own independent simulation with its own
 * network seed, scored by the paper's error E_{x ~ p(x|theta1)} [(log r_hat(x|theta0) - log r(x|theta0))^2]
 * against the exact log r, averaged over the given theta0. Where the simulator's observable takes finitely many
 * values (the Galton board's 31 positions) the expectation is the exact sum over them with p(x|theta1), so the
 * error has no test-sample noise; otherwise it is the mean over a fixed sample of 5000 events from theta1.
 * The result renders as the error-versus-size figure (log-log, mean over seeds with the standard error of that
 * mean as error bar) and a table (mean +- standard error, and the seed-to-seed sd).
 *
 * <p>Training protocol. A fixed number of epochs gives a 200-event set a hundredth of the optimizer steps of a
 * 20,000-event one, so small sets would be starved of training rather than of data. Every estimator here gets the
 * same number of optimizer steps ({@code steps}, {@value #STEPS} by default, between what MadMiner's 50 epochs of
 * batch 128 give on 5,000 and on 10,000 events), i.e. ceil(steps / batches per epoch) epochs, with the learning
 * rate decaying per epoch from its initial to its final value as usual, the usual validation split, and the epoch
 * with the lowest validation loss kept; there is no early stop, so a training costs about the same at every size.
 *
 * @param error        error[m][s][k]: method m, size s, seed k (JSON: by_seed[s][k] per method)
 * @param firstOrder   the error of the first-order (SALLY) ratio t(x|theta1) . (theta0 - theta1) with the exact
 *                     score: the floor of that approximation, however well the score is learned
 */
public record MethodComparison(String simulator, List<Method> methods, int[] sizes, double[][][] error, double constantGuess,
                               double firstOrder) implements HtmlRenderable {

    /** The default number of optimizer steps per training (see the class comment). */
    public static final int STEPS = 2000;

    /** As {@link #run(TractableSimulator, String, double[], double[][], List, int[], int, EstimatorOptions, int)}
     * with {@value #STEPS} optimizer steps per training. */
    public static MethodComparison run(TractableSimulator sim, String prior, double[] theta1, double[][] thetas0, List<Method> methods,
                                       int[] sizes, int seeds, EstimatorOptions options) {
        return run(sim, prior, theta1, thetas0, methods, sizes, seeds, options, STEPS);
    }

    /**
     * Trains {@code seeds} estimators per method and size (training sample k of size s: seed 1000 s + k + 1;
     * network seed {@code options.training().seed() + k}; every method of a seed sees the same sample) and scores them.
     *
     * @param prior   the theta0 distribution of the training samples, e.g. "uniform(-1,-0.4)"
     * @param thetas0 the numerator hypotheses the error averages over
     * @param steps   optimizer steps per training; 0 or less: train {@code options.training().epochs()} epochs as given
     */
    public static MethodComparison run(TractableSimulator sim, String prior, double[] theta1, double[][] thetas0, List<Method> methods,
                                       int[] sizes, int seeds, EstimatorOptions options, int steps) {
        if (methods.isEmpty() || sizes.length == 0 || seeds < 1 || thetas0.length == 0) {
            throw new HepmlException("A method comparison needs at least one method, one training size, one seed"
                    + " and one theta0; got " + methods.size() + ", " + sizes.length + ", " + seeds + " and " + thetas0.length + ".");
        }
        Scorer scorer = Scorer.of(sim, theta1, thetas0);
        double[][][] err = new double[methods.size()][sizes.length][seeds];
        for (double[][] e : err) for (double[] row : e) Arrays.fill(row, Double.NaN);
        long total = (long) methods.size() * sizes.length * seeds;
        // one display for the whole comparison; each training reports into its status line
        try (Progress progress = Progress.startNested("Comparing " + methods.size() + " methods on " + sim.name(), total, "trainings")) {
            long done = 0;
            for (int s = 0; s < sizes.length; s++) {
                for (int k = 0; k < seeds; k++) {
                    Dataset train = new AugmentedSimulation(sim).theta(prior).reference(theta1).augment(true)
                            .seed(1000L * s + k + 1).generate("train", sizes[s]);
                    for (int m = 0; m < methods.size(); m++) {
                        Cancelled.check("The method comparison");
                        progress.update(done, methods.get(m).label() + ", " + sizes[s] + " events, seed " + (k + 1));
                        TrainingSettings t = options.training().withSeed(options.training().seed() + k);
                        if (steps > 0) {
                            // keep the best epoch, but train all of them: equal steps for every size
                            t = t.withEpochs(epochsFor(sizes[s], steps, t)).withPatience(0);
                        }
                        EstimatorOptions o = options.withTraining(t);
                        try (RatioEstimator e = RatioEstimator.train(train, methods.get(m), 1.0, o)) {
                            if (e.interrupted()) throw new Cancelled("The method comparison");
                            err[m][s][k] = scorer.error(e);
                        }
                        progress.update(++done, "");
                    }
                }
            }
            progress.finish("done");
        }
        return new MethodComparison(sim.name(), List.copyOf(methods), sizes.clone(), err, scorer.error(zero(sim)), scorer.firstOrderError());
    }

    /** Epochs that give {@code steps} optimizer steps on {@code events} events (after the validation split). */
    static int epochsFor(int events, int steps, TrainingSettings o) {
        int validation = o.validationFraction() > 0 ? Math.max(1, (int) Math.round(events * o.validationFraction())) : 0;
        int batches = (events - validation + o.batchSize() - 1) / o.batchSize();
        return Math.max(1, (steps + batches - 1) / Math.max(1, batches));
    }

    /**
     * The paper's error of a learned log r against the exact one: exactly, as a sum over the observable's values
     * weighted by p(x|theta1), where there are finitely many (the Galton board); else on a fixed test sample.
     */
    public static double error(LogRatio learned, TractableSimulator sim, double[] theta1, double[]... thetas0) {
        return Scorer.of(sim, theta1, thetas0).error(learned);
    }

    /** Events x with probabilities p(x|theta1) (exact, or 1/n on a sample) and the exact log r at every theta0. */
    private record Scorer(TractableSimulator sim, double[] theta1, double[][] thetas0, double[][] x, double[] p, double[][] exact) {
        static Scorer of(TractableSimulator sim, double[] theta1, double[][] thetas0) {
            double[][] x;
            double[] p;
            if (sim instanceof GaltonBoard board) {
                double[] all = board.probabilities(theta1[0]);
                List<double[]> xs = new ArrayList<>();
                List<Double> ps = new ArrayList<>();
                // positions the board cannot reach at theta1 carry no weight (and log r there is undefined)
                for (int i = 0; i < all.length; i++) {
                    if (all[i] > 1e-300) {
                        xs.add(new double[]{i});
                        ps.add(all[i]);
                    }
                }
                x = xs.toArray(new double[0][]);
                p = ps.stream().mapToDouble(Double::doubleValue).toArray();
            } else {
                x = RatioDiagnostics.sample(sim, theta1, 5000, 987_654_321L);
                p = new double[x.length];
                Arrays.fill(p, 1.0 / x.length);
            }
            ExactLogRatio r = new ExactLogRatio(sim, theta1);
            double[][] exact = new double[thetas0.length][];
            for (int k = 0; k < thetas0.length; k++) exact[k] = r.logRatio(x, thetas0[k]);
            return new Scorer(sim, theta1, thetas0, x, p, exact);
        }

        double error(LogRatio learned) {
            double sum = 0;
            for (int k = 0; k < thetas0.length; k++) {
                double[] lr = learned.logRatio(x, thetas0[k]);
                for (int i = 0; i < x.length; i++) sum += p[i] * (lr[i] - exact[k][i]) * (lr[i] - exact[k][i]);
            }
            return sum / thetas0.length;
        }

        /** The error of log r ~ t(x|theta1) . (theta0 - theta1) with the simulator's exact score. */
        double firstOrderError() {
            return error(new FixedLogRatio(sim, (xs, th) -> {
                double[] out = new double[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    double[] ti = sim.score(xs[i][0], theta1);
                    for (int j = 0; j < ti.length; j++) out[i] += ti[j] * (th[j] - theta1[j]);
                }
                return out;
            }));
        }
    }

    private static LogRatio zero(TractableSimulator sim) {
        return new FixedLogRatio(sim, (x, theta) -> new double[x.length]);
    }

    /** A log r given as a function, for the reference lines. */
    private record FixedLogRatio(TractableSimulator sim, BiFunction<double[][], double[], double[]> f) implements LogRatio {
        @Override
        public List<String> parameters() {
            return sim.parameters();
        }

        @Override
        public List<String> observables() {
            return List.of(sim.observable());
        }

        @Override
        public double[] logRatio(double[][] x, double[] theta) {
            return f.apply(x, theta);
        }
    }

    public double mean(int method, int size) {
        double s = 0;
        for (double v : error[method][size]) s += v;
        return s / error[method][size].length;
    }

    /** The seed-to-seed standard deviation of the error (n - 1 in the denominator). */
    public double std(int method, int size) {
        double m = mean(method, size), s = 0;
        int n = error[method][size].length;
        for (double v : error[method][size]) s += (v - m) * (v - m);
        return n > 1 ? Math.sqrt(s / (n - 1)) : Double.NaN;
    }

    /** The standard error of {@link #mean}: the seed-to-seed sd over sqrt(seeds); NaN with one seed. */
    public double standardError(int method, int size) {
        return std(method, size) / Math.sqrt(error[method][size].length);
    }

    /**
     * The mean over seeds of ln(error). Squared errors are skewed (CARL's seed-to-seed sd is about half its mean),
     * and on the figure's log axis the spread is closer to symmetric and alike between methods: the scale on
     * which to compare methods with a t-like margin.
     */
    public double logMean(int method, int size) {
        double s = 0;
        for (double v : error[method][size]) s += Math.log(v);
        return s / error[method][size].length;
    }

    /** The standard error of {@link #logMean}; NaN with one seed. */
    public double logStandardError(int method, int size) {
        double m = logMean(method, size), s = 0;
        int n = error[method][size].length;
        for (double v : error[method][size]) s += (Math.log(v) - m) * (Math.log(v) - m);
        return n > 1 ? Math.sqrt(s / (n - 1) / n) : Double.NaN;
    }

    public int seeds() {
        return error[0][0].length;
    }

    /** The row of {@code method}, or -1 where it was not compared. */
    public int row(Method method) {
        return methods.indexOf(method);
    }

    /** The column of a training size, or -1. */
    public int column(int size) {
        for (int s = 0; s < sizes.length; s++) if (sizes[s] == size) return s;
        return -1;
    }

    /**
     * Error against training-set size, log-log: the mean over seeds with its standard error as the bar, the
     * constant guess (log r = 0) and the first-order (SALLY) floor as reference lines.
     */
    public Figure figure() {
        boolean bars = seeds() > 1;
        XYChart c = new XYChartBuilder().width(680).height(440).xAxisTitle("training events")
                .yAxisTitle("E[(log r\u0302 \u2212 log r)\u00b2]").title(simulator).build();
        HepStyle.apply(c);
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(AxesChartStyler.LegendPosition.OutsideE);
        double[] xs = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) xs[s] = sizes[s];
        double lo = Math.min(constantGuess, firstOrder), hi = Math.max(constantGuess, firstOrder);
        reference(c, "log r = 0", xs, constantGuess, HepStyle.stroke(1.4f, 6f, 4f));
        reference(c, "first order, exact score", xs, firstOrder, HepStyle.stroke(1.4f, 2f, 3f));
        for (int m = 0; m < methods.size(); m++) {
            double[] y = new double[sizes.length], e = new double[sizes.length];
            for (int s = 0; s < sizes.length; s++) {
                y[s] = mean(m, s);
                e[s] = bars ? Math.min(standardError(m, s), 0.9 * y[s]) : 0; // keep the bar above zero on a log axis
                lo = Math.min(lo, y[s] - e[s]);
                hi = Math.max(hi, y[s] + e[s]);
            }
            Color colour = HepStyle.color(m + 1);
            if (bars) Series.errorBars(c, methods.get(m).label() + " (errors)", xs, y, e, e, colour, 1.3f);
            XYSeries line = Series.line(c, methods.get(m).label(), xs, y, colour, HepStyle.stroke(1.6f));
            line.setMarker(MARKERS[m % MARKERS.length]);
            line.setMarkerColor(colour);
        }
        // XChart labels a log axis at powers of ten only: open both axes to whole decades so labels show
        c.getStyler().setYAxisMin(decadeBelow(lo)).setYAxisMax(decadeAbove(hi));
        c.getStyler().setXAxisMin(decadeBelow(xs[0])).setXAxisMax(decadeAbove(xs[xs.length - 1]));
        return Figure.of(c).info(bars ? "mean of " + seeds() + " seeds \u00b1 s.e." : "one seed");
    }

    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP};

    private static void reference(XYChart c, String name, double[] xs, double value, BasicStroke stroke) {
        Series.line(c, name, new double[]{xs[0], xs[xs.length - 1]}, new double[]{value, value}, HepStyle.REFERENCE, stroke);
    }

    private static double decadeBelow(double v) {
        return Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    }

    private static double decadeAbove(double v) {
        return Math.pow(10, Math.ceil(Math.log10(v) - 1e-9));
    }

    private String cell(int m, int s) {
        return seeds() > 1 ? String.format(Locale.ROOT, "%.2e\u00b1%.1e", mean(m, s), standardError(m, s))
                : String.format(Locale.ROOT, "%.2e", mean(m, s));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Mean squared error of log r on %s, mean of %d seed(s)%s"
                + " (constant guess %.4g, first order with the exact score %.4g)%n%-8s", simulator, seeds(),
                seeds() > 1 ? " \u00b1 standard error" : "", constantGuess, firstOrder, "method"));
        for (int size : sizes) b.append(String.format(Locale.ROOT, "%18d", size));
        for (int m = 0; m < methods.size(); m++) {
            b.append(String.format(Locale.ROOT, "%n%-8s", methods.get(m).label()));
            for (int s = 0; s < sizes.length; s++) b.append(String.format(Locale.ROOT, "%18s", cell(m, s)));
        }
        return b.toString();
    }

    /** The table as one JSON object: sizes, seeds, and per method by size the mean, its standard error, the sd, the
     * mean of ln(error) and its standard error, and every seed's error. */
    public String toJson() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "{\"simulator\":\"%s\",\"seeds\":%d,\"constant_guess\":%.6g,"
                + "\"first_order\":%.6g,\"sizes\":%s,\"methods\":{", simulator, seeds(), constantGuess, firstOrder, Arrays.toString(sizes).replace(" ", "")));
        for (int m = 0; m < methods.size(); m++) {
            b.append(m == 0 ? "" : ",").append('"').append(methods.get(m).label()).append("\":{");
            String[] keys = {"mean", "standard_error", "sd", "log_mean", "log_standard_error"};
            for (int q = 0; q < keys.length; q++) {
                b.append(q == 0 ? "" : ",").append('"').append(keys[q]).append("\":[");
                for (int s = 0; s < sizes.length; s++) {
                    double v = switch (q) {
                        case 0 -> mean(m, s);
                        case 1 -> standardError(m, s);
                        case 2 -> std(m, s);
                        case 3 -> logMean(m, s);
                        default -> logStandardError(m, s);
                    };
                    b.append(s == 0 ? "" : ",").append(number(v));
                }
                b.append(']');
            }
            b.append(",\"by_seed\":[");
            for (int s = 0; s < sizes.length; s++) {
                b.append(s == 0 ? "[" : ",[");
                for (int k = 0; k < error[m][s].length; k++) b.append(k == 0 ? "" : ",").append(number(error[m][s][k]));
                b.append(']');
            }
            b.append("]}");
        }
        return b.append("}}").toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "null";
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div>").append(figure().toHtmlImage());
        b.append("<table><tr><th>method</th>");
        for (int size : sizes) b.append("<th>").append(size).append(" events</th>");
        b.append("</tr>");
        for (int m = 0; m < methods.size(); m++) {
            b.append("<tr><td>").append(methods.get(m).label()).append("</td>");
            for (int s = 0; s < sizes.length; s++) {
                b.append(seeds() > 1 ? String.format(Locale.ROOT, "<td>%.2e &plusmn; %.1e</td>", mean(m, s), standardError(m, s))
                        : String.format(Locale.ROOT, "<td>%.2e</td>", mean(m, s)));
            }
            b.append("</tr>");
        }
        List<String> notes = new ArrayList<>();
        notes.add(seeds() > 1 ? "mean over " + seeds() + " seeds &plusmn; its standard error (sd / &radic;" + seeds() + ")" : "one seed: no error bar");
        notes.add(String.format(Locale.ROOT, "constant guess log r = 0: %.3e", constantGuess));
        notes.add(String.format(Locale.ROOT, "first order t(x|&theta;1)&middot;(&theta;0 - &theta;1) with the exact score (the floor of SALLY's first-order ratio): %.3e", firstOrder));
        return b.append("</table><small>").append(String.join("; ", notes)).append("</small></div>").toString();
    }
}
