package org.hepml.engine.anomaly;

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

/** The anomaly-detection figures: the CWoLa efficiency scan and bump hunts, ROC curves. */
public final class AnomalyPlots {
    private AnomalyPlots() {
    }

    /** Left: the bump-hunt significance against the selection (fit, and truth S/sqrt(B) where known); right: m_jj with the sideband fits. */
    public static Figure cwola(CwolaHunt.Result r) {
        List<CwolaHunt.ScanPoint> scan = r.scan();
        double[] x = new double[scan.size()], z = new double[scan.size()], truth = new double[scan.size()];
        boolean hasTruth = false;
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log10(1 / scan.get(i).efficiency());
            z[i] = scan.get(i).hunt().significance();
            truth[i] = scan.get(i).trueSignificance();
            hasTruth |= !Double.isNaN(truth[i]);
        }
        XYChart c = new XYChartBuilder().width(460).height(400).xAxisTitle("log_{10}(1 / \u03b5_{selection})")
                .yAxisTitle("significance in the signal region").title("CWoLa efficiency scan").build();
        HepStyle.apply(c);
        XYSeries s = Series.line(c, "bump-hunt Z (sideband fit)", x, z, HepStyle.color(0), HepStyle.stroke(1.6f));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(HepStyle.color(0));
        if (hasTruth) {
            XYSeries t = Series.line(c, "S / \u221aB (truth)", x, truth, HepStyle.color(1), HepStyle.stroke(1.6f, 5f, 3f));
            t.setMarker(SeriesMarkers.SQUARE);
            t.setMarkerColor(HepStyle.color(1));
        }

        XYChart h = new XYChartBuilder().width(460).height(400).xAxisTitle("m_{jj} [GeV]").yAxisTitle("events / bin")
                .title("bump hunts").build();
        HepStyle.apply(h);
        List<CwolaHunt.ScanPoint> shown = new ArrayList<>(List.of(scan.get(0)));
        if (scan.size() > 2) shown.add(scan.get(scan.size() / 2));
        if (scan.size() > 1) shown.add(scan.get(scan.size() - 1));
        int colour = 0;
        for (CwolaHunt.ScanPoint p : shown) {
            BumpHunt.Result b = p.hunt();
            double[] centres = new double[b.counts().length];
            for (int k = 0; k < centres.length; k++) centres[k] = 0.5 * (b.edges()[k] + b.edges()[k + 1]);
            String name = String.format(Locale.ROOT, "\u03b5 = %.3g", p.efficiency());
            Series.points(h, name, centres, b.counts(), HepStyle.color(colour), SeriesMarkers.CIRCLE);
            double[][] steps = Series.steps(b.edges(), b.fitted());
            Series.line(h, name + " fit", steps[0], steps[1], HepStyle.color(colour), HepStyle.stroke(1.2f)).setShowInLegend(false);
            colour++;
        }
        h.getStyler().setYAxisLogarithmic(true);
        return Figure.grid(List.of(Figure.of(c), Figure.of(h)), 2);
    }

    /** ROC curves (eps_B against eps_S, with the AUC in the legend) and the significance improvement eps_S / sqrt(eps_B) of several scores. */
    public static Figure roc(List<String> names, List<Roc> rocs) {
        XYChart c = new XYChartBuilder().width(460).height(400).xAxisTitle("\u03b5_{S}").yAxisTitle("\u03b5_{B}").title("ROC").build();
        HepStyle.apply(c);
        Series.reference(c, "random", new double[]{0, 1}, new double[]{0, 1});
        for (int i = 0; i < rocs.size(); i++) {
            Roc r = rocs.get(i);
            Series.line(c, String.format(Locale.ROOT, "%s (AUC %.3f)", names.get(i), r.auc()), r.signalEfficiency(), r.backgroundEfficiency(),
                    HepStyle.color(i), HepStyle.stroke(1.6f));
        }
        XYChart sic = new XYChartBuilder().width(460).height(400).xAxisTitle("\u03b5_{S}").yAxisTitle("\u03b5_{S} / \u221a\u03b5_{B}")
                .title("significance improvement").build();
        HepStyle.apply(sic);
        for (int i = 0; i < rocs.size(); i++) {
            Roc r = rocs.get(i);
            int n = r.signalEfficiency().length;
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                // below 1% background efficiency the counts behind eps_B are too few for the ratio to mean much
                y[k] = r.backgroundEfficiency()[k] >= 0.01 ? r.signalEfficiency()[k] / Math.sqrt(r.backgroundEfficiency()[k]) : Double.NaN;
            }
            Series.line(sic, names.get(i), r.signalEfficiency(), y, HepStyle.color(i), HepStyle.stroke(1.6f));
        }
        return Figure.grid(List.of(Figure.of(c), Figure.of(sic)), 2);
    }
}
