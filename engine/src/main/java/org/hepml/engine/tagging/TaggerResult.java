package org.hepml.engine.tagging;

import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.bayes.ClassifierPrediction;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.plot.Figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One tagger trained with several seeds: each training's {@link TaggingMetrics} on the test jets, their means with the
 * standard error over trainings (sample sd / sqrt(seeds)), the first training's test scores, and for the Bayesian PFN
 * the first training's per-jet mu and sigma (with the test jets' pT, for sigma against pT), and each training's loss history
 * (training against validation loss: whether a network is still learning or already fits noise).
 */
public record TaggerResult(TaggerOptions options, String trainedOn, String testedOn, List<TaggingMetrics> perSeed, double[] scores,
                           double[] testPt, double[] testLabels, ClassifierPrediction bayesian,
                           List<TrainingHistory> histories) implements HtmlRenderable {
    public TaggerResult {
        perSeed = List.copyOf(perSeed);
        histories = List.copyOf(histories);
    }

    public TaggerModel model() {
        return options.model();
    }

    /**
     * {mean, standard error of the mean} over the trainings (error NaN with one seed). The trainings share their
     * training and test jets, so this error covers what the seed changes (initial weights, validation split, batch
     * order) and not the sampling of the jets: the test jets' part is the binomial error ({@link #rejectionBinomialError()}),
     * the training jets' part is measured in bench/tagging (docs/TAGGING.md).
     */
    public double[] meanAndError(ToDoubleFunction<TaggingMetrics> figure) {
        int n = perSeed.size();
        double s = 0, s2 = 0;
        for (TaggingMetrics m : perSeed) {
            double v = figure.applyAsDouble(m);
            s += v;
            s2 += v * v;
        }
        double mean = s / n;
        double var = n > 1 ? Math.max(0, (s2 - n * mean * mean) / (n - 1)) : Double.NaN;
        return new double[]{mean, Math.sqrt(var / n)};
    }

    public double[] auc() {
        return meanAndError(TaggingMetrics::auc);
    }

    public double[] accuracy() {
        return meanAndError(TaggingMetrics::accuracy);
    }

    /** 1/eps_B at eps_S = 0.3: mean and standard error over the trainings. */
    public double[] rejection() {
        return meanAndError(TaggingMetrics::rejection);
    }

    /** The binomial error of one training's 1/eps_B (the first), from the test's background count. */
    public double rejectionBinomialError() {
        return perSeed.get(0).rejectionError();
    }

    /** The ROC curves eps_S against 1/eps_B (log) of the first training of each result: the landscape paper's figure. */
    public static Figure roc(List<TaggerResult> results) {
        return TaggingPlots.roc(results);
    }

    public Figure roc() {
        return TaggingPlots.roc(List.of(this));
    }

    /** The Bayesian tagger's sigma against mu (with the mu(1-mu) envelope) and mean sigma in bins of the test jets' pT. */
    public Figure uncertainties() {
        if (bayesian == null) throw new org.hepml.engine.HepmlException("Only a bnn-pfn tagger has per-jet uncertainties; this is " + model() + ".");
        return Figure.grid(List.of(bayesian.sigmaVsMu(), TaggingPlots.sigmaVsPt(bayesian.sigma(), testPt, 10)), 2);
    }

    @Override
    public String toString() {
        double[] a = auc(), c = accuracy(), r = rejection();
        if (perSeed.size() == 1) {
            return String.format(Locale.ROOT, "%s tagger trained on '%s', tested on '%s' (%d jets), 1 seed: AUC %.4f, accuracy %.4f, "
                    + "1/eps_B at eps_S = 0.3: %.1f +- %.1f (binomial)", model(), trainedOn, testedOn, testLabels.length, a[0], c[0], r[0], rejectionBinomialError());
        }
        return String.format(Locale.ROOT, "%s tagger trained on '%s', tested on '%s' (%d jets), %d seeds: AUC %.4f +- %.4f, accuracy %.4f +- %.4f, "
                        + "1/eps_B at eps_S = 0.3: %.1f +- %.1f (seeds; binomial %.1f per training)", model(), trainedOn, testedOn, testLabels.length,
                perSeed.size(), a[0], a[1], c[0], c[1], r[0], r[1], rejectionBinomialError());
    }

    @Override
    public String toHtml() {
        List<Figure> figs = new ArrayList<>();
        figs.add(roc());
        if (bayesian != null) figs.add(uncertainties());
        StringBuilder b = new StringBuilder("<div>").append(HtmlRenderable.escape(toString())).append("<br>");
        for (Figure f : figs) b.append(f.toHtmlImage());
        return b.append("</div>").toString();
    }
}
