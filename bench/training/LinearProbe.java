import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A dense layer's two spellings on DJL, compared in one process: x W + b as matMul then add (Mlp's forward before), and
 * libtorch's linear (one addmm, the bias added inside the GEMM, what torch.nn.Linear runs) on a transposed view of the
 * same [in, out] weights. 4-64-64-64-1 tanh forward and backward at one batch size, the two variants alternating in
 * blocks, thread CPU time per step, medians over blocks; then the largest difference of outputs and gradients.
 * Usage: LinearProbe BATCH BLOCKS STEPS_PER_BLOCK
 */
public class LinearProbe {
    public static void main(String[] args) {
        Engine.getInstance();
        int batch = Integer.parseInt(args[0]), blocks = Integer.parseInt(args[1]), steps = Integer.parseInt(args[2]);
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        JniUtils.setGradMode(false);
        int[] widths = {4, 64, 64, 64, 1};
        SplittableRandom r = new SplittableRandom(1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] w = new NDArray[4], b = new NDArray[4];
            for (int l = 0; l < 4; l++) {
                float[] v = new float[widths[l] * widths[l + 1]];
                for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() - 0.5);
                float[] bv = new float[widths[l + 1]];
                for (int i = 0; i < bv.length; i++) bv[i] = (float) (0.1 * (r.nextDouble() - 0.5));
                w[l] = m.create(v, new Shape(widths[l], widths[l + 1]));
                b[l] = m.create(bv);
                w[l].setRequiresGradient(true);
                b[l].setRequiresGradient(true);
            }
            float[] xv = new float[batch * 4];
            for (int i = 0; i < xv.length; i++) xv[i] = (float) r.nextGaussian();
            NDArray x = m.create(xv, new Shape(batch, 4));
            double[][] t = new double[2][blocks];
            float[][][] last = new float[2][][];
            for (int k = 0; k < blocks + 2; k++) {
                for (int v = 0; v < 2; v++) {
                    int variant = (k % 2 == 0) ? v : 1 - v; // alternate which goes first
                    long c0 = cpu.getCurrentThreadCpuTime();
                    for (int s = 0; s < steps; s++) {
                        try (NDManager sm = m.newSubManager()) {
                            float[][] g = step(sm, x, w, b, variant == 1, s == steps - 1);
                            if (g != null) last[variant] = g;
                        }
                    }
                    if (k >= 2) t[variant][k - 2] = (cpu.getCurrentThreadCpuTime() - c0) / 1e3 / steps;
                }
            }
            for (double[] a : t) java.util.Arrays.sort(a);
            double maxDiff = 0;
            for (int i = 0; i < last[0].length; i++) for (int j = 0; j < last[0][i].length; j++) maxDiff = Math.max(maxDiff, Math.abs(last[0][i][j] - last[1][i][j]));
            System.out.printf(Locale.ROOT, "batch %d: matMul+add %.1f us/step (min %.1f), linear %.1f us/step (min %.1f), ratio %.3f; largest |difference| of output sum and gradients %.3g%n",
                    batch, t[0][blocks / 2], t[0][0], t[1][blocks / 2], t[1][0], t[1][blocks / 2] / t[0][blocks / 2], maxDiff);
        }
    }

    static float[][] step(NDManager sm, NDArray x, NDArray[] w, NDArray[] b, boolean linear, boolean keep) {
        float[][] out = null;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray h = x;
            for (int l = 0; l < 4; l++) {
                NDArray a;
                if (linear) {
                    PtNDArray wt = JniUtils.transpose((PtNDArray) w[l], 0, 1);
                    a = JniUtils.linear((PtNDArray) h, wt, (PtNDArray) b[l]);
                    wt.attach(sm);
                    a.attach(sm);
                } else {
                    a = h.matMul(w[l]).add(b[l]);
                    a.attach(sm);
                }
                h = l < 3 ? a.tanh() : a;
            }
            NDArray loss = h.sum();
            if (keep) {
                out = new float[9][];
                out[8] = new float[]{loss.getFloat()};
            }
            gc.backward(loss);
        }
        for (int l = 0; l < 4; l++) {
            NDArray gw = w[l].getGradient(), gb = b[l].getGradient();
            gw.attach(sm);
            gb.attach(sm);
            if (keep) {
                out[2 * l] = gw.toFloatArray();
                out[2 * l + 1] = gb.toFloatArray();
            }
            JniUtils.zeroGrad((PtNDArray) w[l]);
            JniUtils.zeroGrad((PtNDArray) b[l]);
        }
        return out;
    }
}
