import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.Batch;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes: a copy of Trainer's inner loop (same ops, same order) with a timer
 * around each section, on TrainBench's samples. Usage: ProfileLoop FILE BATCH EPOCHS [adam-ops|adam-fused|alternate]
 * Prints microseconds per step for each section (after one warm-up epoch); "alternate" switches the Adam variant
 * every epoch in this one process and prints each variant's samples per wall and per CPU second, a before/after
 * measurement that a noisy shared machine affects equally.
 */
public class ProfileLoop {
    static final String[] SECTIONS = {"slice batch", "forward", "loss", "backward (+ getFloat)", "optimizer step", "weight sum + close"};

    public static void main(String[] args) throws Exception {
        Engine.getInstance();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0]))).order(ByteOrder.LITTLE_ENDIAN);
        int batch = Integer.parseInt(args[1]), epochs = Integer.parseInt(args[2]);
        String mode = args.length > 3 ? args[3] : "adam-ops";
        boolean alternate = mode.equals("alternate");
        boolean fused = mode.equals("adam-fused");
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[][] alt = new double[2][2]; // [variant][wall, cpu] seconds
        long[] altSteps = new long[2];
        int n = b.capacity() / 24;
        float[] flat = new float[4 * n], y = new float[n], w = new float[n];
        float[][] x = new float[n][4];
        for (int i = 0; i < 4 * n; i++) flat[i] = b.getFloat();
        for (int i = 0; i < n; i++) y[i] = b.getFloat();
        for (int i = 0; i < n; i++) w[i] = b.getFloat();
        for (int i = 0; i < n; i++) System.arraycopy(flat, 4 * i, x[i], 0, 4);
        JniUtils.setGradMode(false);
        Loss loss = Losses.bce();
        long[] ns = new long[SECTIONS.length];
        long steps = 0;
        try (Mlp net = Mlp.builder().hidden(64, 64, 64).activation(Activation.TANH).seed(1).build(x);
             NDManager data = NDManager.newBaseManager()) {
            List<NDArray> params = net.parameters();
            List<NDArray[]> state = new ArrayList<>();
            for (NDArray p : params) state.add(new NDArray[]{data.zeros(p.getShape(), DataType.FLOAT32), data.zeros(p.getShape(), DataType.FLOAT32)});
            NDArray ax = data.create(flat, new Shape(n, 4)), aw = data.create(w), ay = data.create(y, new Shape(n, 1));
            int step = 0;
            long tEpochs = 0;
            for (int e = 0; e <= epochs; e++) {
                if (e == 1) {
                    java.util.Arrays.fill(ns, 0);
                    steps = 0;
                }
                if (alternate) fused = e % 2 == 1;
                long e0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
                try (NDManager em = data.newSubManager()) {
                    NDArray idx = em.create(perm(n, e));
                    NDArray px = ax.get(idx), pw = aw.get(idx), py = ay.get(idx);
                    px.attach(em);
                    pw.attach(em);
                    py.attach(em);
                    for (int from = 0; from < n; from += batch) {
                        int to = Math.min(n, from + batch);
                        long t = System.nanoTime(), t1;
                        NDManager bm = em.newSubManager();
                        NDIndex rows = new NDIndex("{}:{}", from, to);
                        NDArray bx = px.get(rows), bw = pw.get(rows), by = py.get(rows);
                        bx.attach(bm);
                        bw.attach(bm);
                        by.attach(bm);
                        Batch bt = new Batch(bx, bw, Map.of("y", by));
                        t1 = System.nanoTime(); ns[0] += t1 - t; t = t1;
                        float value;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray out = net.forward(bt.inputs());
                            t1 = System.nanoTime(); ns[1] += t1 - t; t = t1;
                            NDArray l = loss.compute(out, null, bt);
                            t1 = System.nanoTime(); ns[2] += t1 - t; t = t1;
                            value = l.getFloat();
                            gc.backward(l);
                        }
                        t1 = System.nanoTime(); ns[3] += t1 - t; t = t1;
                        step++;
                        if (fused) fusedAdam(params, state, 1e-3f, step);
                        else adam(params, state, 1e-3f, step, bm);
                        t1 = System.nanoTime(); ns[4] += t1 - t; t = t1;
                        float ws = bt.weightSum().getFloat();
                        if (ws + value == 42) System.out.print("");
                        bm.close();
                        t1 = System.nanoTime(); ns[5] += t1 - t;
                        steps++;
                    }
                }
                if (e > 0) tEpochs += System.nanoTime() - e0;
                if (e > 1 || (e == 1 && !alternate)) { // alternate: epochs 0 and 1 warm both variants up
                    alt[fused ? 1 : 0][0] += (System.nanoTime() - e0) / 1e9;
                    alt[fused ? 1 : 0][1] += (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
                    altSteps[fused ? 1 : 0] += (n + batch - 1) / batch;
                }
            }
            double checksum = 0;
            for (float[] a : net.snapshot()) for (float v : a) checksum += v * (double) v;
            System.out.printf(Locale.ROOT, "parameter checksum (sum of squares) %.12f%n", checksum);
            if (alternate) {
                for (int v = 0; v < 2; v++) {
                    System.out.printf(Locale.ROOT, "batch %d %-10s %d epochs: %.0f samples/s wall, %.0f samples/CPU-s%n", batch,
                            v == 0 ? "adam-ops" : "adam-fused", altSteps[v] * batch / n, altSteps[v] * (double) batch / alt[v][0],
                            altSteps[v] * (double) batch / alt[v][1]);
                }
                return;
            }
            long total = 0;
            for (long v : ns) total += v;
            System.out.printf(Locale.ROOT, "batch %d, %s, intra-op %d: %.1f us/step in the sections, %.1f us/step in all (%.0f samples/s)%n",
                    batch, fused ? "fused Adam (JniUtils.adamUpdate)" : "Adam as Trainer writes it", JniUtils.getNumThreads(),
                    total / 1e3 / steps, tEpochs / 1e3 / steps, (double) n * epochs / (tEpochs / 1e9));
            for (int i = 0; i < SECTIONS.length; i++) {
                System.out.printf(Locale.ROOT, "  %-24s %7.1f us/step  %4.1f%%%n", SECTIONS[i], ns[i] / 1e3 / steps, 100.0 * ns[i] / total);
            }
        }
    }

    static long[] perm(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Trainer.update's Adam branch (no clipping), op for op. */
    static void adam(List<NDArray> params, List<NDArray[]> state, float lr, int step, NDManager tmp) {
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i), g = p.getGradient();
            g.attach(tmp);
            float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
            NDArray m = state.get(i)[0], v = state.get(i)[1];
            m.muli(b1).addi(g.mul(1 - b1));
            v.muli(b2).addi(g.square().mul(1 - b2));
            float c1 = (float) (1 - Math.pow(b1, step)), c2 = (float) (1 - Math.pow(b2, step));
            NDArray mHat = m.div(c1), vHat = v.div(c2);
            mHat.attach(tmp);
            vHat.attach(tmp);
            p.subi(mHat.div(vHat.sqrt().add(eps)).mul(lr));
            g.muli(0f);
        }
    }

    /** The same update in one native call per parameter: lr sqrt(c2)/c1 * m / (sqrt(v) + eps sqrt(c2)) is the same algebra. */
    static void fusedAdam(List<NDArray> params, List<NDArray[]> state, float lr, int step) {
        float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        double c1 = 1 - Math.pow(b1, step), c2 = 1 - Math.pow(b2, step);
        for (int i = 0; i < params.size(); i++) {
            PtNDArray p = (PtNDArray) params.get(i);
            try (PtNDArray g = JniUtils.getGradient(p)) {
                JniUtils.adamUpdate(p, g, (PtNDArray) state.get(i)[0], (PtNDArray) state.get(i)[1], lr,
                        (float) (lr * Math.sqrt(c2) / c1), 0f, 1f, -1f, b1, b2, (float) (eps * Math.sqrt(c2)), false);
            }
            JniUtils.zeroGrad(p);
        }
    }
}
