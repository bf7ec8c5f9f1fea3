package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.plot.HistogramPlot;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The figures of an unfolding: the unfolded spectrum (with its bootstrap errors) against the truth, the
 * detector-level data and the prior, with a ratio panel to the truth; the same for many observables in one
 * figure; the distance to the truth over the iterations; and the distribution of the weights.
 * Shapes are compared (every histogram normalised to unit area), as in the OmniFold paper's figures.
 */
public final class UnfoldingPlots {
    private UnfoldingPlots() {
    }

    /**
     * @param truth     generator-level truth of the data (a simulation's "nature"), or null when unknown
     * @param data      the measured data, drawn at detector level from {@code recoColumn}, or null
     */
    public static Figure spectrum(Dataset unfolded, String column, Dataset truth, Dataset data, String recoColumn,
                                  int bins, double lo, double hi) {
        return spectrum(unfolded, column, truth, data, recoColumn, bins, lo, hi, 640, 480);
    }

    private static Figure spectrum(Dataset unfolded, String column, Dataset truth, Dataset data, String recoColumn,
                                   int bins, double lo, double hi, int width, int height) {
        HistogramPlot plot = new HistogramPlot().xLabel(AxisLabels.of(column, unfolded.metadata())).normalize(true).size(width, height);
        UnfoldedSpectrum u = UnfoldedSpectrum.of(unfolded, column, bins, lo, hi, false);
        plot.add(u.histogram(), HistogramPlot.Draw.POINTS);
        int truthIndex = -1;
        if (truth != null) {
            truthIndex = 1;
            plot.add(Histogram.of("truth (" + truth.name() + ")", truth.column(column), eventWeights(truth), bins, lo, hi), HistogramPlot.Draw.FILLED);
        }
        if (data != null && recoColumn != null) {
            plot.add(Histogram.of("detector level (" + data.name() + ")", data.column(recoColumn), eventWeights(data), bins, lo, hi),
                    HistogramPlot.Draw.LINE);
        }
        if (unfolded.has("weight.prior")) {
            plot.add(Histogram.of("prior (" + unfolded.metadata().getOrDefault("simulation", "simulation") + ")",
                    unfolded.column(column), unfolded.column("weight.prior"), bins, lo, hi), HistogramPlot.Draw.DASHED);
        }
        if (truthIndex >= 0) plot.ratioTo(truthIndex);
        if (data != null) plot.info(String.format(Locale.ROOT, "%,d events", data.size()));
        return plot.figure();
    }

    /**
     * One {@link #spectrum} panel per column, titled by its observable; {@code recoOf} maps a generator-level column
     * to its detector-level twin.
     */
    public static Figure spectra(Dataset unfolded, List<String> columns, Dataset truth, Dataset data,
                                 UnaryOperator<String> recoOf, int bins, int perRow) {
        List<Figure> panels = new ArrayList<>();
        boolean several = columns.size() > 1;
        for (String c : columns) {
            double[] r = range(unfolded.column(c), truth != null ? truth.column(c) : null);
            String reco = data != null && recoOf != null ? recoOf.apply(c) : null;
            if (reco != null && !data.has(reco)) reco = null;
            Figure f = several ? spectrum(unfolded, c, truth, data, reco, bins, r[0], r[1], 460, 400)
                    : spectrum(unfolded, c, truth, data, reco, bins, r[0], r[1]);
            panels.add(several ? f.titled(AxisLabels.withoutUnit(AxisLabels.of(c, unfolded.metadata()))) : f);
        }
        return Figure.grid(panels, perRow);
    }

    /**
     * The triangular discriminator (x 10^3) between each iteration's unfolded histogram and the truth, from the
     * prior (iteration 0) on, one line per column: where it flattens, more iterations stop helping.
     */
    public static Figure convergence(Dataset unfolded, List<String> columns, Dataset truth, int bins) {
        if (truth == null) throw new HepmlException("The convergence plot compares with a truth: give --truth.");
        int iterations = 0;
        while (unfolded.has("weight.iter" + (iterations + 1))) iterations++;
        if (iterations == 0) throw new HepmlException("'" + unfolded.name() + "' has no weight.iter<k> columns: it is not an OmniFold result.");
        XYChart c = new XYChartBuilder().width(640).height(420).xAxisTitle("iteration")
                .yAxisTitle("\u0394(unfolded, truth) \u00d7 10\u00b3").title("convergence").build();
        HepStyle.apply(c);
        HepStyle.integerX(c);
        double[] its = new double[iterations + 1];
        for (int k = 0; k <= iterations; k++) its[k] = k;
        org.knowm.xchart.style.markers.Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
                SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};
        for (int j = 0; j < columns.size(); j++) {
            String col = columns.get(j);
            double[] d = new double[iterations + 1];
            for (int k = 0; k <= iterations; k++) {
                d[k] = 1e3 * distanceToTruth(unfolded, col, k == 0 ? "weight.prior" : "weight.iter" + k, truth, bins);
            }
            XYSeries s = Series.line(c, col, its, d, HepStyle.color(j + 1), HepStyle.stroke(1.6f));
            s.setMarker(markers[j % markers.length]);
            s.setMarkerColor(HepStyle.color(j + 1));
        }
        return Figure.of(c);
    }

    /** log10 of the per-event weight relative to the prior, after each iteration: long tails mean unstable weights. */
    public static Figure weightDistribution(Dataset unfolded) {
        if (!unfolded.has("weight.prior")) throw new HepmlException("'" + unfolded.name() + "' has no weight.prior column: it is not an unfolding result.");
        double[] prior = unfolded.column("weight.prior");
        HistogramPlot plot = new HistogramPlot().xLabel("log_{10}(w / w_{prior})").title("weights of " + unfolded.name())
                .info(String.format(Locale.ROOT, "%,d events", unfolded.size()));
        for (int k = 1; unfolded.has("weight.iter" + k); k++) {
            double[] w = unfolded.column("weight.iter" + k);
            double[] lr = new double[w.length];
            for (int i = 0; i < w.length; i++) lr[i] = w[i] > 0 && prior[i] > 0 ? Math.log10(w[i] / prior[i]) : Double.NaN;
            plot.add(Histogram.of("iteration " + k, lr, null, 60, -1.5, 1.5));
        }
        return plot.figure();
    }

    /** A one-line verdict per column: triangular discriminator of prior and unfolded against the truth. */
    public static String summary(Dataset unfolded, List<String> columns, Dataset truth, int bins) {
        StringBuilder b = new StringBuilder();
        for (String col : columns) {
            double dp = distanceToTruth(unfolded, col, "weight.prior", truth, bins);
            double du = distanceToTruth(unfolded, col, "weight", truth, bins);
            b.append(String.format(Locale.ROOT, "%-16s prior %7.2f   unfolded %7.2f  (triangular discriminator x 10^3)%n", col, 1e3 * dp, 1e3 * du));
        }
        return b.toString();
    }

    /** The triangular discriminator between a column of the unfolded events under one weight column and the truth. */
    static double distanceToTruth(Dataset unfolded, String column, String weight, Dataset truth, int bins) {
        double[] r = range(unfolded.column(column), truth.column(column));
        double[] t = Histogram.of(column, truth.column(column), eventWeights(truth), bins, r[0], r[1]).counts();
        return UnfoldingMetrics.triangularDiscriminator(
                Histogram.of(column, unfolded.column(column), unfolded.column(weight), bins, r[0], r[1]).counts(), t);
    }

    static double[] eventWeights(Dataset d) {
        return d.has("weight") ? d.column("weight") : null;
    }

    /** The 0.5% to 99.5% quantile range of the finite values of the given arrays. */
    static double[] range(double[]... arrays) {
        List<Double> all = new ArrayList<>();
        for (double[] a : arrays) {
            if (a == null) continue;
            for (double v : a) if (Double.isFinite(v)) all.add(v);
        }
        if (all.isEmpty()) throw new HepmlException("No finite values to histogram.");
        double[] v = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double lo = v[(int) (0.005 * (v.length - 1))], hi = v[(int) (0.995 * (v.length - 1))];
        if (!(hi > lo)) hi = lo + 1;
        return new double[]{lo, hi};
    }
}
