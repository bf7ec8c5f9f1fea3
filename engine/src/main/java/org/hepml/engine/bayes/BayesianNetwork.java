package org.hepml.engine.bayes;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.nn.Scalars;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Devices;
import org.hepml.engine.nn.Trainable;
import ai.djl.Device;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.ModelFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * A multilayer perceptron of {@link BayesianDense} layers with input standardisation, trained through the
 * common {@link org.hepml.engine.nn.Trainer}: its forward pass draws weights (per event or per batch, see
 * {@link WeightSampling}) and {@link #kl} is the divergence term of the variational loss. For prediction,
 * {@link #sampleOutputs} evaluates whole-network weight draws.
 */
public final class BayesianNetwork implements Trainable, AutoCloseable {
    private static final int CHUNK = 1 << 15;

    private final int inputs, outputs;
    private final int[] hidden;
    private final Activation activation;
    private final float[] mean, std;
    private final GaussianPrior prior;
    private final NDManager manager;
    private final List<BayesianDense> layers = new ArrayList<>();
    private WeightSampling sampling = WeightSampling.PER_EVENT;
    private SplittableRandom trainingNoise;

    BayesianNetwork(int inputs, int[] hidden, int outputs, Activation activation, float[] mean, float[] std,
                    GaussianPrior prior, double initialSigma, long seed, Device device) {
        this.inputs = inputs;
        this.hidden = hidden.clone();
        this.outputs = outputs;
        this.activation = activation;
        this.mean = mean.clone();
        this.std = std.clone();
        this.prior = prior;
        this.manager = NDManager.newBaseManager(device);
        SplittableRandom rng = new SplittableRandom(seed);
        int in = inputs;
        for (int l = 0; l <= hidden.length; l++) {
            int out = l < hidden.length ? hidden[l] : outputs;
            layers.add(new BayesianDense(in, out, initialSigma, rng, manager));
            in = out;
        }
        trainingNoise = rng.split();
    }

    /** A network whose inputs are standardised with the mean and std of {@code x} ([event][input]). */
    static BayesianNetwork build(float[][] x, int[] hidden, int outputs, Activation activation, GaussianPrior prior,
                                 double initialSigma, long seed, Device device) {
        float[][] ms = Mlp.standardisation(x);
        return new BayesianNetwork(x[0].length, hidden, outputs, activation, ms[0], ms[1], prior, initialSigma, seed, device);
    }

    /**
     * Writes the network (architecture, standardisation, prior, posterior means and widths) and the caller's
     * metadata to one model file, atomically.
     */
    Path save(Path file, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("bnn.inputs", Integer.toString(inputs));
        meta.put("bnn.hidden", join(hidden));
        meta.put("bnn.outputs", Integer.toString(outputs));
        meta.put("bnn.activation", activation.name());
        meta.put("bnn.prior_width", Double.toString(prior.width()));
        meta.put("bnn.sampling", sampling.name());
        Map<String, float[][]> tables = new LinkedHashMap<>();
        tables.put("standardisation", new float[][]{mean, std});
        float[][] state = snapshot();
        for (int k = 0; k < state.length; k++) tables.put("param" + k, new float[][]{state[k]});
        return ModelFile.write(file, meta, List.of(), tables);
    }

    /**
     * Reads a file written by {@link #save}, refusing one of another kind, and hands the network and its metadata to
     * {@code wrap} (the regression or classifier around it); the network is closed if anything fails.
     */
    static <T> T load(Path file, String kind, String what,
                      BiFunction<Map<String, String>, BayesianNetwork, T> wrap) {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, String> m = c.metadata();
        c.networks().forEach(Mlp::close);
        if (!kind.equals(m.get("kind"))) throw new HepmlException(file + " holds a " + m.get("kind") + " model, not " + what + ".");
        BayesianNetwork net = null;
        try {
            float[][] standardisation = c.tables().get("standardisation");
            int[] hidden = Arrays.stream(m.get("bnn.hidden").split(",")).filter(v -> !v.isEmpty()).mapToInt(Integer::parseInt).toArray();
            net = new BayesianNetwork(Integer.parseInt(m.get("bnn.inputs")), hidden, Integer.parseInt(m.get("bnn.outputs")),
                    Activation.valueOf(m.get("bnn.activation")), standardisation[0], standardisation[1],
                    new GaussianPrior(Double.parseDouble(m.get("bnn.prior_width"))), 0.01, 0, Devices.current().device());
            net.sampling(WeightSampling.valueOf(m.get("bnn.sampling")));
            float[][] state = new float[net.parameters().size()][];
            for (int k = 0; k < state.length; k++) {
                float[][] t = c.tables().get("param" + k);
                if (t == null) throw new HepmlException(file + " lacks parameter array " + k + " of the network.");
                state[k] = t[0];
            }
            net.restore(state);
            return wrap.apply(m, net);
        } catch (RuntimeException e) {
            if (net != null) net.close();
            if (e instanceof HepmlException) throw e;
            throw new HepmlException(file + " has a damaged manifest (" + e + ").", e);
        }
    }

    private static String join(int[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Integer::toString).toList());
    }

    @Override
    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public GaussianPrior prior() {
        return prior;
    }

    public WeightSampling sampling() {
        return sampling;
    }

    /** How training draws weights; the draws come from a generator seeded with the network. */
    public BayesianNetwork sampling(WeightSampling mode) {
        this.sampling = mode;
        return this;
    }

    /** Restarts the training-time noise from a seed, so a training is reproducible. */
    void reseedTrainingNoise(long seed) {
        trainingNoise = new SplittableRandom(seed);
    }

    /** The number of weights and biases (each has a mean and a width). */
    public int weightCount() {
        int n = 0;
        for (BayesianDense l : layers) n += l.in * l.out + l.out;
        return n;
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (BayesianDense l : layers) out.addAll(l.parameters());
        return out;
    }

    private NDArray standardise(NDArray x) {
        NDManager m = x.getManager();
        return x.sub(m.create(mean)).div(m.create(std));
    }

    /**
     * One stochastic pass with freshly drawn weights, as training uses it. The KL term is computed alongside
     * from the same widths (they are computed once per batch) and handed to the loss by {@link #takeKl}.
     */
    @Override
    public NDArray forward(NDArray x) {
        NDManager m = x.getManager();
        NDArray h = standardise(x);
        NDArray kl = null;
        for (int l = 0; l < layers.size(); l++) {
            BayesianDense.Posterior q = layers.get(l).posterior(m);
            NDArray a = BayesianDense.forward(q, h, sampling, trainingNoise);
            h = l < hidden.length ? apply(a) : a;
            NDArray k = BayesianDense.kl(m, q, prior);
            kl = kl == null ? k : kl.add(k);
        }
        pendingKl = kl;
        return h;
    }

    private NDArray pendingKl;

    /** The KL term of the last {@link #forward} pass (owned by that pass's manager), once. */
    NDArray takeKl() {
        NDArray k = pendingKl;
        pendingKl = null;
        if (k == null) throw new IllegalStateException("takeKl() without a forward pass");
        return k;
    }

    private NDArray apply(NDArray a) {
        return activation.apply(a);
    }

    /** KL(q||p) summed over every weight and bias, a differentiable scalar owned by {@code m}. */
    public NDArray kl(NDManager m) {
        NDArray total = null;
        for (BayesianDense l : layers) {
            NDArray k = BayesianDense.kl(m, l.posterior(m), prior);
            total = total == null ? k : total.add(k);
        }
        return total;
    }

    /** The KL term as a number. */
    public double kl() {
        JniUtils.setGradMode(false);
        try (NDManager m = manager.newSubManager()) {
            return kl(m).getFloat();
        }
    }

    /**
     * Outputs of {@code draws} whole-network weight draws (or, with {@code draws = 0}, of the posterior means)
     * for the inputs {@code x} [event][input]: {@code [draw][event][output]}. Draws come from a generator
     * seeded with {@code seed}, so the same seed gives the same numbers.
     */
    public float[][][] sampleOutputs(double[][] x, int draws, long seed) {
        if (x.length == 0) return new float[Math.max(draws, 1)][0][outputs];
        for (double[] row : x) {
            if (row.length != inputs) throw new HepmlException("The network takes " + inputs + " inputs, an event has " + row.length + ".");
        }
        JniUtils.setGradMode(false); // inference on a kernel thread: no graph
        SplittableRandom rng = new SplittableRandom(seed);
        int k = Math.max(draws, 1);
        float[][][] out = new float[k][x.length][outputs];
        try (NDManager m = manager.newSubManager()) {
            for (int s = 0; s < k; s++) {
                try (NDManager dm = m.newSubManager()) {
                    List<NDArray[]> weights = new ArrayList<>();
                    for (BayesianDense l : layers) weights.add(draws == 0 ? l.means(dm) : l.draw(dm, rng));
                    float[][] drawn = out[s];
                    ChunkedEvaluation.forEachChunk(x.length, inputs, CHUNK, ChunkedEvaluation.rows(x, inputs), (from, to, flat) -> {
                        try (NDManager cm = dm.newSubManager()) {
                            NDArray h = standardise(cm.create(flat, new Shape(to - from, inputs)));
                            for (int l = 0; l < layers.size(); l++) {
                                NDArray a = h.matMul(weights.get(l)[0]).add(weights.get(l)[1]);
                                h = l < hidden.length ? apply(a) : a;
                            }
                            float[] r = h.toFloatArray();
                            for (int i = from; i < to; i++) System.arraycopy(r, (i - from) * outputs, drawn[i], 0, outputs);
                        }
                    });
                }
            }
        }
        return out;
    }

    /** The posterior widths of every weight (not the biases), for summaries and tests. */
    public float[] weightSigmas() {
        JniUtils.setGradMode(false);
        List<Float> all = new ArrayList<>();
        for (BayesianDense l : layers) for (float s : l.weightSigmas()) all.add(s);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "Bayesian MLP " + inputs + "-" + Arrays.toString(hidden).replaceAll("[\\[\\] ]", "").replace(',', '-') + "-" + outputs
                + " " + activation.name().toLowerCase() + ", prior N(0, " + prior.width() + "^2), "
                + sampling.name().toLowerCase().replace('_', '-') + " weights";
    }
}
