package org.hepml.engine.tagging;

import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.hepml.engine.plot.Series;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The tagging figures: ROC curves on the landscape paper's axes and the Bayesian tagger's sigma against pT. */
final class TaggingPlots {
    private TaggingPlots() {
    }

    /** eps_S against 1/eps_B on a log axis, one curve per tagger (its first training), AUC and rejection in the legend. */
    static Figure roc(List<TaggerResult> results) {
        XYChart c = new XYChartBuilder().width(520).height(420).xAxisTitle("\u03b5_{S}").yAxisTitle("1/\u03b5_{B}").title("top tagging ROC").build();
        HepStyle.apply(c);
        c.getStyler().setYAxisLogarithmic(true);
        for (int i = 0; i < results.size(); i++) {
            TaggerResult r = results.get(i);
            TaggingMetrics m = r.perSeed().get(0);
            double[] es = m.signalEfficiency(), eb = m.backgroundEfficiency();
            // no point where no background passes: 1/eps_B is unbounded there
            int first = 0;
            while (first < eb.length && eb[first] == 0) first++;
            double[] x = Arrays.copyOfRange(es, first, es.length), y = new double[x.length];
            for (int k = 0; k < y.length; k++) y[k] = 1 / eb[first + k];
            double[] a = r.auc(), rej = r.rejection();
            String name = r.perSeed().size() > 1
                    ? String.format(Locale.ROOT, "%s: AUC %.3f, rejection at 30%% signal %.0f \u00b1 %.0f", r.model(), a[0], rej[0], rej[1])
                    : String.format(Locale.ROOT, "%s: AUC %.3f, rejection at 30%% signal %.0f", r.model(), a[0], rej[0]);
            Series.line(c, name, x, y, HepStyle.color(i), HepStyle.stroke(1.6f));
        }
        double[] rx = new double[60], ry = new double[60];
        for (int k = 0; k < rx.length; k++) {
            rx[k] = 0.01 + 0.99 * k / (rx.length - 1.0);
            ry[k] = 1 / rx[k]; // a random tagger: eps_B = eps_S
        }
        Series.reference(c, "random", rx, ry);
        return Figure.of(c);
    }

    /** Mean sigma with its standard error in equal-width bins of pT. */
    static Figure sigmaVsPt(double[] sigma, double[] pt, int bins) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double p : pt) {
            if (!Double.isFinite(p)) continue;
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
        }
        double[] s = new double[bins], s2 = new double[bins], n = new double[bins];
        for (int i = 0; i < pt.length; i++) {
            if (!Double.isFinite(pt[i])) continue;
            int b = Math.min(bins - 1, (int) ((pt[i] - lo) / (hi - lo) * bins));
            s[b] += sigma[i];
            s2[b] += sigma[i] * sigma[i];
            n[b]++;
        }
        double[] x = new double[bins], y = new double[bins], low = new double[bins], high = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = lo + (b + 0.5) * (hi - lo) / bins;
            y[b] = n[b] > 0 ? s[b] / n[b] : Double.NaN;
            double se = n[b] > 1 ? Math.sqrt(Math.max(0, (s2[b] - n[b] * y[b] * y[b]) / (n[b] - 1)) / n[b]) : Double.NaN;
            low[b] = se;
            high[b] = se;
        }
        XYChart c = new XYChartBuilder().width(460).height(400).xAxisTitle("jet p_{T} [GeV]").yAxisTitle("mean \u03c3_{pred}").title("\u03c3_{pred} against p_{T}").build();
        HepStyle.apply(c);
        Series.errorBars(c, "standard error", x, y, low, high, HepStyle.color(0), 1.3f);
        Series.points(c, "mean \u03c3 \u00b1 standard error", x, y, HepStyle.color(0), SeriesMarkers.CIRCLE);
        return Figure.of(c);
    }
}
