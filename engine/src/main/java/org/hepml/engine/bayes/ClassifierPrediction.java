package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.plot.Figure;

import java.util.List;
import java.util.Locale;

/**
 * What a {@link BnnClassifier} predicts per input: mu_pred, the mean over weight draws of the sigmoid output,
 * and sigma_pred, its spread (Bollweg, Haussmann, Kasieczka, Luchmann, Plehn, Thompson, SciPost Phys. 8, 006
 * (2020)); also the mean and spread of the logit. {@code labels}, when known, give the reliability curve.
 */
public record ClassifierPrediction(double[] mean, double[] sigma, double[] logitMean, double[] logitSigma, double[] labels)
        implements HtmlRenderable {

    /**
     * mu_pred and sigma_pred (mean and sample spread of the sigmoid over draws) and the logit's mean and spread, from
     * the logits of {@code k >= 2} weight draws, {@code [draw][event]}.
     */
    public static ClassifierPrediction fromLogitDraws(double[][] logits, double[] labels) {
        int k = logits.length, n = k == 0 ? 0 : logits[0].length;
        double[] mean = new double[n], sigma = new double[n], lm = new double[n], ls = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0, s2 = 0, l = 0, l2 = 0;
            for (double[] draw : logits) {
                double p = 1 / (1 + Math.exp(-draw[i]));
                s += p;
                s2 += p * p;
                l += draw[i];
                l2 += draw[i] * draw[i];
            }
            mean[i] = s / k;
            sigma[i] = Math.sqrt(Math.max(0, (s2 - s * s / k) / (k - 1)));
            lm[i] = l / k;
            ls[i] = Math.sqrt(Math.max(0, (l2 - l * l / k) / (k - 1)));
        }
        return new ClassifierPrediction(mean, sigma, lm, ls, labels);
    }

    public int size() {
        return mean.length;
    }

    /** {mean predicted, observed fraction, events} per bin of mu_pred, see {@link Calibration#reliability}. */
    public double[][] reliability(int bins) {
        if (labels == null) throw new HepmlException("This prediction has no labels: predict on a dataset with the label column.");
        return Calibration.reliability(mean, labels, bins);
    }

    /** sigma_pred against mu_pred, with the mu(1 - mu) envelopes. */
    public Figure sigmaVsMu() {
        return UncertaintyPlots.sigmaVsMu(this);
    }

    public Figure reliabilityPlot() {
        return UncertaintyPlots.reliability(reliability(10));
    }

    @Override
    public String toString() {
        double s = 0;
        for (double v : sigma) s += v / sigma.length;
        return String.format(Locale.ROOT, "BNN classifier prediction for %d inputs: mean sigma_pred %.4g", mean.length, s);
    }

    @Override
    public String toHtml() {
        Figure f = labels != null ? Figure.grid(List.of(sigmaVsMu(), reliabilityPlot()), 2) : sigmaVsMu();
        return "<div>" + HtmlRenderable.escape(toString()) + "<br>" + f.toHtmlImage() + "</div>";
    }
}
