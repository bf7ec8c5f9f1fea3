package org.hepml.engine.unfold;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;

import java.util.Arrays;

/**
 * The unbinned {@link Reweighter} of OmniFold: an MLP classifier trained with weighted binary cross entropy
 * to tell A (label 1) from B (label 0), the two classes rescaled to equal total weight so training is
 * balanced; then L = W_A / W_B * f / (1 - f) = W_A / W_B * exp(logit). Each call trains a fresh network
 * (seeded, so unfolding is reproducible); step 1 and step 2 get their own instances.
 */
public final class ClassifierReweighter implements Reweighter {
    private int[] hidden = {50, 50, 50};
    private int epochs = 20;
    private int batchSize = 256;
    private double learningRate = 1e-3;
    private int patience = 5;
    private long seed = 1;
    private int calls;

    public ClassifierReweighter hidden(int... hidden) {
        this.hidden = hidden.clone();
        return this;
    }

    public ClassifierReweighter epochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    public ClassifierReweighter batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public ClassifierReweighter learningRate(double lr) {
        this.learningRate = lr;
        return this;
    }

    public ClassifierReweighter patience(int patience) {
        this.patience = patience;
        return this;
    }

    public ClassifierReweighter seed(long seed) {
        this.seed = seed;
        return this;
    }

    @Override
    public DensityRatio fit(double[][] a, double[] weightA, double[][] b, double[] weightB) {
        double wa = Arrays.stream(weightA).sum(), wb = Arrays.stream(weightB).sum();
        int n = a.length + b.length, d = a[0].length;
        float[][] x = new float[n][d];
        float[] y = new float[n], w = new float[n];
        // balance the classes: each gets total weight n / 2
        double sa = n / 2.0 / wa, sb = n / 2.0 / wb;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < d; j++) x[i][j] = (float) a[i][j];
            y[i] = 1;
            w[i] = (float) (weightA[i] * sa);
        }
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < d; j++) x[a.length + i][j] = (float) b[i][j];
            w[a.length + i] = (float) (weightB[i] * sb);
        }
        long s = seed + 7919L * calls++;
        Mlp net = Mlp.builder().hidden(hidden).activation(Activation.RELU).seed(s).build(x);
        new Trainer().epochs(epochs).batchSize(batchSize).learningRate(learningRate).patience(patience).seed(s)
                .title("OmniFold classifier").fit(net, new TrainingData(x, w).target("y", y), Losses.bce());
        double norm = wa / wb;
        return points -> {
            try (net) {
                return evaluate(net, points, norm);
            }
        };
    }

    static double[] evaluate(Mlp net, double[][] points, double norm) {
        JniUtils.setGradMode(false);
        int d = points.length == 0 ? 0 : points[0].length, chunk = 1 << 16;
        double[] out = new double[points.length];
        for (int from = 0; from < points.length; from += chunk) {
            int to = Math.min(points.length, from + chunk);
            float[] flat = new float[(to - from) * d];
            for (int i = from; i < to; i++) for (int j = 0; j < d; j++) flat[(i - from) * d + j] = (float) points[i][j];
            try (NDManager m = NDManager.newBaseManager(net.parameters().get(0).getDevice())) {
                NDArray logit = net.forward(m.create(flat, new Shape(to - from, d)));
                float[] l = logit.toFloatArray();
                for (int i = from; i < to; i++) out[i] = norm * Math.exp(l[i - from]);
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "MLP " + Arrays.toString(hidden) + " relu, " + epochs + " epochs, batch " + batchSize;
    }
}
