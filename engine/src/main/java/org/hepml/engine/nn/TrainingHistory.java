package org.hepml.engine.nn;

import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.HepStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;
import java.util.Locale;

/** What happened during training: per-epoch losses, the best epoch kept, speed, and whether it was interrupted. */
public record TrainingHistory(List<Double> trainLoss, List<Double> validationLoss, int bestEpoch, double seconds,
                              long samples, boolean interrupted) implements HtmlRenderable {

    public double bestValidationLoss() {
        return bestEpoch > 0 ? validationLoss.get(bestEpoch - 1) : Double.NaN;
    }

    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : 0;
    }

    public int epochs() {
        return trainLoss.size();
    }

    /** Train and validation loss against the epoch, with the kept (best) epoch marked. */
    public Figure lossCurve() {
        XYChart c = new XYChartBuilder().width(560).height(380).xAxisTitle("epoch").yAxisTitle("loss")
                .title(interrupted ? "Training (interrupted)" : "Training").build();
        HepStyle.apply(c);
        c.getStyler().setYAxisDecimalPattern("0.0###");
        double[] epochs = new double[trainLoss.size()];
        for (int i = 0; i < epochs.length; i++) epochs[i] = i + 1;
        if (epochs.length == 0) return Figure.of(c);
        XYSeries t = c.addSeries("train", epochs, trainLoss.stream().mapToDouble(Double::doubleValue).toArray());
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(HepStyle.color(1));
        if (validationLoss.stream().anyMatch(v -> !v.isNaN())) {
            XYSeries v = c.addSeries("validation", epochs, validationLoss.stream().mapToDouble(Double::doubleValue).toArray());
            v.setMarker(SeriesMarkers.NONE);
            v.setLineColor(HepStyle.color(2));
            if (bestEpoch > 0) {
                XYSeries b = c.addSeries("kept (epoch " + bestEpoch + ")", new double[]{bestEpoch}, new double[]{bestValidationLoss()});
                b.setLineStyle(SeriesLines.NONE);
                b.setMarker(SeriesMarkers.DIAMOND);
                b.setMarkerColor(HepStyle.color(0));
            }
        }
        return Figure.of(c);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d epoch(s)%s, best validation loss %.5g at epoch %d, %.1f s, %.0f samples/s",
                epochs(), interrupted ? " (interrupted)" : "", bestValidationLoss(), bestEpoch, seconds, samplesPerSecond());
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlRenderable.escape(toString()) + "<br>" + lossCurve().toHtmlImage() + "</div>";
    }
}
