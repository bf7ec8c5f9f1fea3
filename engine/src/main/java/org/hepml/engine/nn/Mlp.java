package org.hepml.engine.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.HepmlException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron in float32 on DJL's PyTorch engine, with its input standardisation
 * ((x - mean) / std, learned from the training data and kept with the network).
 * <p>Besides the outputs it can propagate tangents: the derivatives of the outputs with respect to selected
 * inputs, as a differentiable function of the weights. The score-based estimators need exactly this
 * (t_hat = d log r_hat / d theta, docs/REFERENCE.md section 2, "Score through the network"). Forward mode is
 * used rather than double backpropagation because DJL's create_graph leaves graph-carrying gradients on the
 * weights that leak (docs/DJL-NOTES.md, gotcha 4): a'_1 = W_1[sel, :] / std_sel, h'_l = act'(a_l) a'_l,
 * a'_{l+1} = h'_l W_{l+1}, and the output tangent is a'_out; backpropagating a loss on it needs only
 * ordinary first-order autograd.
 */
public final class Mlp implements Trainable, AutoCloseable {
    private final int inputs;
    private final int[] hidden;
    private final int outputs;
    private final Activation activation;
    private final float[] mean;
    private final float[] std;
    private final NDManager manager;
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();
    private final NDArray meanArray, stdArray; // made once: two fewer arrays to create and free per batch

    Mlp(int inputs, int[] hidden, int outputs, Activation activation, float[] mean, float[] std, long seed, NDManager manager) {
        this.inputs = inputs;
        this.hidden = hidden.clone();
        this.outputs = outputs;
        this.activation = activation;
        this.mean = mean.clone();
        this.std = std.clone();
        this.manager = manager;
        this.meanArray = manager.create(this.mean);
        this.stdArray = manager.create(this.std);
        SplittableRandom rng = new SplittableRandom(seed);
        int in = inputs;
        for (int l = 0; l <= hidden.length; l++) {
            int out = l < hidden.length ? hidden[l] : outputs;
            // Glorot-uniform weights and zero biases, drawn from Java's RNG so a seed fixes them on every device
            float limit = (float) Math.sqrt(6.0 / (in + out));
            float[] w = new float[in * out];
            for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
            NDArray wa = manager.create(w, new Shape(in, out));
            NDArray ba = manager.zeros(new Shape(out), DataType.FLOAT32);
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            weights.add(wa);
            biases.add(ba);
            in = out;
        }
    }

    /** The per-input mean and std of {@code x} ([event][input]) as {mean, std}; a constant input keeps std 1. */
    public static float[][] standardisation(float[][] x) {
        int n = x.length, d = x[0].length;
        float[] mean = new float[d], std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0, s2 = 0;
            for (float[] row : x) {
                s += row[j];
                s2 += (double) row[j] * row[j];
            }
            double m = s / n, v = Math.max(s2 / n - m * m, 0);
            mean[j] = (float) m;
            std[j] = (float) (v > 1e-12 ? Math.sqrt(v) : 1); // a constant input is left unscaled
        }
        return new float[][]{mean, std};
    }

    public static Builder builder() {
        return new Builder();
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public int[] hidden() {
        return hidden.clone();
    }

    public Activation activation() {
        return activation;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** The trainable arrays, weights then biases layer by layer. */
    public List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            out.add(weights.get(l));
            out.add(biases.get(l));
        }
        return out;
    }

    /** Standardises raw inputs; the result belongs to the manager of {@code x}. */
    NDArray standardise(NDArray x) {
        return x.sub(meanArray).div(stdArray);
    }

    /** Outputs for raw (unstandardised) inputs, shape [batch, outputs]. */
    public NDArray forward(NDArray x) {
        NDArray h = standardise(x);
        for (int l = 0; l < weights.size(); l++) {
            NDArray a = dense(h, weights.get(l), biases.get(l));
            h = l < hidden.length ? activation.apply(a) : a;
        }
        return h;
    }

    /**
     * h W + b for h [batch, in], W [in, out], b [out], owned by h's manager: libtorch's linear on a transposed view of W,
     * which is one addmm with the bias inside the GEMM (what torch.nn.Linear runs). The same numbers as matMul then add,
     * bit for bit (outputs and gradients), with one [batch, out] array and one op fewer forwards and backwards: at batch
     * 4096 a 4-64-64-64-1 forward and backward took 0.67-0.74 of the time (bench/training/LinearProbe.java).
     */
    static NDArray dense(NDArray h, NDArray w, NDArray b) {
        NDManager m = h.getManager();
        PtNDArray wt = JniUtils.transpose((PtNDArray) w, 0, 1); // a view; made per call so autograd records it
        wt.attach(m); // an op on a parameter lands in the parameter's manager: hand it to the caller's
        NDArray a = JniUtils.linear((PtNDArray) h, wt, (PtNDArray) b);
        a.attach(m);
        return a;
    }

    /** Outputs and their derivatives with respect to the inputs {@code selected}: {@code [batch, outputs]} and {@code [k, batch, outputs]}. */
    public record WithTangents(NDArray outputs, NDArray tangents) {
    }

    public WithTangents forwardWithTangents(NDArray x, int[] selected) {
        NDManager m = x.getManager();
        int batch = (int) x.getShape().get(0);
        int k = selected.length;
        NDArray h = standardise(x);
        // a'_1 for input j is row j of W_1 divided by that input's std: the same for every event
        float[] scale = new float[k];
        long[] rows = new long[k];
        for (int s = 0; s < k; s++) {
            if (selected[s] < 0 || selected[s] >= inputs) throw new IllegalArgumentException("input " + selected[s]);
            scale[s] = 1f / std[selected[s]];
            rows[s] = selected[s];
        }
        NDArray firstRows = m.create(rows).toType(DataType.INT64, false);
        NDArray tangent = null; // [k, batch, width]
        for (int l = 0; l < weights.size(); l++) {
            NDArray w = weights.get(l);
            NDArray a = dense(h, w, biases.get(l));
            NDArray ta;
            if (l == 0) {
                NDArray picked = w.get(firstRows);
                picked.attach(m); // an op on a parameter lands in the parameter's manager: hand it to the batch's

                ta = picked.mul(m.create(scale).reshape(k, 1)).reshape(k, 1, w.getShape().get(1))
                        .broadcast(new Shape(k, batch, w.getShape().get(1)));
            } else {
                ta = tangent.matMul(w);
            }
            if (l < hidden.length) {
                NDArray hn = activation.apply(a);
                tangent = activation.derivative(a, hn).expandDims(0).mul(ta);
                h = hn;
            } else {
                h = a;
                tangent = ta;
            }
        }
        return new WithTangents(h, tangent);
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "MLP " + inputs + "-" + Arrays.toString(hidden).replaceAll("[\\[\\] ]", "").replace(',', '-') + "-" + outputs
                + " " + activation.name().toLowerCase();
    }

    /** Describes the network to build; {@link #build(float[][])} learns the standardisation from training inputs. */
    public static final class Builder {
        private int inputs = -1;
        private int[] hidden = {64, 64};
        private int outputs = 1;
        private Activation activation = Activation.TANH;
        private long seed = 1;
        private Device device;

        public Builder inputs(int n) {
            this.inputs = n;
            return this;
        }

        public Builder hidden(int... sizes) {
            for (int s : sizes) if (s < 1) throw new HepmlException("Hidden layer sizes must be positive, got " + Arrays.toString(sizes) + ".");
            this.hidden = sizes.clone();
            return this;
        }

        public Builder outputs(int n) {
            if (n < 1) throw new HepmlException("A network needs at least one output.");
            this.outputs = n;
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where the network lives (default: {@link Devices#current()}, auto). */
        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /** The layers, activation and device of a training's settings. */
        public Builder of(TrainingSettings settings) {
            return hidden(settings.hidden()).activation(settings.activation()).device(settings.device().resolve());
        }

        /** A network whose inputs are standardised with the mean and std of {@code x} ([event][input]). */
        public Mlp build(float[][] x) {
            float[][] ms = standardisation(x);
            return build(ms[0], ms[1]);
        }

        public Mlp build(float[] mean, float[] std) {
            int d = inputs < 0 ? mean.length : inputs;
            if (mean.length != d || std.length != d) throw new HepmlException("Standardisation has " + mean.length + " inputs, the network " + d + ".");
            return new Mlp(d, hidden, outputs, activation, mean, std, seed, NDManager.newBaseManager(device != null ? device : Devices.current().device()));
        }
    }
}
