package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The likelihood-ratio trick (CARL; Cranmer, Pavez, Louppe 2015; docs/REFERENCE.md section 1) with Bayesian
 * layers: a classifier of numerator events p(x) (label 1) against denominator events q(x) (label 0), each
 * sample weighted to the same total, trained with cross entropy plus KL / N_train, so s(x) tends to
 * p / (p + q) and log r(x) = log p(x)/q(x) is the logit. Every weight draw gives a log r function; their mean
 * is the estimate and their spread a per-event uncertainty of it.
 * <p>When to prefer it over an ensemble ({@code %%train ratio --ensemble N}): one training instead of N
 * gives a per-event uncertainty that, by construction, grows where the training data are sparse (tails,
 * regions the numerator or denominator rarely populates), which is where a ratio is least trustworthy; and
 * the KL term regularises small samples. An ensemble is better when the spread must include the
 * optimiser's own variability (different minima, not only the width of one posterior mode), when a
 * parametrized ratio r(x|theta) or the augmented losses with r_xz and t_xz are needed (not offered here),
 * or when the plain estimators' best accuracy matters more than a per-event error: mean-field posteriors
 * tend to underestimate correlated uncertainties, and the KL term biases the mean slightly towards the
 * prior where data are few.
 */
public final class BayesianRatioClassifier implements HtmlRenderable, AutoCloseable {
    private final BnnClassifier classifier;
    private final String numerator, denominator;

    private BayesianRatioClassifier(BnnClassifier classifier, String numerator, String denominator) {
        this.classifier = classifier;
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /** log r(x) per event: the mean over weight draws and its spread. */
    public record RatioPrediction(double[] logRatio, double[] sigma) {
        public int size() {
            return logRatio.length;
        }
    }

    /** Trains log r(x) = log p_numerator(x) / p_denominator(x) on two samples with the same input columns. */
    public static BayesianRatioClassifier train(Dataset numerator, Dataset denominator, List<String> inputs, BnnOptions options) {
        List<String> cols = DatasetColumns.inputs(numerator, inputs);
        for (String c : cols) {
            if (!denominator.has(c)) throw new HepmlException("The denominator sample '" + denominator.name() + "' lacks the input '" + c + "'.");
        }
        double[][] xp = DatasetColumns.rows(numerator, cols), xq = DatasetColumns.rows(denominator, cols);
        double[] wp = numerator.weights(), wq = denominator.weights();
        double sp = 0, sq = 0;
        for (double w : wp) sp += w;
        for (double w : wq) sq += w;
        if (!(sp > 0) || !(sq > 0)) throw new HepmlException("Both samples need a positive total weight (got " + sp + " and " + sq + ").");
        int n = xp.length + xq.length;
        double[][] x = new double[n][];
        double[] y = new double[n], w = new double[n];
        // equal total weight per class: the classifier's optimum is then p / (p + q), whose logit is log r
        for (int i = 0; i < xp.length; i++) {
            x[i] = xp[i];
            y[i] = 1;
            w[i] = wp[i] / sp;
        }
        for (int i = 0; i < xq.length; i++) {
            x[xp.length + i] = xq[i];
            w[xp.length + i] = wq[i] / sq;
        }
        BnnClassifier c = BnnClassifier.train(x, y, w, cols, "y", numerator.name() + " / " + denominator.name(), options);
        return new BayesianRatioClassifier(c, numerator.name(), denominator.name());
    }

    /** Trains on one labelled sample: y = 1 events are the numerator, y = 0 the denominator. */
    public static BayesianRatioClassifier train(Dataset labelled, BnnOptions options) {
        double[] y = labelled.column("y");
        List<Integer> p = new ArrayList<>(), q = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1) p.add(i);
            else if (y[i] == 0) q.add(i);
            else throw new HepmlException("Column 'y' of '" + labelled.name() + "' must hold 0 or 1; event " + i + " has " + y[i] + ".");
        }
        if (p.isEmpty() || q.isEmpty()) throw new HepmlException("'" + labelled.name() + "' needs events of both labels, y = 1 and y = 0.");
        List<String> cols = DatasetColumns.inputs(labelled, null);
        double[][] all = DatasetColumns.rows(labelled, cols);
        double[] w = labelled.weights();
        double sp = 0, sq = 0;
        for (int i : p) sp += w[i];
        for (int i : q) sq += w[i];
        double[] wb = new double[y.length];
        for (int i = 0; i < y.length; i++) wb[i] = w[i] / (y[i] == 1 ? sp : sq);
        BnnClassifier c = BnnClassifier.train(all, y, wb, cols, "y", labelled.name(), options);
        return new BayesianRatioClassifier(c, labelled.name() + "[y=1]", labelled.name() + "[y=0]");
    }

    public BnnClassifier classifier() {
        return classifier;
    }

    public List<String> inputs() {
        return classifier.inputs();
    }

    /** log r(x) with its per-event uncertainty from the weight draws. */
    public RatioPrediction logRatio(double[][] x) {
        ClassifierPrediction p = classifier.predict(x);
        return new RatioPrediction(p.logitMean(), p.logitSigma());
    }

    public RatioPrediction logRatio(Dataset data) {
        return logRatio(DatasetColumns.rows(data, classifier.inputs()));
    }

    @Override
    public void close() {
        classifier.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Bayesian likelihood-ratio classifier log r(x) = log p(%s)/p(%s): %s", numerator, denominator, classifier);
    }

    @Override
    public String toHtml() {
        return "<div><b>Bayesian likelihood ratio</b> log p(" + HtmlRenderable.escape(numerator) + ") / p(" + HtmlRenderable.escape(denominator)
                + ")" + classifier.toHtml() + "</div>";
    }
}
