package org.hepml.engine.sbi;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.StoppedEarly;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.ModelFile;
import org.hepml.engine.nn.TrainingSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parametrized likelihood-ratio estimator r_hat(x | theta0) = p(x|theta0) / p(x|theta1) with theta0 among
 * the network's inputs and a fixed reference theta1 (Cranmer, Pavez, Louppe; MadMiner's convention), trained
 * with one of the {@link Method}s on ratio-training samples (theta.* = theta0, labels y, and for the
 * augmented methods the joint ratio r_xz and joint score t_xz.*). An ensemble averages log r_hat over
 * members trained with different seeds and reports their spread.
 *
 * <p>Normalisation. The true ratio obeys E_theta1[r(x | theta0)] = 1 for every theta0. A network's error has a
 * part that depends on theta0 only, an offset c(theta0) in log r_hat; it hardly shows in the per-event error,
 * but a likelihood scan sums log r_hat over N events, so the offset enters log L as N c(theta0) and moves the
 * maximum far more than the statistical error allows (on the Galton board, 10k training events, the plain
 * classifier's MLE from 200 events was 4 sigma off for this reason). The estimator therefore keeps the
 * training events from theta1 (up to {@value #MAX_REFERENCE}, with their weights) and returns
 * log r_hat(x | theta0) - log sum_j w_j r_hat(x_j | theta0) / sum_j w_j, which restores the sum rule exactly on
 * that sample. The sample's own fluctuation shifts an N-event MLE by about sqrt(N / M) of its error.
 */
public final class RatioEstimator implements LogRatio, HtmlRenderable, AutoCloseable, StoppedEarly {
    /** The most reference (theta1) events kept for the normalisation. */
    static final int MAX_REFERENCE = 100_000;

    private final Method method;
    private final double alpha;
    private final List<String> observables;
    private final List<String> parameters;
    private final List<Mlp> members;
    private final List<TrainingHistory> histories;
    private final String trainedOn;
    /** The theta0 range of the training events, {@code [parameter][min, max]}; null for a model file that predates it. */
    private final double[][] trainingRange;
    /** Reference (theta1) events, or null: no normalisation. */
    private final Reference reference;
    /** How the networks were trained; null for a model file that predates the saved settings. */
    private final EstimatorOptions options;
    /** log E_theta1[r_hat(. | theta0)] per member, by theta0: a scan asks for the same points again. */
    private final Map<List<Double>, double[]> logNormalisers = new ConcurrentHashMap<>();

    private RatioEstimator(Method method, double alpha, List<String> observables, List<String> parameters, List<Mlp> members,
                           List<TrainingHistory> histories, String trainedOn, double[][] trainingRange, Reference reference,
                           EstimatorOptions options) {
        this.reference = reference;
        this.options = options;
        this.trainingRange = trainingRange;
        this.method = method;
        this.alpha = alpha;
        this.observables = observables;
        this.parameters = parameters;
        this.members = members;
        this.histories = histories;
        this.trainedOn = trainedOn;
    }

    /** Trains on a ratio-training dataset; checks first that it has what the method needs. */
    public static RatioEstimator train(Dataset data, Method method, double alpha, EstimatorOptions opts) {
        return train(data, method, alpha, opts, TaskRunner.LOCAL);
    }

    /**
     * {@link #train(Dataset, Method, double, EstimatorOptions)} with the ensemble members trained where {@code runner}
     * says: {@link TaskRunner#LOCAL} fused here, any other runner one task per member (see {@link EstimatorOptions}).
     */
    public static RatioEstimator train(Dataset data, Method method, double alpha, EstimatorOptions opts, TaskRunner runner) {
        List<String> obs = data.columns(ColumnRole.OBSERVABLE), thetas = data.columns(ColumnRole.PARAMETER);
        if (obs.isEmpty()) throw new HepmlException("Dataset '" + data.name() + "' has no observables (x.* columns) to learn from.");
        if (thetas.isEmpty()) {
            throw new HepmlException("Dataset '" + data.name() + "' has no parameter columns (theta.*): a parametrized ratio"
                    + " estimator needs theta0 per event. Simulate with --theta and --reference.");
        }
        List<String> params = thetas.stream().map(c -> c.substring("theta.".length())).toList();
        List<String> missing = new ArrayList<>();
        if (!data.has("y")) missing.add("y");
        if (method.needsJointRatio && !data.has("r_xz")) missing.add("r_xz");
        if (method.needsJointScore) for (String p : params) if (!data.has("t_xz." + p)) missing.add("t_xz." + p);
        if (!missing.isEmpty()) {
            throw new HepmlException("Method " + method.label() + " needs the column(s) " + String.join(", ", missing) + ", which dataset '"
                    + data.name() + "' lacks. " + (missing.contains("y")
                    ? "Make ratio-training samples with --reference THETA1 (labels y: 0 from theta0, 1 from theta1)"
                    : "Simulate with --augment (joint ratio r_xz and joint score t_xz.*), or for LHE files take r_xz from two weight columns")
                    + (missing.size() == 1 && missing.contains("y") ? "." : "; or choose a method that needs neither, such as carl."));
        }
        float[][] x = inputs(data, obs, thetas);
        TrainingData td = new TrainingData(x, toFloat(data.weights())).target("y", toFloat(data.column("y")));
        if (method.needsJointRatio) td.target("r_xz", toFloat(data.column("r_xz")));
        if (method.needsJointScore) {
            float[][] t = new float[data.size()][params.size()];
            for (int j = 0; j < params.size(); j++) {
                double[] c = data.column("t_xz." + params.get(j));
                for (int i = 0; i < c.length; i++) t[i][j] = (float) c[i];
            }
            td.target("t_xz", t);
        }
        int[] thetaInputs = new int[params.size()];
        for (int j = 0; j < thetaInputs.length; j++) thetaInputs[j] = obs.size() + j;
        TrainingSettings settings = opts.training();
        EstimatorOptions.Trained trained = opts.train(runner, seed -> Mlp.builder().of(settings).seed(seed).build(x), td,
                () -> method.loss(alpha), "Training " + method.label(), method.needsJointScore ? thetaInputs : null);
        List<Mlp> members = new ArrayList<>(trained.members());
        List<TrainingHistory> histories = trained.histories();
        return new RatioEstimator(method, alpha, obs, params, members, histories, data.name(), range(data, thetas),
                opts.normalize() ? referenceSample(data, obs) : null, opts);
    }

    /** Smallest and largest value of each theta column: where the network has seen theta0. */
    static double[][] range(Dataset data, List<String> thetas) {
        double[][] r = new double[thetas.size()][];
        for (int j = 0; j < r.length; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : data.column(thetas.get(j))) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            r[j] = new double[]{lo, hi};
        }
        return r;
    }

    /**
     * Observables ({@code [event][observable]}) and weights of the reference events, both at float precision as
     * the networks and the model file see them.
     */
    record Reference(double[][] events, double[] weights) implements java.io.Serializable {
        /** As the model file stores it: the events, then one row of weights. */
        float[][][] tables() {
            float[][] x = new float[events.length][];
            for (int i = 0; i < x.length; i++) x[i] = toFloat(events[i]);
            return new float[][][]{x, {toFloat(weights)}};
        }

        static Reference of(float[][] events, float[] weights) {
            double[][] x = new double[events.length][];
            for (int i = 0; i < x.length; i++) x[i] = toDouble(events[i]);
            return new Reference(x, toDouble(weights));
        }

        private static double[] toDouble(float[] v) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) d[i] = v[i];
            return d;
        }
    }

    /**
     * The events labelled y = 1 (drawn at theta1) with their weights, thinned evenly to at most
     * {@link #MAX_REFERENCE}. Null when their weights do not sum to a positive number.
     */
    static Reference referenceSample(Dataset data, List<String> obs) {
        double[] y = data.column("y"), w = data.weights();
        int count = 0;
        for (double v : y) if (v == 1) count++;
        if (count == 0) return null;
        int stride = (count + MAX_REFERENCE - 1) / MAX_REFERENCE;
        List<double[]> cols = new ArrayList<>();
        for (String c : obs) cols.add(data.column(c));
        int kept = (count + stride - 1) / stride;
        float[][] x = new float[kept][obs.size()];
        float[] weights = new float[kept];
        double sum = 0;
        int seen = 0, k = 0;
        for (int i = 0; i < y.length && k < kept; i++) {
            if (y[i] != 1) continue;
            if (seen++ % stride != 0) continue;
            for (int j = 0; j < obs.size(); j++) x[k][j] = (float) cols.get(j)[i];
            weights[k++] = (float) w[i];
            sum += w[i];
        }
        return sum > 0 ? Reference.of(x, weights) : null;
    }

    static float[][] inputs(Dataset data, List<String> obs, List<String> thetas) {
        List<double[]> cols = new ArrayList<>();
        for (String c : obs) cols.add(data.column(c));
        for (String c : thetas) cols.add(data.column(c));
        float[][] x = new float[data.size()][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            double[] c = cols.get(j);
            for (int i = 0; i < c.length; i++) x[i][j] = (float) c[i];
        }
        return x;
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    public Method method() {
        return method;
    }

    public List<TrainingHistory> histories() {
        return histories;
    }

    @Override
    public double[][] trainingRange() {
        return trainingRange == null ? null : Arrays.stream(trainingRange).map(double[]::clone).toArray(double[][]::new);
    }

    public boolean interrupted() {
        return histories.stream().anyMatch(TrainingHistory::interrupted)
                || options != null && !histories.isEmpty() && histories.size() < options.ensemble();
    }

    @Override
    public boolean stoppedEarly() {
        return interrupted();
    }

    @Override
    public String whatWasKept() {
        if (histories.isEmpty()) return "the networks read from the file";
        TrainingHistory last = histories.get(histories.size() - 1);
        int planned = options != null ? options.ensemble() : members.size();
        if (planned <= 1) return last.keptPhrase();
        return members.size() + " of the " + planned + " ensemble members"
                + (last.interrupted() ? " (member " + members.size() + ": " + last.keptPhrase() + ")" : "");
    }

    @Override
    public List<String> parameters() {
        return parameters;
    }

    /** The observable columns, named as in the dataset (x.*). */
    @Override
    public List<String> observables() {
        return observables;
    }

    /** The networks' raw output as a {@link LogRatio}, without the normalisation: to see what it changes. */
    public LogRatio unnormalised() {
        RatioEstimator self = this;
        return new LogRatio() {
            @Override
            public List<String> parameters() {
                return self.parameters();
            }

            @Override
            public List<String> observables() {
                return self.observables();
            }

            @Override
            public double[][] trainingRange() {
                return self.trainingRange();
            }

            @Override
            public double[] logRatio(double[][] x, double[] theta) {
                return mean(rawMemberLogRatios(x, theta));
            }
        };
    }

    /** Whether log r_hat is normalised on a reference sample (see the class comment). */
    public boolean normalised() {
        return reference != null;
    }

    /** log r_hat per member, normalised where the estimator has a reference sample: {@code [member][event]}. */
    public double[][] memberLogRatios(double[][] x, double[] theta) {
        double[][] out = rawMemberLogRatios(x, theta);
        if (reference == null) return out;
        double[] logZ = logNormalisers(theta);
        for (int m = 0; m < out.length; m++) for (int i = 0; i < out[m].length; i++) out[m][i] -= logZ[m];
        return out;
    }

    /** log of the weighted mean of r_hat over the reference events, per member (a stable log-sum-exp). */
    private double[] logNormalisers(double[] theta) {
        List<Double> key = Arrays.stream(theta).boxed().toList();
        double[] cached = logNormalisers.get(key);
        if (cached != null) return cached;
        double[][] lr = rawMemberLogRatios(reference.events(), theta);
        double[] weights = reference.weights();
        double[] logZ = new double[lr.length];
        for (int m = 0; m < lr.length; m++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0, wsum = 0;
            for (double v : lr[m]) max = Math.max(max, v);
            for (int i = 0; i < lr[m].length; i++) {
                sum += weights[i] * Math.exp(lr[m][i] - max);
                wsum += weights[i];
            }
            // a weighted sum can be non-positive with negative weights; then leave this member as it is
            logZ[m] = sum > 0 ? max + Math.log(sum / wsum) : 0;
        }
        if (logNormalisers.size() > 100_000) logNormalisers.clear();
        logNormalisers.put(key, logZ);
        return logZ;
    }

    /** The networks' log r_hat per member, without normalisation: {@code [member][event]}. */
    public double[][] rawMemberLogRatios(double[][] x, double[] theta) {
        double[][] out = new double[members.size()][x.length];
        int nx = observables.size(), d = nx + parameters.size();
        // each event's input is (x, theta)
        ChunkedEvaluation.Row row = (i, flat, o) -> {
            for (int j = 0; j < nx; j++) flat[o + j] = (float) x[i][j];
            for (int j = 0; j < parameters.size(); j++) flat[o + nx + j] = (float) theta[j];
        };
        ChunkedEvaluation.forEachChunk(x.length, d, ChunkedEvaluation.CHUNK, row, (from, to, flat) -> {
            for (int m = 0; m < members.size(); m++) {
                float[] r = ChunkedEvaluation.forward(members.get(m), flat, to - from, d);
                for (int i = from; i < to; i++) out[m][i] = r[i - from];
            }
        });
        return out;
    }

    @Override
    public double[] logRatio(double[][] x, double[] theta) {
        return mean(memberLogRatios(x, theta));
    }

    private static double[] mean(double[][] perMember) {
        double[] mean = new double[perMember[0].length];
        for (double[] m : perMember) for (int i = 0; i < mean.length; i++) mean[i] += m[i] / perMember.length;
        return mean;
    }

    /** Saves the networks and what they mean to one file, atomically. */
    public Path save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "ratio");
        meta.put("method", method.name());
        meta.put("alpha", Double.toString(alpha));
        meta.put("observables", String.join(",", observables));
        meta.put("parameters", String.join(",", parameters));
        meta.put("trained_on", trainedOn);
        if (trainingRange != null) {
            meta.put("theta_range", String.join(",", Arrays.stream(trainingRange).map(r -> r[0] + ":" + r[1]).toList()));
        }
        if (options != null) {
            meta.putAll(options.training().metadata());
            meta.put("ensemble", Integer.toString(options.ensemble()));
            meta.put("normalize", Boolean.toString(options.normalize()));
        }
        Map<String, float[][]> tables = new LinkedHashMap<>();
        if (reference != null) {
            float[][][] t = reference.tables();
            tables.put("reference", t[0]);
            tables.put("reference_weights", t[1]);
        }
        return ModelFile.write(file, meta, members, tables);
    }

    /**
     * The estimator as it travels to a task on another machine: its model file's bytes, and the reference sample in
     * double precision (the file keeps it in float, which would move the normalisation by a rounding).
     */
    record Shipped(byte[] model, Reference reference) implements java.io.Serializable {
        /** The estimator again, evaluating exactly as the one shipped. */
        RatioEstimator open() {
            try {
                Path file = java.nio.file.Files.createTempFile("hepml-ratio-", ".hepml");
                try {
                    java.nio.file.Files.write(file, model);
                    RatioEstimator r = load(file);
                    return new RatioEstimator(r.method, r.alpha, r.observables, r.parameters, r.members, r.histories, r.trainedOn,
                            r.trainingRange, reference, r.options);
                } finally {
                    java.nio.file.Files.deleteIfExists(file);
                }
            } catch (java.io.IOException e) {
                throw new HepmlException("Could not read the estimator back from a temporary file: " + org.hepml.engine.IoProblems.why(e) + ".", e);
            }
        }
    }

    /** This estimator as {@link Shipped}. */
    Shipped ship() {
        try {
            Path file = java.nio.file.Files.createTempFile("hepml-ratio-", ".hepml");
            try {
                save(file);
                return new Shipped(java.nio.file.Files.readAllBytes(file), reference);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new HepmlException("Could not write the estimator to a temporary file: " + org.hepml.engine.IoProblems.why(e) + ".", e);
        }
    }

    /** Loads an estimator saved with {@link #save}. */
    public static RatioEstimator load(Path file) {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, String> m = c.metadata();
        if (!"ratio".equals(m.get("kind"))) {
            c.networks().forEach(Mlp::close);
            throw new HepmlException(file + " holds a " + m.get("kind") + " model, not a likelihood-ratio estimator.");
        }
        float[][] ref = c.tables().get("reference"), refWeights = c.tables().get("reference_weights");
        if ((ref == null) != (refWeights == null) || ref != null && refWeights[0].length != ref.length) {
            c.networks().forEach(Mlp::close);
            throw new HepmlException(file + " has a damaged reference sample (events and weights do not match).");
        }
        return new RatioEstimator(Method.valueOf(m.get("method")), Double.parseDouble(m.get("alpha")),
                List.of(m.get("observables").split(",")), List.of(m.get("parameters").split(",")), c.networks(), List.of(),
                m.get("trained_on"), m.containsKey("theta_range") ? parseRange(m.get("theta_range")) : null,
                ref == null ? null : Reference.of(ref, refWeights[0]), savedOptions(m));
    }

    /** The options saved with a model, or null for a file written before they were saved. */
    static EstimatorOptions savedOptions(Map<String, String> m) {
        return TrainingSettings.fromMetadata(m).map(t -> new EstimatorOptions(t,
                Integer.parseInt(m.getOrDefault("ensemble", "1")), Boolean.parseBoolean(m.getOrDefault("normalize", "true")))).orElse(null);
    }

    /** How the networks were trained (settings, seed, ensemble); empty for a model loaded from a file that predates them. */
    public Optional<EstimatorOptions> options() {
        return Optional.ofNullable(options);
    }

    private static double[][] parseRange(String s) {
        return Arrays.stream(s.split(",")).map(r -> r.split(":"))
                .map(r -> new double[]{Double.parseDouble(r[0]), Double.parseDouble(r[1])}).toArray(double[][]::new);
    }

    @Override
    public void close() {
        members.forEach(Mlp::close);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Likelihood-ratio estimator (%s%s) on %s, parameters %s, observables %s, %d member(s): %s",
                method.label(), method.needsJointScore ? ", alpha " + alpha : "", trainedOn, parameters, observables,
                members.size(), histories.isEmpty() ? "loaded from a file" : histories.get(histories.size() - 1))
                + (reference != null ? String.format(Locale.ROOT, "; normalised on %d reference events", reference.events().length) : "");
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div><b>Likelihood-ratio estimator</b> (").append(method.label()).append(") on <code>")
                .append(HtmlRenderable.escape(trainedOn)).append("</code>: ").append(members.size()).append(" network(s) ")
                .append(HtmlRenderable.escape(members.get(0).toString()));
        if (reference != null) b.append(", normalised on ").append(reference.events().length).append(" reference events");
        if (interrupted()) b.append(" <span style='color:#c60'>(interrupted; best state kept)</span>");
        if (!histories.isEmpty()) b.append(histories.get(histories.size() - 1).toHtml());
        return b.append("</div>").toString();
    }
}
