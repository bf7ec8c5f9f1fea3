package org.hepml.engine.bayes;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.nn.Scalars;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.StoppedEarly;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Bayesian regression network with a heteroscedastic Gaussian likelihood (Kasieczka, Luchmann, Otterpohl,
 * Plehn, SciPost Phys. 9, 074 (2020); docs/REFERENCE.md section 5): for each input it outputs a mean mu and
 * s = log sigma^2, trained with the per-event loss (y - mu)^2 / (2 sigma^2) + s / 2 plus KL / N_train.
 * The target is standardised for training and the outputs mapped back, so the prior width is in units
 * of the target's spread. Prediction draws whole networks and splits the total sigma into its aleatoric
 * and epistemic parts ({@link RegressionPrediction}).
 */
public final class BnnRegressor implements HtmlRenderable, AutoCloseable, StoppedEarly {
    private final BayesianNetwork net;
    private final List<String> inputs;
    private final String target;
    private final double targetMean, targetStd;
    private final BnnOptions options;
    private final TrainingHistory history;
    private final String trainedOn;
    private final int trainingSize;

    private BnnRegressor(BayesianNetwork net, List<String> inputs, String target, double targetMean, double targetStd, BnnOptions options,
                         TrainingHistory history, String trainedOn, int trainingSize) {
        this.net = net;
        this.inputs = inputs;
        this.target = target;
        this.targetMean = targetMean;
        this.targetStd = targetStd;
        this.options = options;
        this.history = history;
        this.trainedOn = trainedOn;
        this.trainingSize = trainingSize;
    }

    /** The heteroscedastic Gaussian negative log-likelihood on outputs (mu, log sigma^2), per event, weighted. */
    static Loss gaussianLikelihood() {
        return (out, tangents, batch) -> {
            NDArray mu = out.get(":, 0"), s = out.get(":, 1").clip(-12f, 8f); // clipped: one wild draw must not overflow exp
            NDArray y = batch.target("y").get(":, 0");
            NDArray nll = y.sub(mu).square().mul(s.neg().exp()).add(s);
            nll = Scalars.times(nll, 0.5f);
            return nll.mul(batch.weights()).sum().div(batch.weightSum());
        };
    }

    /** Trains on a dataset: {@code inputs} (null or empty: every x.* column) predict the column {@code target}. */
    public static BnnRegressor train(Dataset data, String target, List<String> inputs, BnnOptions options) {
        List<String> cols = DatasetColumns.inputs(data, inputs);
        if (cols.contains(target)) throw new HepmlException("The target '" + target + "' is also among the inputs " + cols + ".");
        return train(DatasetColumns.rows(data, cols), data.column(target), data.weights(), cols, target, data.name(), options);
    }

    public static BnnRegressor train(Dataset data, String target, BnnOptions options) {
        return train(data, target, null, options);
    }

    /** Trains on arrays: {@code x[event][input]}, targets {@code y}, optional weights. */
    public static BnnRegressor train(double[][] x, double[] y, double[] weights, List<String> inputNames, String target, String trainedOn,
                                     BnnOptions options) {
        if (x.length != y.length) throw new HepmlException(x.length + " input rows but " + y.length + " targets.");
        if (x.length < 2) throw new HepmlException("A Bayesian regression needs at least two events, got " + x.length + ".");
        double[] ms = Calibration.meanAndStd(y);
        double scale = ms[1] > 0 ? ms[1] : 1;
        float[] ys = new float[y.length];
        for (int i = 0; i < y.length; i++) ys[i] = (float) ((y[i] - ms[0]) / scale);
        float[][] xf = DatasetColumns.toFloat(x);
        TrainingData td = new TrainingData(xf, weights == null ? null : DatasetColumns.unitMeanWeights(weights)).target("y", ys);
        return options.train(td, 2, gaussianLikelihood(), "Training BNN regression of " + target,
                (net, h) -> new BnnRegressor(net, List.copyOf(inputNames), target, ms[0], scale, options, h, trainedOn, x.length));
    }

    public List<String> inputs() {
        return inputs;
    }

    public String target() {
        return target;
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

    public int trainingSize() {
        return trainingSize;
    }

    /**
     * Per-draw outputs in the target's units: {@code [draw][event]{mu, sigma}}; the raw material of
     * {@link #predict}, for users who want the draws themselves.
     */
    public double[][][] draws(double[][] x, int draws, long seed) {
        float[][][] raw = net.sampleOutputs(x, draws, seed);
        double[][][] out = new double[raw.length][x.length][2];
        for (int k = 0; k < raw.length; k++) {
            for (int i = 0; i < x.length; i++) {
                double s = Math.max(-12, Math.min(8, raw[k][i][1])); // the clip of the training loss
                out[k][i][0] = targetMean + targetStd * raw[k][i][0];
                out[k][i][1] = targetStd * Math.exp(s / 2);
            }
        }
        return out;
    }

    /** Predicts for input rows with the configured number of weight draws. */
    public RegressionPrediction predict(double[][] x) {
        return predict(x, null);
    }

    /** Predicts on a dataset with the same input columns; its target column, if present, becomes the truth. */
    public RegressionPrediction predict(Dataset data) {
        for (String c : inputs) {
            if (!data.has(c)) throw new HepmlException("Dataset '" + data.name() + "' lacks the input column '" + c + "' the network was trained on.");
        }
        return predict(DatasetColumns.rows(data, inputs), data.has(target) ? data.column(target) : null);
    }

    RegressionPrediction predict(double[][] x, double[] truth) {
        double[][][] d = draws(x, options.samples(), options.seed() + 7919);
        int k = d.length, n = x.length;
        double[] mean = new double[n], alea = new double[n], epi = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0, s2 = 0, var = 0;
            for (double[][] draw : d) {
                s += draw[i][0];
                var += draw[i][1] * draw[i][1];
            }
            double m = s / k;
            for (double[][] draw : d) s2 += (draw[i][0] - m) * (draw[i][0] - m);
            mean[i] = m;
            alea[i] = Math.sqrt(var / k);
            epi[i] = Math.sqrt(s2 / (k - 1));
        }
        return new RegressionPrediction(x, mean, alea, epi, truth, target);
    }

    /** Saves the network and what it predicts to one file, atomically. */
    public Path save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "bnn-regression");
        meta.put("inputs", String.join(",", inputs));
        meta.put("target", target);
        meta.put("target_mean", Double.toString(targetMean));
        meta.put("target_std", Double.toString(targetStd));
        options.saveForPrediction(meta);
        meta.put("trained_on", trainedOn);
        meta.put("training_size", Integer.toString(trainingSize));
        return net.save(file, meta);
    }

    /** Loads a regression saved with {@link #save}; it predicts as the saved one did (same draws for the same seed). */
    public static BnnRegressor load(Path file) {
        return BayesianNetwork.load(file, "bnn-regression", "a Bayesian regression", (m, net) -> new BnnRegressor(net,
                List.of(m.get("inputs").split(",")), m.get("target"), Double.parseDouble(m.get("target_mean")),
                Double.parseDouble(m.get("target_std")), BnnOptions.forPrediction(m, net.prior(), net.sampling()), null, m.get("trained_on"),
                Integer.parseInt(m.get("training_size"))));
    }

    @Override
    public void close() {
        net.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BNN regression of %s on %s (%d events, inputs %s): %s; %s", target, trainedOn, trainingSize,
                inputs, net, history == null ? "loaded from a file" : history);
    }

    @Override
    public String toHtml() {
        return "<div><b>Bayesian regression</b> of <code>" + HtmlRenderable.escape(target) + "</code> on <code>"
                + HtmlRenderable.escape(trainedOn) + "</code> (" + trainingSize + " events, inputs " + HtmlRenderable.escape(inputs.toString())
                + "): " + HtmlRenderable.escape(net.toString()) + ", " + options.samples() + " weight draws per prediction"
                + (history == null ? " (loaded from a file)" : (history.interrupted()
                ? " <span style='color:#c60'>(interrupted; best state kept)</span>" : "") + history.toHtml()) + "</div>";
    }
}
