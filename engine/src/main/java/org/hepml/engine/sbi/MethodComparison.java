package org.hepml.engine.sbi;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mining-gold comparison: for each method and training-set size, several estimators trained on
 * independent simulations (one seed each), scored by {@link RatioDiagnostics#meanSquaredError} against the
 * exact log r on a fixed test sample from the reference theta1. The result renders as the error-versus-size
 * figure (log-log, mean over seeds with the seed-to-seed standard deviation as error bar) and a table.
 *
 * @param error error[m][s][k]: method m, size s, seed k
 */
public record MethodComparison(String simulator, List<Method> methods, int[] sizes, double[][][] error, double constantGuess)
        implements HtmlRenderable {

    /** What to compare and how to train; {@code thetas0} are the numerator hypotheses the error averages over. */
    public static MethodComparison run(TractableSimulator sim, String prior, double[] theta1, double[][] thetas0, List<Method> methods,
                                       int[] sizes, int seeds, EstimatorOptions options) {
        double[][] x = RatioDiagnostics.sample(sim, theta1, 5000, 987_654_321L);
        double constant = RatioDiagnostics.constantGuessError(sim, theta1, x, thetas0);
        double[][][] err = new double[methods.size()][sizes.length][seeds];
        for (double[][] e : err) for (double[] row : e) java.util.Arrays.fill(row, Double.NaN);
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
                        EstimatorOptions o = options.copy();
                        o.seed = options.seed + k;
                        try (RatioEstimator e = RatioEstimator.train(train, methods.get(m), 1.0, o)) {
                            if (e.interrupted()) throw new org.hepml.engine.Cancelled("The method comparison");
                            err[m][s][k] = RatioDiagnostics.meanSquaredError(e, sim, theta1, x, thetas0);
                        }
                        progress.update(++done, "");
                    }
                }
            }
            progress.finish("done");
        }
        return new MethodComparison(sim.name(), List.copyOf(methods), sizes.clone(), err, constant);
    }

    public double mean(int method, int size) {
        double s = 0;
        for (double v : error[method][size]) s += v;
        return s / error[method][size].length;
    }

    public double std(int method, int size) {
        double m = mean(method, size), s = 0;
        int n = error[method][size].length;
        for (double v : error[method][size]) s += (v - m) * (v - m);
        return n > 1 ? Math.sqrt(s / (n - 1)) : 0;
    }

    /** Error against training-set size, log-log, with the constant guess (log r = 0) as a reference line. */
    public Figure figure() {
        XYChart c = new XYChartBuilder().width(640).height(440).xAxisTitle("training events")
                .yAxisTitle("E[(log r\u0302 - log r)\u00b2]").title(simulator + ", " + error[0][0].length + " seed(s) per point").build();
        HepStyle.apply(c);
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(AxesChartStyler.LegendPosition.OutsideE);
        double[] xs = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) xs[s] = sizes[s];
        for (int m = 0; m < methods.size(); m++) {
            double[] y = new double[sizes.length], e = new double[sizes.length];
            for (int s = 0; s < sizes.length; s++) {
                y[s] = mean(m, s);
                e[s] = Math.min(std(m, s), 0.9 * y[s]); // keep the bar above zero on a log axis
            }
            XYSeries line = c.addSeries(methods.get(m).label(), xs, y, e);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineColor(HepStyle.color(m));
            line.setMarkerColor(HepStyle.color(m));
            line.setLineStyle(new BasicStroke(1.6f));
        }
        // XChart labels a log axis at powers of ten only: open both axes to whole decades so labels show
        double lo = constantGuess, hi = constantGuess;
        for (int m = 0; m < methods.size(); m++) {
            for (int s = 0; s < sizes.length; s++) {
                lo = Math.min(lo, mean(m, s) - Math.min(std(m, s), 0.9 * mean(m, s)));
                hi = Math.max(hi, mean(m, s) + std(m, s));
            }
        }
        c.getStyler().setYAxisMin(decadeBelow(lo)).setYAxisMax(decadeAbove(hi));
        c.getStyler().setXAxisMin(decadeBelow(xs[0])).setXAxisMax(decadeAbove(xs[xs.length - 1]));
        c.getStyler().setYAxisDecimalPattern("0.#E0");
        XYSeries g = c.addSeries("log r = 0", new double[]{xs[0], xs[xs.length - 1]}, new double[]{constantGuess, constantGuess});
        g.setMarker(SeriesMarkers.NONE);
        g.setLineColor(java.awt.Color.GRAY);
        g.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        return Figure.of(c);
    }

    private static double decadeBelow(double v) {
        return Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    }

    private static double decadeAbove(double v) {
        return Math.pow(10, Math.ceil(Math.log10(v) - 1e-9));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Mean squared error of log r on %s (constant guess %.4g)%n%-8s", simulator, constantGuess, "method"));
        for (int size : sizes) b.append(String.format(Locale.ROOT, "%16d", size));
        for (int m = 0; m < methods.size(); m++) {
            b.append(String.format(Locale.ROOT, "%n%-8s", methods.get(m).label()));
            for (int s = 0; s < sizes.length; s++) b.append(String.format(Locale.ROOT, "%16s", String.format(Locale.ROOT, "%.2e\u00b1%.0e", mean(m, s), std(m, s))));
        }
        return b.toString();
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
                b.append(String.format(Locale.ROOT, "<td>%.2e &plusmn; %.1e</td>", mean(m, s), std(m, s)));
            }
            b.append("</tr>");
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "constant guess log r = 0: %.3e", constantGuess));
        return b.append("</table><small>").append(String.join("; ", notes)).append("</small></div>").toString();
    }
}
