package org.hepml.engine.flows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Scalars;
import org.hepml.engine.nn.Trainable;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A conditional normalizing flow p_hat(x | c) over D continuous observables x given a context c (theta for a
 * likelihood, nothing for plain generation): a stack of rational-quadratic spline transforms ({@link
 * RationalQuadraticSpline}, Durkan et al. 2019) from the standardised observables to a standard normal z, so that
 * log p_hat(x | c) = log N(z; 0, 1) + sum_l log |det dz_l / dz_{l-1}| - sum_j log std_j (change of variables).
 * With D >= 2 each transform is a coupling layer (Dinh et al.): half the coordinates pass unchanged and, with c,
 * feed the network that sets the other half's splines; the halves alternate. With D = 1 nothing can pass
 * unchanged, so each transform's spline is set by c alone (the autoregressive flow of one coordinate); its
 * conditioner then runs once per context, not once per event. Discrete observables (integer-valued, e.g. the Galton
 * board) are dequantised, x + u with u uniform in [0, 1), for training, and their probability is read at the
 * cell's middle, P(k) ~ p_hat(k + 1/2).
 * <p>The conditioners are {@link Mlp}s (hidden layers and activation from the {@link TrainingSettings}), so the flow
 * trains through the one {@link Trainer} (weights, progress, interrupt, seeds, best epoch) and saves through
 * {@code ModelFile} like every network.
 */
public final class ConditionalFlow implements Trainable, AutoCloseable {
    /** The name of the flow's loss term, the weighted mean of -log p_hat(x | c). */
    public static final String NEGATIVE_LOG_LIKELIHOOD = "negative log-likelihood";
    /** Central-difference step for d log p_hat / d c, in units of each context's standard deviation. */
    static final double SCORE_STEP = 1e-2;
    static final double CLIP_NORM = 5;
    private static final float HALF_LOG_TWO_PI = (float) (0.5 * Math.log(2 * Math.PI));

    private final FlowShape shape;
    private final int dims, contexts;
    private final float[] xMean, xStd, cMean, cStd;
    private final boolean[] discrete;
    private final List<Mlp> conditioners;
    private final int[][] transformed, passed;

    private ConditionalFlow(FlowShape shape, int dims, int contexts, float[] xMean, float[] xStd, float[] cMean, float[] cStd,
                            boolean[] discrete, List<Mlp> conditioners) {
        this.shape = shape;
        this.dims = dims;
        this.contexts = contexts;
        this.xMean = xMean;
        this.xStd = xStd;
        this.cMean = cMean;
        this.cStd = cStd;
        this.discrete = discrete;
        this.conditioners = conditioners;
        this.transformed = new int[shape.transforms()][];
        this.passed = new int[shape.transforms()][];
        for (int l = 0; l < shape.transforms(); l++) {
            int half = dims / 2;
            int[] first = range(0, half), second = range(half, dims);
            boolean even = dims == 1 || l % 2 == 0; // D = 1: every transform acts on the one coordinate
            transformed[l] = even ? second : first;
            passed[l] = even ? first : second;
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    /**
     * A new, untrained flow for observables {@code x} ({@code [event][observable]}, dequantised where discrete) and
     * contexts {@code c} ({@code [event][context]}, rows of length 0 for none), standardised with their mean and std;
     * conditioner l is seeded with the settings' seed + l.
     */
    public static ConditionalFlow build(FlowShape shape, TrainingSettings settings, float[][] x, float[][] c, boolean[] discrete) {
        if (x.length == 0) throw new HepmlException("No events to build a flow on.");
        if (c.length != x.length) throw new HepmlException(x.length + " events but " + c.length + " context rows.");
        int d = x[0].length, k = c[0].length;
        if (d < 1) throw new HepmlException("A flow needs at least one observable.");
        if (discrete.length != d) throw new HepmlException(d + " observables but " + discrete.length + " discreteness flags.");
        float[][] xs = Mlp.standardisation(x);
        float[][] cs = k > 0 ? Mlp.standardisation(c) : new float[][]{{}, {}};
        FlowShape s = shape;
        List<Mlp> nets = new ArrayList<>();
        ConditionalFlow layout = new ConditionalFlow(s, d, k, xs[0], xs[1], cs[0], cs[1], discrete.clone(), nets);
        try {
            for (int l = 0; l < s.transforms(); l++) {
                int in = layout.passed[l].length + k;
                float[] mean = new float[Math.max(in, 1)], std = new float[Math.max(in, 1)];
                Arrays.fill(std, 1f);
                for (int j = 0; j < k; j++) {
                    mean[layout.passed[l].length + j] = cs[0][j];
                    std[layout.passed[l].length + j] = cs[1][j];
                }
                nets.add(Mlp.builder().of(settings).seed(settings.seed() + l).inputs(mean.length)
                        .outputs(layout.transformed[l].length * RationalQuadraticSpline.parameters(s.bins())).build(mean, std));
            }
        } catch (RuntimeException e) {
            nets.forEach(Mlp::close);
            throw e;
        }
        return layout;
    }

    /** The per-event loss term: the weighted mean of -log p_hat(x | c), the flow's output column 0. */
    public static Loss negativeLogLikelihood() {
        return Loss.named(NEGATIVE_LOG_LIKELIHOOD, (out, tangents, batch) -> batch.mean(Losses.column(out, 0).neg()));
    }

    /** Integer-valued columns of {@code x}: the observables to dequantise. */
    public static boolean[] discreteColumns(float[][] x) {
        boolean[] d = new boolean[x[0].length];
        Arrays.fill(d, true);
        for (float[] row : x) for (int j = 0; j < d.length; j++) if (d[j] && row[j] != Math.rint(row[j])) d[j] = false;
        return d;
    }

    /** {@code x} with u ~ uniform[0, 1) added to the discrete columns (a copy; the others unchanged). */
    public static float[][] dequantise(float[][] x, boolean[] discrete, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < discrete.length; j++) if (discrete[j]) out[i][j] += (float) rng.nextDouble();
        }
        return out;
    }

    /**
     * Trains the flow in place on {@code data}, whose inputs are the observables then the contexts of every event; with
     * {@code withScore} the network's outputs are log p_hat and d log p_hat / d c (see {@link #scoring()}).
     */
    public TrainingHistory fit(TrainingSettings settings, TrainingData data, Loss loss, String title, boolean withScore) {
        if (data.inputs() != dims + contexts) {
            throw new HepmlException("The flow reads " + dims + " observable(s) and " + contexts + " context(s), the data has " + data.inputs() + " columns.");
        }
        // gradient norm clipped at 5, as in nflows' and zuko's examples: a spline's slopes can blow up in one bad step
        return new Trainer(settings).title(title).clipNorm(CLIP_NORM).fit(withScore ? scoring() : this, data, loss);
    }

    public int dims() {
        return dims;
    }

    public int contexts() {
        return contexts;
    }

    public FlowShape shape() {
        return shape;
    }

    public boolean[] discrete() {
        return discrete.clone();
    }

    @Override
    public int inputs() {
        return dims + contexts;
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>();
        for (Mlp m : conditioners) all.addAll(m.parameters());
        return all;
    }

    /** log p_hat(x | c) as [b, 1] for raw inputs [b, D + C] (observables, then contexts). */
    @Override
    public NDArray forward(NDArray in) {
        return logDensity(in).expandDims(1);
    }

    /**
     * The flow as a network with outputs [b, 1 + C]: log p_hat(x | c) and its gradient in c, by central differences
     * of step {@value #SCORE_STEP} context standard deviations (error O(step^2), ~1e-4 relative). Each difference is a
     * function of the weights that first-order autograd differentiates: DJL's double backpropagation leaks
     * (docs/DJL-NOTES.md, gotcha 4), and forward-mode tangents through the spline's bin search would be long.
     */
    public Trainable scoring() {
        ConditionalFlow flow = this;
        return new Trainable() {
            @Override
            public int inputs() {
                return flow.inputs();
            }

            @Override
            public List<NDArray> parameters() {
                return flow.parameters();
            }

            @Override
            public NDArray forward(NDArray in) {
                NDManager m = in.getManager();
                NDList columns = new NDList(flow.logDensity(in));
                for (int j = 0; j < contexts; j++) {
                    float h = (float) (SCORE_STEP * cStd[j]);
                    float[] step = new float[dims + contexts];
                    step[dims + j] = h;
                    NDArray e = m.create(step);
                    NDArray up = flow.logDensity(in.add(e)), down = flow.logDensity(in.sub(e));
                    columns.add(Scalars.times(up.sub(down), 1f / (2 * h))); // Scalars: autograd reads the factor in the backward pass
                }
                return NDArrays.stack(columns, 1);
            }
        };
    }

    /** log p_hat for raw inputs [b, D + C] as [b]. */
    private NDArray logDensity(NDArray in) {
        NDManager m = in.getManager();
        NDArray x = in.get(new NDIndex(":, 0:" + dims));
        NDArray c = contexts > 0 ? in.get(new NDIndex(":, " + dims + ":")) : null;
        return logDensity(x, c, m);
    }

    /**
     * log p_hat(x | c) as [b] for raw observables x [b, D] and raw contexts c ([b, C], or [1, C] for one context
     * shared by all, or null without contexts).
     */
    private NDArray logDensity(NDArray x, NDArray c, NDManager m) {
        NDArray z = x.sub(m.create(xMean)).div(m.create(xStd));
        NDArray[] cols = new NDArray[dims];
        for (int j = 0; j < dims; j++) cols[j] = Losses.column(z, j);
        NDArray logDet = null;
        int p = RationalQuadraticSpline.parameters(shape.bins());
        for (int l = 0; l < conditioners.size(); l++) {
            NDArray params = conditioners.get(l).forward(conditionerInput(cols, passed[l], c, m));
            for (int q = 0; q < transformed[l].length; q++) {
                int t = transformed[l][q];
                NDArray pq = params.get(new NDIndex(":, " + q * p + ":" + (q + 1) * p));
                NDArray[] r = RationalQuadraticSpline.forward(cols[t], pq, shape.bins(), (float) shape.bound());
                cols[t] = r[0];
                logDet = logDet == null ? r[1] : logDet.add(r[1]);
            }
        }
        NDArray logBase = null;
        for (NDArray zj : cols) {
            NDArray term = Scalars.times(zj.square(), -0.5f).sub(HALF_LOG_TWO_PI);
            logBase = logBase == null ? term : logBase.add(term);
        }
        float logStd = 0;
        for (float s : xStd) logStd += (float) Math.log(s);
        return logBase.add(logDet).sub(logStd);
    }

    /** The conditioner's input: the passed coordinates, then the contexts (broadcast to the batch); a constant 0 when both are empty. */
    private NDArray conditionerInput(NDArray[] cols, int[] pass, NDArray c, NDManager m) {
        if (pass.length == 0) return c != null ? c : m.zeros(new Shape(1, 1));
        NDList parts = new NDList();
        for (int j : pass) parts.add(cols[j]);
        NDArray kept = NDArrays.stack(parts, 1);
        if (c == null) return kept;
        long b = kept.getShape().get(0);
        NDArray cb = c.getShape().get(0) == b ? c : c.broadcast(new Shape(b, contexts));
        return NDArrays.concat(new NDList(kept, cb), 1);
    }

    private Device device() {
        return conditioners.get(0).parameters().get(0).getDevice();
    }

    private void checkContext(double[] c) {
        if (c.length != contexts) {
            throw new HepmlException("The flow is conditioned on " + contexts + " value(s), but a context of " + c.length + " was given.");
        }
        for (double v : c) if (!Double.isFinite(v)) throw new HepmlException("The context " + Arrays.toString(c) + " is not finite.");
    }

    private void checkEvents(double[][] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != dims) throw new HepmlException("Event " + i + " has " + x[i].length + " observable(s); the flow reads " + dims + ".");
            for (double v : x[i]) if (!Double.isFinite(v)) throw new HepmlException("Event " + i + " has an observable " + v + ".");
        }
    }

    /** log p_hat(x_i | c) for every event at one context (for a discrete observable, log P at the cell's middle). */
    public double[] logDensity(double[][] x, double[] c) {
        checkEvents(x);
        checkContext(c);
        double[] out = new double[x.length];
        float[] cf = new float[contexts];
        for (int j = 0; j < contexts; j++) cf[j] = (float) c[j];
        ChunkedEvaluation.forEachChunk(x.length, dims, ChunkedEvaluation.CHUNK, observedRow(x), (from, to, flat) -> {
            try (NDManager m = NDManager.newBaseManager(device())) {
                NDArray xa = m.create(flat, new Shape(to - from, dims));
                NDArray ca = contexts > 0 ? m.create(cf, new Shape(1, contexts)) : null;
                float[] r = logDensity(xa, ca, m).toFloatArray();
                for (int i = from; i < to; i++) out[i] = r[i - from];
            }
        });
        return out;
    }

    /** log p_hat(x_i | c_i) for every event with its own context. */
    public double[] logDensity(double[][] x, double[][] c) {
        checkEvents(x);
        if (c.length != x.length) throw new HepmlException(x.length + " events but " + c.length + " contexts.");
        for (double[] ci : c) checkContext(ci);
        double[] out = new double[x.length];
        ChunkedEvaluation.Row obs = observedRow(x);
        ChunkedEvaluation.Row row = (i, flat, o) -> {
            obs.fill(i, flat, o);
            for (int j = 0; j < contexts; j++) flat[o + dims + j] = (float) c[i][j];
        };
        ChunkedEvaluation.forEachChunk(x.length, dims + contexts, ChunkedEvaluation.CHUNK, row, (from, to, flat) -> {
            try (NDManager m = NDManager.newBaseManager(device())) {
                float[] r = logDensity(m.create(flat, new Shape(to - from, dims + contexts))).toFloatArray();
                for (int i = from; i < to; i++) out[i] = r[i - from];
            }
        });
        return out;
    }

    /** The observables as the flow reads them: a discrete one at the middle of its dequantisation cell. */
    private ChunkedEvaluation.Row observedRow(double[][] x) {
        return (i, flat, o) -> {
            for (int j = 0; j < dims; j++) flat[o + j] = (float) (discrete[j] ? x[i][j] + 0.5 : x[i][j]);
        };
    }

    /** grad_c log p_hat(x_i | c) for every event at one context, {@code [event][context]}, by central differences. */
    public double[][] score(double[][] x, double[] c) {
        checkContext(c);
        double[][] t = new double[x.length][contexts];
        for (int j = 0; j < contexts; j++) {
            double h = SCORE_STEP * cStd[j];
            double[] up = c.clone(), down = c.clone();
            up[j] += h;
            down[j] -= h;
            double[] lu = logDensity(x, up), ld = logDensity(x, down);
            for (int i = 0; i < x.length; i++) t[i][j] = (lu[i] - ld[i]) / (2 * h);
        }
        return t;
    }

    /** {@code n} events drawn from p_hat(x | c), {@code [event][observable]} (discrete observables as integers). */
    public double[][] sample(int n, double[] c, long seed) {
        checkContext(c);
        if (n < 1) throw new HepmlException("The number of events to generate must be positive, got " + n + ".");
        double[][] cs = new double[n][];
        Arrays.fill(cs, c);
        return sample(cs, seed);
    }

    /** One event from p_hat(x | c_i) for every context row: z ~ N(0, 1) through the inverse transforms. */
    public double[][] sample(double[][] c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] z = new double[c.length][dims];
        for (double[] row : z) for (int j = 0; j < dims; j++) row[j] = gaussian(rng);
        return fromLatent(z, c);
    }

    /** The observables x_i = f^-1(z_i | c_i) of latent points z ({@code [event][observable]}); discrete ones floored. */
    public double[][] fromLatent(double[][] z, double[][] c) {
        return transform(z, c, true);
    }

    /** The latent points z_i = f(x_i | c_i) (standard normal where x follows p_hat), without dequantisation. */
    public double[][] toLatent(double[][] x, double[][] c) {
        checkEvents(x);
        return transform(x, c, false);
    }

    private double[][] transform(double[][] v, double[][] c, boolean inverse) {
        if (c.length != v.length) throw new HepmlException(v.length + " events but " + c.length + " contexts.");
        for (double[] ci : c) checkContext(ci);
        int n = v.length;
        double[][] out = new double[n][dims];
        ChunkedEvaluation.forEachChunk(n, dims + contexts, ChunkedEvaluation.CHUNK, (i, flat, o) -> {
            for (int j = 0; j < dims; j++) flat[o + j] = (float) (inverse ? v[i][j] : (v[i][j] - xMean[j]) / xStd[j]);
            for (int j = 0; j < contexts; j++) flat[o + dims + j] = (float) c[i][j];
        }, (from, to, flat) -> {
            int b = to - from;
            try (NDManager m = NDManager.newBaseManager(device())) {
                NDArray all = m.create(flat, new Shape(b, dims + contexts));
                NDArray ca = contexts > 0 ? all.get(new NDIndex(":, " + dims + ":")) : null;
                NDArray[] cols = new NDArray[dims];
                for (int j = 0; j < dims; j++) cols[j] = Losses.column(all, j);
                int p = RationalQuadraticSpline.parameters(shape.bins());
                float bound = (float) shape.bound();
                for (int s = 0; s < conditioners.size(); s++) {
                    int l = inverse ? conditioners.size() - 1 - s : s;
                    NDArray params = conditioners.get(l).forward(conditionerInput(cols, passed[l], ca, m));
                    for (int q = 0; q < transformed[l].length; q++) {
                        NDArray pq = params.get(new NDIndex(":, " + q * p + ":" + (q + 1) * p));
                        int t = transformed[l][q];
                        cols[t] = inverse ? RationalQuadraticSpline.inverse(cols[t], pq, shape.bins(), bound)
                                : RationalQuadraticSpline.forward(cols[t], pq, shape.bins(), bound)[0];
                    }
                }
                for (int j = 0; j < dims; j++) {
                    float[] r = cols[j].toFloatArray();
                    for (int i = 0; i < b; i++) {
                        double xv = r[i] * (double) xStd[j] + xMean[j];
                        out[from + i][j] = !inverse ? r[i] : discrete[j] ? Math.floor(xv) : xv;
                    }
                }
            }
        });
        return out;
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble(); // Box-Muller; u1 in (0, 1]
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The networks, in the order {@link #fromFile} expects them. */
    public List<Mlp> networks() {
        return List.copyOf(conditioners);
    }

    /** The flow's layout and standardisation as model-file metadata, keys {@code flow.*}. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>(shape.metadata());
        m.put("flow.dims", Integer.toString(dims));
        m.put("flow.contexts", Integer.toString(contexts));
        m.put("flow.x_mean", floats(xMean));
        m.put("flow.x_std", floats(xStd));
        m.put("flow.context_mean", floats(cMean));
        m.put("flow.context_std", floats(cStd));
        StringBuilder d = new StringBuilder();
        for (boolean b : discrete) d.append(b ? '1' : '0');
        m.put("flow.discrete", d.toString());
        return m;
    }

    /** A flow from a model file's metadata ({@link #metadata}) and its networks ({@link #networks}). */
    public static ConditionalFlow fromFile(Map<String, String> m, List<Mlp> networks) {
        try {
            FlowShape shape = FlowShape.fromMetadata(m);
            int dims = Integer.parseInt(m.get("flow.dims")), contexts = Integer.parseInt(m.get("flow.contexts"));
            String d = m.get("flow.discrete");
            boolean[] discrete = new boolean[dims];
            for (int j = 0; j < dims; j++) discrete[j] = d.charAt(j) == '1';
            if (networks.size() != shape.transforms()) throw new HepmlException(networks.size() + " networks for " + shape.transforms() + " transforms");
            return new ConditionalFlow(shape, dims, contexts, parse(m.get("flow.x_mean")), parse(m.get("flow.x_std")),
                    parse(m.get("flow.context_mean")), parse(m.get("flow.context_std")), discrete, new ArrayList<>(networks));
        } catch (RuntimeException e) {
            throw new HepmlException("The flow's description in the model file is damaged (" + e.getMessage() + ").", e);
        }
    }

    private static String floats(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(v[i]);
        return b.toString();
    }

    private static float[] parse(String s) {
        if (s == null || s.isEmpty()) return new float[0];
        String[] parts = s.split(",");
        float[] f = new float[parts.length];
        for (int i = 0; i < f.length; i++) f[i] = Float.parseFloat(parts[i]);
        return f;
    }

    @Override
    public void close() {
        conditioners.forEach(Mlp::close);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "conditional spline flow: %d observable(s) | %d context(s), %d transforms x %d bins on [-%s, %s], conditioners %s",
                dims, contexts, shape.transforms(), shape.bins(), shape.bound(), shape.bound(), conditioners.get(0));
    }
}
