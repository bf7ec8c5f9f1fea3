package org.hepml.engine.sbi;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Empirical against nominal coverage of Wilks regions over K pseudo-experiments (see {@link CoverageStudy}), per
 * model. For a calibrated likelihood the number of covering experiments at level p is Binomial(K, p); the figure
 * shades the central 95% of that distribution, and each point carries its Clopper-Pearson 68% interval. Regions
 * that ran off the grid are counted separately (and as not covering).
 */
public final class CoverageResult implements HtmlRenderable {
    /** One model's counts of covering and of open regions per level, and its scan of every experiment. */
    public record Curve(String label, int[] covered, int[] open, List<ScanResult> scans) {
        /** Experiments whose 95% region reaches the edge of the model's training range ({@link ScanResult#trainingEdgeCaution()}). */
        public int nearTrainingEdge() {
            return (int) scans.stream().filter(s -> s.trainingEdgeCaution() != null).count();
        }
    }

    private final String simulator;
    private final List<String> parameters;
    private final double[] truth;
    private final int experiments;
    private final int events;
    private final double[] levels;
    private final List<Curve> curves;

    CoverageResult(String simulator, List<String> parameters, double[] truth, int experiments, int events, double[] levels, List<Curve> curves) {
        this.simulator = simulator;
        this.parameters = parameters;
        this.truth = truth.clone();
        this.experiments = experiments;
        this.events = events;
        this.levels = levels.clone();
        this.curves = List.copyOf(curves);
    }

    public double[] levels() {
        return levels.clone();
    }

    public int experiments() {
        return experiments;
    }

    public int events() {
        return events;
    }

    public List<Curve> curves() {
        return curves;
    }

    public List<String> labels() {
        return curves.stream().map(Curve::label).toList();
    }

    public Curve curve(String label) {
        return curves.stream().filter(c -> c.label().equals(label)).findFirst()
                .orElseThrow(() -> new HepmlException("No model '" + label + "' in this coverage study; it has " + labels() + "."));
    }

    private int index(double level) {
        for (int i = 0; i < levels.length; i++) if (Math.abs(levels[i] - level) < 1e-9) return i;
        throw new HepmlException("Level " + level + " was not studied; the levels are " + Arrays.toString(levels) + ".");
    }

    /** How many experiments' closed regions at this level contain the truth. */
    public int covered(String label, double level) {
        return curve(label).covered()[index(level)];
    }

    /** How many experiments' regions at this level ran off the grid. */
    public int open(String label, double level) {
        return curve(label).open()[index(level)];
    }

    public double coverage(String label, double level) {
        return (double) covered(label, level) / experiments;
    }

    /** The counts a Binomial(K, p) leaves out with probability at most {@code falseAlarm} in all, split over both tails. */
    public static int[] binomialRange(int k, double p, double falseAlarm) {
        BinomialDistribution b = new BinomialDistribution(null, k, p);
        return new int[]{b.inverseCumulativeProbability(falseAlarm / 2), b.inverseCumulativeProbability(1 - falseAlarm / 2)};
    }

    /** The Clopper-Pearson interval of a binomial probability with {@code confidence}, given x of k. */
    public static double[] clopperPearson(int x, int k, double confidence) {
        double a = (1 - confidence) / 2;
        double lo = x == 0 ? 0 : new BetaDistribution(null, x, k - x + 1).inverseCumulativeProbability(a);
        double hi = x == k ? 1 : new BetaDistribution(null, x + 1, k - x).inverseCumulativeProbability(1 - a);
        return new double[]{lo, hi};
    }

    public Figure figure() {
        XYChart c = new XYChartBuilder().width(560).height(480).xAxisTitle("nominal confidence level")
                .yAxisTitle("empirical coverage").title(String.format(Locale.ROOT, "%s at %s", simulator, RatioDiagnostics.fmt(truth))).build();
        HepStyle.apply(c);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double[] lo = new double[levels.length + 2], hi = new double[levels.length + 2], xs = new double[levels.length + 2];
        for (int i = 0; i < xs.length; i++) {
            double p = i == 0 ? 0.001 : i == xs.length - 1 ? 0.999 : levels[i - 1];
            xs[i] = p;
            int[] r = binomialRange(experiments, p, 0.05);
            lo[i] = (double) r[0] / experiments;
            hi[i] = (double) r[1] / experiments;
        }
        Series.band(c, "calibrated: central 95% band", xs, lo, hi, new Color(0, 0, 0, 40), true);
        Series.line(c, "nominal", new double[]{0, 1}, new double[]{0, 1}, HepStyle.REFERENCE, HepStyle.stroke(1.2f, 6f, 4f));
        for (int m = 0; m < curves.size(); m++) {
            Curve cv = curves.get(m);
            double[] y = new double[levels.length], down = new double[levels.length], up = new double[levels.length];
            for (int l = 0; l < levels.length; l++) {
                y[l] = (double) cv.covered()[l] / experiments;
                double[] ci = clopperPearson(cv.covered()[l], experiments, ScanResult.ONE_SIGMA);
                down[l] = y[l] - ci[0];
                up[l] = ci[1] - y[l];
            }
            Color colour = m == 0 ? Color.BLACK : HepStyle.color(m + 1);
            Series.errorBars(c, cv.label() + " (errors)", levels, y, down, up, colour, 1.3f);
            XYSeries s = Series.line(c, cv.label(), levels, y, colour, HepStyle.stroke(1.2f));
            s.setMarker(m == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
            s.setMarkerColor(colour);
        }
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        return Figure.of(c).info(String.format(Locale.ROOT, "%d experiments \u00d7 %,d events", experiments, events));
    }

    /** One line per model some of whose 95% regions reach the edge of its training range; empty if none. */
    private List<String> edgeNotes() {
        List<String> notes = new ArrayList<>();
        for (Curve c : curves) {
            int n = c.nearTrainingEdge();
            if (n > 0) {
                notes.add(String.format(Locale.ROOT, "%s: in %d of %d experiments %s", c.label(), n, experiments,
                        c.scans().stream().map(ScanResult::trainingEdgeCaution).filter(Objects::nonNull).findFirst().orElseThrow()));
            }
        }
        return notes;
    }

    private boolean anyOpen() {
        for (Curve c : curves) for (int o : c.open()) if (o > 0) return true;
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Coverage of Wilks regions for %s at %s = %s: %d experiments of %d events%n",
                simulator, parameters, RatioDiagnostics.fmt(truth), experiments, events));
        b.append(String.format(Locale.ROOT, "%-8s %-22s", "level", "calibrated 95% band"));
        for (Curve c : curves) b.append(String.format(Locale.ROOT, " %-22s", c.label()));
        b.append('\n');
        for (int l = 0; l < levels.length; l++) {
            int[] r = binomialRange(experiments, levels[l], 0.05);
            b.append(String.format(Locale.ROOT, "%-8.3f %-22s", levels[l], String.format(Locale.ROOT, "[%.3f, %.3f]",
                    (double) r[0] / experiments, (double) r[1] / experiments)));
            for (Curve c : curves) {
                b.append(String.format(Locale.ROOT, " %-22s", String.format(Locale.ROOT, "%.3f%s", (double) c.covered()[l] / experiments,
                        c.open()[l] > 0 ? " (" + c.open()[l] + " open)" : "")));
            }
            b.append('\n');
        }
        if (anyOpen()) b.append(ScanResult.WIDEN).append('\n');
        for (String note : edgeNotes()) b.append(note).append('\n');
        return b.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div><b>Coverage</b> of Wilks regions for ").append(HtmlRenderable.escape(simulator))
                .append(String.format(Locale.ROOT, " at %s = %s: %d experiments of %d events", HtmlRenderable.escape(parameters.toString()),
                        RatioDiagnostics.fmt(truth), experiments, events))
                .append("<table><tr><th>level</th><th>calibrated 95% band</th>");
        for (Curve c : curves) b.append("<th>").append(HtmlRenderable.escape(c.label())).append("</th>");
        b.append("</tr>");
        for (int l = 0; l < levels.length; l++) {
            int[] r = binomialRange(experiments, levels[l], 0.05);
            b.append(String.format(Locale.ROOT, "<tr><td>%.3f</td><td>[%.3f, %.3f]</td>", levels[l], (double) r[0] / experiments,
                    (double) r[1] / experiments));
            for (Curve c : curves) {
                int n = c.covered()[l];
                boolean inside = n >= r[0] && n <= r[1];
                b.append(String.format(Locale.ROOT, "<td style='color:%s'>%.3f%s</td>", inside ? "inherit" : "#c00", (double) n / experiments,
                        c.open()[l] > 0 ? " (" + c.open()[l] + " open)" : ""));
            }
            b.append("</tr>");
        }
        b.append("</table>");
        if (anyOpen()) b.append("<span style='color:#c60'>").append(ScanResult.WIDEN).append("</span>");
        for (String note : edgeNotes()) b.append("<br><span style='color:#c60'>").append(HtmlRenderable.escape(note)).append("</span>");
        return b.append(figure().toHtmlImage()).append("</div>").toString();
    }
}
