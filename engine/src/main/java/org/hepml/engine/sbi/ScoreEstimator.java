package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.StoppedEarly;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.ModelFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SALLY (Brehmer et al., PRD 98 (2018) 052004; PNAS 2020): a network x -> t_hat(x), regressed on the joint
 * score t_xz at a reference point with squared error, converges to the local score t(x | theta_ref), the
 * optimal observables near theta_ref. Its second moment is the Fisher information,
 * I_ij = sum_k w_k t_i(x_k) t_j(x_k) / sum_k w_k per event, for events at theta_ref (docs/REFERENCE.md section 2).
 * An ensemble ({@code --ensemble K}) averages t_hat over K networks trained with different seeds.
 */
public final class ScoreEstimator implements Score, HtmlRenderable, AutoCloseable, StoppedEarly {
    private final List<String> observables;
    private final List<String> parameters;
    private final List<Mlp> members;
    /** One per member; empty for a model loaded from a file. */
    private final List<TrainingHistory> histories;
    private final String trainedOn;
    /** How the network was trained; null for a model file that predates the saved settings. */
    private final EstimatorOptions options;

    private ScoreEstimator(List<String> observables, List<String> parameters, List<Mlp> members, List<TrainingHistory> histories,
                           String trainedOn, EstimatorOptions options) {
        this.options = options;
        this.observables = observables;
        this.parameters = parameters;
        this.members = List.copyOf(members);
        this.histories = List.copyOf(histories);
        this.trainedOn = trainedOn;
    }

    /** Trains on events simulated at the reference point with their joint score ({@code --augment}, no {@code --reference}). */
    public static ScoreEstimator train(Dataset data, EstimatorOptions opts) {
        return train(data, opts, TaskRunner.LOCAL);
    }

    /** {@link #train(Dataset, EstimatorOptions)} with the members trained where {@code runner} says (see {@link EstimatorOptions}). */
    public static ScoreEstimator train(Dataset data, EstimatorOptions opts, TaskRunner runner) {
        List<String> obs = data.columns(ColumnRole.OBSERVABLE);
        List<String> scores = data.columns(ColumnRole.JOINT_SCORE);
        if (obs.isEmpty()) throw new HepmlException("Dataset '" + data.name() + "' has no observables (x.* columns) to learn from.");
        if (scores.isEmpty()) {
            throw new HepmlException("SALLY needs the joint score columns t_xz.*, which dataset '" + data.name()
                    + "' lacks. Simulate at the reference point with --augment (e.g. --theta 0.23 --augment).");
        }
        if (data.has("y")) {
            throw new HepmlException("Dataset '" + data.name() + "' is a ratio-training sample (it has labels y): half of it comes"
                    + " from another point. SALLY trains on events at the reference point only: simulate without --reference.");
        }
        float[][] x = RatioEstimator.inputs(data, obs, List.of());
        float[][] t = new float[data.size()][scores.size()];
        for (int j = 0; j < scores.size(); j++) {
            double[] c = data.column(scores.get(j));
            for (int i = 0; i < c.length; i++) t[i][j] = (float) c[i];
        }
        TrainingData td = new TrainingData(x, RatioEstimator.toFloat(data.weights())).target("y", t);
        TrainingSettings settings = opts.training();
        int outputs = scores.size();
        EstimatorOptions.Trained trained = opts.train(runner, seed -> Mlp.builder().of(settings).outputs(outputs).seed(seed).build(x), td,
                Losses::mse, "Training sally", null);
        List<String> params = scores.stream().map(c -> c.substring("t_xz.".length())).toList();
        try {
            return new ScoreEstimator(obs, params, trained.members(), trained.histories(), data.name(), opts);
        } catch (RuntimeException e) {
            trained.members().forEach(Mlp::close);
            throw e;
        }
    }

    @Override
    public List<String> parameters() {
        return parameters;
    }

    @Override
    public List<String> observables() {
        return observables;
    }

    /** The first member's training history; null for a model loaded from a file. */
    public TrainingHistory history() {
        return histories.isEmpty() ? null : histories.get(0);
    }

    /** Every member's training history; empty for a model loaded from a file. */
    public List<TrainingHistory> histories() {
        return histories;
    }

    /** How many networks the score is averaged over. */
    public int members() {
        return members.size();
    }

    @Override
    public boolean stoppedEarly() {
        return histories.stream().anyMatch(TrainingHistory::interrupted);
    }

    @Override
    public String whatWasKept() {
        return histories.isEmpty() ? "the network read from the file" : history().keptPhrase();
    }

    /** t_hat(x) for every event, averaged over the members: {@code [event][parameter]}. */
    @Override
    public double[][] score(double[][] x) {
        double[][] out = new double[x.length][parameters.size()];
        for (double[][] member : memberScores(x)) {
            for (int i = 0; i < x.length; i++) for (int j = 0; j < out[i].length; j++) out[i][j] += member[i][j] / members.size();
        }
        return out;
    }

    /** t_hat(x) of every member: {@code [member][event][parameter]}; their spread shows the training's own uncertainty. */
    public double[][][] memberScores(double[][] x) {
        double[][][] out = new double[members.size()][x.length][parameters.size()];
        int d = observables.size(), k = parameters.size();
        ChunkedEvaluation.forEachChunk(x.length, d, ChunkedEvaluation.CHUNK, ChunkedEvaluation.rows(x, d), (from, to, flat) -> {
            for (int m = 0; m < members.size(); m++) {
                float[] t = ChunkedEvaluation.forward(members.get(m), flat, to - from, d);
                for (int i = from; i < to; i++) for (int j = 0; j < k; j++) out[m][i][j] = t[(i - from) * k + j];
            }
        });
        return out;
    }

    /** The Fisher information per event, estimated on events simulated at the reference point. */
    public FisherInformation fisherInformation(Dataset atReference) {
        double[][] t = score(LikelihoodScan.observables(atReference, observables));
        double[] w = atReference.weights();
        int k = parameters.size();
        double[][] info = new double[k][k];
        double[] mean = new double[k];
        double sw = 0;
        for (int e = 0; e < t.length; e++) {
            sw += w[e];
            for (int i = 0; i < k; i++) {
                mean[i] += w[e] * t[e][i];
                for (int j = 0; j < k; j++) info[i][j] += w[e] * t[e][i] * t[e][j];
            }
        }
        for (int i = 0; i < k; i++) {
            mean[i] /= sw;
            for (int j = 0; j < k; j++) info[i][j] /= sw;
        }
        return new FisherInformation(parameters, info, mean, "sally on " + trainedOn);
    }

    /** Saves the network and what it means to one file, atomically. */
    public Path save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "score");
        meta.put("observables", String.join(",", observables));
        meta.put("parameters", String.join(",", parameters));
        meta.put("trained_on", trainedOn);
        if (options != null) {
            meta.putAll(options.training().metadata());
            meta.put("ensemble", Integer.toString(options.ensemble()));
        }
        return ModelFile.write(file, meta, members);
    }

    /** Loads an estimator saved with {@link #save}. */
    public static ScoreEstimator load(Path file) {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, String> m = c.metadata();
        if (!"score".equals(m.get("kind")) || c.networks().isEmpty()) {
            c.networks().forEach(Mlp::close);
            throw new HepmlException(file + " holds a " + m.get("kind") + " model, not a score estimator.");
        }
        // files written before score ensembles hold one network and no "ensemble" entry
        return new ScoreEstimator(List.of(m.get("observables").split(",")), List.of(m.get("parameters").split(",")), c.networks(),
                List.of(), m.get("trained_on"), RatioEstimator.savedOptions(m));
    }

    /** How the networks were trained (settings, seed, ensemble); empty for a model loaded from a file that predates them. */
    public Optional<EstimatorOptions> options() {
        return Optional.ofNullable(options);
    }

    @Override
    public void close() {
        members.forEach(Mlp::close);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Score estimator (sally) on %s, parameters %s, observables %s%s: %s", trainedOn, parameters,
                observables, members.size() > 1 ? ", " + members.size() + " members" : "", histories.isEmpty() ? "loaded from a file" : history());
    }

    @Override
    public String toHtml() {
        return "<div><b>Score estimator</b> (sally) on <code>" + HtmlRenderable.escape(trainedOn) + "</code>: "
                + (members.size() > 1 ? members.size() + " networks " : "") + HtmlRenderable.escape(members.get(0).toString())
                + (histories.isEmpty() ? " (loaded from a file)" : history().toHtml()) + "</div>";
    }
}
