package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.StoppedEarly;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Bayesian binary classifier with a sigmoid output (Bollweg et al., SciPost Phys. 8, 006 (2020)): the
 * Bernoulli likelihood (binary cross entropy on the logit) plus KL / N_train. Prediction draws whole networks
 * and reports mu_pred and sigma_pred of the sigmoid output ({@link ClassifierPrediction}); for a logit of
 * small spread sigma_l, sigma_pred ~ sigma_l mu (1 - mu), vanishing at 0 and 1 and widest at 0.5.
 */
public final class BnnClassifier implements HtmlRenderable, AutoCloseable, StoppedEarly {
    private final BayesianNetwork net;
    private final List<String> inputs;
    private final String label;
    private final BnnOptions options;
    private final TrainingHistory history;
    private final String trainedOn;
    private final int trainingSize;

    BnnClassifier(BayesianNetwork net, List<String> inputs, String label, BnnOptions options, TrainingHistory history, String trainedOn,
                  int trainingSize) {
        this.net = net;
        this.inputs = inputs;
        this.label = label;
        this.options = options;
        this.history = history;
        this.trainedOn = trainedOn;
        this.trainingSize = trainingSize;
    }

    /** The Bernoulli log-likelihood per event: weighted binary cross entropy on the logit. */
    static Loss bernoulliLikelihood() {
        return Losses.bce();
    }

    /** Trains on a dataset whose column {@code label} holds 0 or 1; inputs null or empty: every x.* column. */
    public static BnnClassifier train(Dataset data, String label, List<String> inputs, BnnOptions options) {
        List<String> cols = DatasetColumns.inputs(data, inputs);
        double[] y = data.column(label);
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new HepmlException("Column '" + label + "' of '" + data.name() + "' must hold 0 or 1 labels; event " + i + " has " + y[i] + ".");
            }
        }
        return train(DatasetColumns.rows(data, cols), y, data.weights(), cols, label, data.name(), options);
    }

    public static BnnClassifier train(Dataset data, BnnOptions options) {
        return train(data, "y", null, options);
    }

    static BnnClassifier train(double[][] x, double[] y, double[] weights, List<String> cols, String label, String trainedOn, BnnOptions options) {
        float[][] xf = DatasetColumns.toFloat(x);
        float[] yf = new float[y.length];
        for (int i = 0; i < y.length; i++) yf[i] = (float) y[i];
        TrainingData td = new TrainingData(xf, DatasetColumns.unitMeanWeights(weights)).target("y", yf);
        return options.train(td, 1, bernoulliLikelihood(), "Training BNN classifier on " + trainedOn,
                (net, h) -> new BnnClassifier(net, List.copyOf(cols), label, options, h, trainedOn, x.length));
    }

    public List<String> inputs() {
        return inputs;
    }

    public TrainingHistory history() {
        return history;
    }

    @Override
    public boolean stoppedEarly() {
        return history != null && history.interrupted();
    }

    @Override
    public String whatWasKept() {
        return history == null ? "the network read from the file" : history.keptPhrase();
    }

    public BayesianNetwork network() {
        return net;
    }

    public BnnOptions options() {
        return options;
    }

    /** The logit of every weight draw: {@code [draw][event]}. */
    public double[][] logitDraws(double[][] x, int draws, long seed) {
        float[][][] raw = net.sampleOutputs(x, draws, seed);
        double[][] out = new double[raw.length][x.length];
        for (int k = 0; k < raw.length; k++) for (int i = 0; i < x.length; i++) out[k][i] = raw[k][i][0];
        return out;
    }

    public ClassifierPrediction predict(double[][] x) {
        return predict(x, null);
    }

    /** Predicts on a dataset with the same inputs; its label column, if present, is kept for the reliability curve. */
    public ClassifierPrediction predict(Dataset data) {
        for (String c : inputs) {
            if (!data.has(c)) throw new HepmlException("Dataset '" + data.name() + "' lacks the input column '" + c + "' the network was trained on.");
        }
        return predict(DatasetColumns.rows(data, inputs), data.has(label) ? data.column(label) : null);
    }

    ClassifierPrediction predict(double[][] x, double[] labels) {
        return ClassifierPrediction.fromLogitDraws(logitDraws(x, options.samples(), options.seed() + 7919), labels);
    }

    /** Saves the network and what it classifies to one file, atomically. */
    public Path save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "bnn-classifier");
        meta.put("inputs", String.join(",", inputs));
        meta.put("label", label);
        options.saveForPrediction(meta);
        meta.put("trained_on", trainedOn);
        meta.put("training_size", Integer.toString(trainingSize));
        return net.save(file, meta);
    }

    /** Loads a classifier saved with {@link #save}. */
    public static BnnClassifier load(Path file) {
        return BayesianNetwork.load(file, "bnn-classifier", "a Bayesian classifier", (m, net) -> new BnnClassifier(net,
                List.of(m.get("inputs").split(",")), m.get("label"), BnnOptions.forPrediction(m, net.prior(), net.sampling()), null, m.get("trained_on"),
                Integer.parseInt(m.get("training_size"))));
    }

    @Override
    public void close() {
        net.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BNN classifier on %s (%d events, inputs %s): %s; %s", trainedOn, trainingSize, inputs, net,
                history == null ? "loaded from a file" : history);
    }

    @Override
    public String toHtml() {
        return "<div><b>Bayesian classifier</b> on <code>" + HtmlRenderable.escape(trainedOn) + "</code> (" + trainingSize + " events, inputs "
                + HtmlRenderable.escape(inputs.toString()) + "): " + HtmlRenderable.escape(net.toString()) + ", " + options.samples()
                + " weight draws per prediction"
                + (history == null ? " (loaded from a file)" : (history.interrupted()
                ? " <span style='color:#c60'>(interrupted; best state kept)</span>" : "") + history.toHtml()) + "</div>";
    }
}
