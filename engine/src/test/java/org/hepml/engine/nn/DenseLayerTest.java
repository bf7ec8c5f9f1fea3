package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The speed changes of the training step keep its numbers: {@link Mlp#dense} (one addmm) against matMul then add, and
 * the trainer's device copy of the data gathered natively against the rows copied from Java.
 */
class DenseLayerTest {

    /**
     * Outputs and the gradients of W and b of both spellings against the same quantities in double precision, within
     * float rounding bounds derived for each element (so a kernel that summed wrongly, or a wrong transpose, fails). At
     * the training shapes the two spellings also agree bit for bit (measured, bench/training/LinearProbe.java); at 1-3 rows
     * MKL takes other kernels and they differ in the last bits, which this bound allows.
     */
    @Test
    void denseAndMatMulThenAddAreWithinRoundingOfTheExactLayer() {
        int[][] shapes = {{4096, 4, 64}, {1024, 64, 64}, {4096, 64, 1}, {257, 100, 100}, {3, 64, 64}, {2, 7, 3}, {1, 64, 64}};
        for (int[] s : shapes) {
            for (boolean dense : new boolean[]{true, false}) {
                float[][] got = denseAndGradients(s, new SplittableRandom(11), dense);
                double[][][] exact = exact(s, new SplittableRandom(11));
                for (int k = 0; k < 3; k++) {
                    int outside = 0;
                    for (int i = 0; i < got[k].length; i++) if (Math.abs(got[k][i] - exact[k][0][i]) > exact[k][1][i]) outside++;
                    assertThat(outside).as("%s: values outside the rounding bound in shape %s, %s", dense ? "dense" : "matMul+add",
                            java.util.Arrays.toString(s), new String[]{"outputs", "dW", "db"}[k]).isZero();
                }
            }
        }
    }

    /** h W + b with random h, W, b (the same draws for both spellings), then d(sum(tanh(a) * c))/dW and /db. */
    private static float[][] denseAndGradients(int[] shape, SplittableRandom r, boolean dense) {
        int batch = shape[0], in = shape[1], out = shape[2];
        Engine.getInstance(); // loads libtorch before the first JniUtils call
        JniUtils.setGradMode(false);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray h = m.create(gaussian(r, batch * in), new Shape(batch, in));
            NDArray w = m.create(gaussian(r, in * out), new Shape(in, out)), b = m.create(gaussian(r, out));
            NDArray c = m.create(gaussian(r, batch * out), new Shape(batch, out));
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            float[] a;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray pre = dense ? Mlp.dense(h, w, b) : h.matMul(w).add(b);
                a = pre.toFloatArray();
                gc.backward(pre.tanh().mul(c).sum());
            }
            return new float[][]{a, w.getGradient().toFloatArray(), b.getGradient().toFloatArray()};
        }
    }

    /**
     * The same three arrays in double precision from the same float inputs, each with its bound {value, bound}: float
     * sums of n terms are within gamma(n) = n u / (1 - n u) of the sum of |terms| (u = 2^-24); the gradient also inherits
     * the outputs' error through tanh' (|tanh''| <= 4 / (3 sqrt 3)), and a float tanh and product add a few u.
     */
    private static double[][][] exact(int[] shape, SplittableRandom r) {
        int batch = shape[0], in = shape[1], out = shape[2];
        float[] h = gaussian(r, batch * in), w = gaussian(r, in * out), b = gaussian(r, out), c = gaussian(r, batch * out);
        double u = Math.ulp(1f) / 2;
        double[] a = new double[batch * out], da = new double[batch * out], g = new double[batch * out], dg = new double[batch * out];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < out; j++) {
                double sum = b[j], abs = Math.abs(b[j]);
                for (int k = 0; k < in; k++) {
                    sum += (double) h[i * in + k] * w[k * out + j];
                    abs += Math.abs((double) h[i * in + k] * w[k * out + j]);
                }
                a[i * out + j] = sum;
                da[i * out + j] = gamma(in + 1, u) * abs + u * Math.abs(sum);
                double t = Math.tanh(sum);
                g[i * out + j] = (1 - t * t) * c[i * out + j];
                dg[i * out + j] = 4 / (3 * Math.sqrt(3)) * da[i * out + j] * Math.abs(c[i * out + j]) + 8 * u * Math.abs(c[i * out + j]);
            }
        }
        double[] dw = new double[in * out], dwBound = new double[in * out], db = new double[out], dbBound = new double[out];
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out; j++) {
                double sum = 0, abs = 0, inherited = 0;
                for (int i = 0; i < batch; i++) {
                    double hk = h[i * in + k];
                    sum += hk * g[i * out + j];
                    abs += Math.abs(hk * g[i * out + j]);
                    inherited += Math.abs(hk) * dg[i * out + j];
                }
                dw[k * out + j] = sum;
                dwBound[k * out + j] = gamma(batch, u) * (abs + inherited) + inherited + u * Math.abs(sum);
            }
        }
        for (int j = 0; j < out; j++) {
            double sum = 0, abs = 0, inherited = 0;
            for (int i = 0; i < batch; i++) {
                sum += g[i * out + j];
                abs += Math.abs(g[i * out + j]);
                inherited += dg[i * out + j];
            }
            db[j] = sum;
            dbBound[j] = gamma(batch, u) * (abs + inherited) + inherited + u * Math.abs(sum);
        }
        return new double[][][]{{a, da}, {dw, dwBound}, {db, dbBound}};
    }

    private static double gamma(int n, double u) {
        return n * u / (1 - n * u);
    }

    private static float[] gaussian(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** A shuffled subset gathered on the device holds exactly the rows, weights and targets taken from Java. */
    @Test
    void deviceRowsAreTheDataRows() {
        float[][] x = TrainerTest.uniform(500, 3, -1, 1, 5), y = TrainerTest.uniform(500, 2, 0, 1, 6);
        float[] w = column(TrainerTest.uniform(500, 1, 0.5, 1.5, 7));
        TrainingData data = new TrainingData(x, w).target("y", y);
        int[] rows = Trainer.compose(Trainer.permutation(500, new SplittableRandom(8)), Trainer.permutation(500, new SplittableRandom(9)));
        rows = java.util.Arrays.copyOf(rows, 321); // a subset, as the training rows beside a validation set
        try (NDManager m = NDManager.newBaseManager()) {
            Trainer.DeviceData d = Trainer.DeviceData.of(m, data).rows(m, rows);
            float[] dx = d.x.toFloatArray(), dw = d.w.toFloatArray(), dy = d.targets.get("y").toFloatArray();
            for (int k = 0; k < rows.length; k++) {
                for (int j = 0; j < 3; j++) assertThat(dx[k * 3 + j]).isEqualTo(x[rows[k]][j]);
                for (int j = 0; j < 2; j++) assertThat(dy[k * 2 + j]).isEqualTo(y[rows[k]][j]);
                assertThat(dw[k]).isEqualTo(w[rows[k]]);
            }
            // no weights: every weight is 1
            Trainer.DeviceData unweighted = Trainer.DeviceData.of(m, new TrainingData(x, null).target("y", y)).rows(m, rows);
            assertThat(unweighted.w.toFloatArray()).containsOnly(1f).hasSize(rows.length);
        }
    }

    private static float[] column(float[][] a) {
        float[] v = new float[a.length];
        for (int i = 0; i < a.length; i++) v[i] = a[i][0];
        return v;
    }
}
