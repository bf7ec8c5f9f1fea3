package org.hepml.engine.sbi;

import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.util.Arrays;
import java.util.Locale;

/**
 * Samples from a learned posterior q(theta | s(x_obs)) with their mean and width, and the exact posterior beside
 * them when known (null otherwise). The figure is the one-parameter corner plot: the samples' density histogram with
 * the exact density drawn over it.
 */
public record PosteriorSamples(String parameter, String observed, double[] samples, ExactPosterior exact) implements HtmlRenderable {

    public double mean() {
        return Arrays.stream(samples).average().orElse(Double.NaN);
    }

    /** The samples' standard deviation. */
    public double sd() {
        double m = mean(), ss = 0;
        for (double v : samples) ss += (v - m) * (v - m);
        return Math.sqrt(ss / (samples.length - 1));
    }

    /** The Monte Carlo standard error of {@link #mean()}: sd / sqrt(L). */
    public double meanError() {
        return sd() / Math.sqrt(samples.length);
    }

    public Figure figure() {
        double m = mean(), s = sd();
        double lo = m - 4.5 * s, hi = m + 4.5 * s;
        int bins = (int) Math.max(10, Math.min(60, Math.sqrt(samples.length)));
        double[] edges = new double[bins + 1], density = new double[bins];
        for (int b = 0; b <= bins; b++) edges[b] = lo + (hi - lo) * b / bins;
        double width = (hi - lo) / bins;
        for (double v : samples) {
            int b = (int) Math.floor((v - lo) / width);
            if (b >= 0 && b < bins) density[b] += 1 / (samples.length * width);
        }
        XYChart c = new XYChartBuilder().width(560).height(420).xAxisTitle(AxisLabels.of(parameter)).yAxisTitle("posterior density").build();
        HepStyle.apply(c);
        double[][] st = Series.steps(edges, density);
        Series.line(c, String.format(Locale.ROOT, "NPE, %,d samples", samples.length), st[0], st[1], HepStyle.color(1), HepStyle.stroke(2f));
        if (exact != null) {
            int n = 200;
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = lo + (hi - lo) * i / (n - 1);
                y[i] = exact.density(x[i]);
            }
            Series.line(c, "exact posterior", x, y, HepStyle.color(0), HepStyle.stroke(1.6f, 6f, 4f));
        }
        c.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(0.0);
        return Figure.of(c).info("observed: " + observed);
    }

    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "Posterior of %s given '%s': mean %.4g +- %.2g (MC), sd %.4g from %,d samples", parameter, observed,
                mean(), meanError(), sd(), samples.length);
        if (exact != null) s += String.format(Locale.ROOT, "; exact: mean %.4g, sd %.4g", exact.mean(), exact.sd());
        return s;
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlRenderable.escape(toString()) + figure().toHtmlImage() + "</div>";
    }
}
