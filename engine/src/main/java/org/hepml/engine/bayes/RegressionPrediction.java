package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.plot.Figure;

import java.util.List;
import java.util.Locale;

/**
 * What a {@link BnnRegressor} predicts per input: the predictive mean and the total sigma split into its
 * aleatoric part (the noise the network learned, sigma_stoch^2 = E_q[sigma^2(x, w)], which does not shrink with
 * more data) and its epistemic part (the spread of the mean over weight draws, sigma_pred^2 = Var_q[mu(x, w)],
 * which does); total^2 = aleatoric^2 + epistemic^2 (docs/REFERENCE.md section 5). {@code truth}, when known
 * (the target column of the dataset predicted on), gives the pulls and coverage.
 */
public record RegressionPrediction(double[][] inputs, double[] mean, double[] aleatoric, double[] epistemic, double[] truth,
                                   String target) implements HtmlRenderable {

    public int size() {
        return mean.length;
    }

    public double[] total() {
        double[] t = new double[mean.length];
        for (int i = 0; i < t.length; i++) t[i] = Math.hypot(aleatoric[i], epistemic[i]);
        return t;
    }

    /** One input column, as plots take it. */
    public double[] input(int j) {
        double[] x = new double[inputs.length];
        for (int i = 0; i < x.length; i++) x[i] = inputs[i][j];
        return x;
    }

    private double[] requireTruth() {
        if (truth == null) throw new HepmlException("This prediction has no truth to compare with: predict on a dataset with the target column.");
        return truth;
    }

    /** (truth - mean) / total sigma per input. */
    public double[] pulls() {
        return Calibration.pulls(requireTruth(), mean, total());
    }

    public double coverage(double level) {
        return Calibration.coverage(requireTruth(), mean, total(), level);
    }

    /** The mean of a per-event array over the events whose first input lies in [lo, hi]. */
    public static double average(double[] values, double[] x, double lo, double hi) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (x[i] >= lo && x[i] <= hi) {
                s += values[i];
                n++;
            }
        }
        return n > 0 ? s / n : Double.NaN;
    }

    /** The prediction over one input with 1 and 2 sigma bands (and the truth as points, when known). */
    public Figure bands(int input, String xLabel) {
        return UncertaintyPlots.bands(this, input, xLabel, null);
    }

    public Figure bands() {
        return bands(0, "x");
    }

    public Figure pullPlot() {
        return UncertaintyPlots.pulls(pulls(), "(" + target + " - \u03bc) / \u03c3");
    }

    public Figure coveragePlot() {
        return UncertaintyPlots.coverage(Calibration.LEVELS, Calibration.coverage(requireTruth(), mean, total(), Calibration.LEVELS));
    }

    @Override
    public String toString() {
        double a = 0, e = 0;
        for (int i = 0; i < mean.length; i++) {
            a += aleatoric[i] / mean.length;
            e += epistemic[i] / mean.length;
        }
        String s = String.format(Locale.ROOT, "BNN prediction of %s for %d inputs: mean aleatoric sigma %.4g, mean epistemic sigma %.4g", target,
                mean.length, a, e);
        if (truth != null) {
            double[] ms = Calibration.meanAndStd(pulls());
            s += String.format(Locale.ROOT, "; pulls %.3f +- %.3f, coverage %.1f%% (68.3%%) and %.1f%% (95.4%%)", ms[0], ms[1],
                    100 * coverage(0.6827), 100 * coverage(0.9545));
        }
        return s;
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div>").append(HtmlRenderable.escape(toString()));
        if (truth != null) {
            Figure f = Figure.grid(List.of(pullPlot(), coveragePlot()), 2);
            b.append("<br>").append(f.toHtmlImage());
        }
        return b.append("</div>").toString();
    }
}
