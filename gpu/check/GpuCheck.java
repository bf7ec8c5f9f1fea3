import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.DeviceChoice;
import org.hepml.engine.nn.EngineInfo;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * hepml's side of the GPU check (gpu/check/torch_check.py is PyTorch's): bench/training's MLP, 4-64-64-64-1 tanh,
 * Adam 1e-3, weighted BCE, trained by the engine's {@link Trainer} on the device asked for.
 * <pre>
 *   make FILE N SEED                       the samples of bench/training/TrainBench.java make (same generator, same bytes)
 *   train FILE DEVICE EPOCHS BATCH INIT    DEVICE cpu|gpu|auto; writes INIT (the start the PyTorch peer copies) and prints
 *                                          "info ..." then per epoch "epoch E wall S loss L samples/s R"
 * </pre>
 * INIT holds, little-endian: int32 N, D, layers L, epochs E; float32 mean[D], std[D]; per layer int32 in, out, float32
 * W[in][out], b[out]; then per epoch int32 rows[N], the order in which that epoch's training visits the events. With it
 * PyTorch starts from the same weights and sees the same batches, so the two loss curves differ only by rounding.
 */
public class GpuCheck {
    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "train" -> train(Path.of(args[1]), DeviceChoice.parse(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
            default -> {
                System.err.println("usage: GpuCheck make FILE N SEED | train FILE DEVICE EPOCHS BATCH INIT");
                System.exit(2);
            }
        }
    }

    /** Two 4D Gaussians, N(0, 1) labelled 0 and N(0.5, 1.2) labelled 1, weights uniform in [0.5, 1.5] (TrainBench's). */
    static void make(Path file, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer b = ByteBuffer.allocate(n * 6 * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] y = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 4; j++) b.putFloat((float) (y[i] == 1 ? 0.5 + 1.2 * r.nextGaussian() : r.nextGaussian()));
            w[i] = (float) (0.5 + r.nextDouble());
        }
        for (float v : y) b.putFloat(v);
        for (float v : w) b.putFloat(v);
        Files.write(file, b.array());
    }

    static void train(Path file, DeviceChoice device, int epochs, int batch, Path init) throws IOException {
        Engine engine = Engine.getInstance();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.capacity() / 4 / 6;
        float[][] x = new float[n][4];
        float[] y = new float[n], w = new float[n];
        for (float[] row : x) for (int j = 0; j < 4; j++) row[j] = b.getFloat();
        for (int i = 0; i < n; i++) y[i] = b.getFloat();
        for (int i = 0; i < n; i++) w[i] = b.getFloat();
        TrainingData data = new TrainingData(x, w).target("y", y);
        System.out.printf(Locale.ROOT, "info hepml %s engine %s %s device %s events %d batch %d%n", System.getProperty("java.version"),
                engine.getEngineName(), engine.getVersion(), device.resolve(), n, batch);
        System.out.println("info " + EngineInfo.current());
        try (Mlp net = Mlp.builder().hidden(64, 64, 64).activation(Activation.TANH).seed(1).device(device.resolve()).build(x);
             Trainer.OptimizerState adam = new Trainer.OptimizerState()) {
            writeInit(init, net, n, epochs);
            for (int e = 0; e < epochs; e++) {
                // one fit per epoch, timed from outside as bench/training does; its seed fixes that epoch's order (see
                // order()), and Adam's moments and step count carry over, so the epochs make one continuous training
                Trainer t = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(1)
                        .withBatchSize(batch).withLearningRate(1e-3).withValidationFraction(0).withPatience(0).withSeed(seed(e)))
                        .optimizerState(adam);
                long t0 = System.nanoTime();
                var h = t.fit(net, data, Losses.bce());
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "epoch %d wall %.4f loss %.12g samples/s %.1f%n", e, s, h.trainLoss().get(0), n / s);
            }
        }
    }

    static long seed(int epoch) {
        return 100 + epoch;
    }

    /**
     * The rows an epoch's fit visits, in order. Trainer.train with no validation set draws validationSplit's permutation
     * (the training rows, in that order) and then the epoch's permutation of them, both from SplittableRandom(seed), by
     * Trainer.permutation's Fisher-Yates. Written out here because those are package-private; if Trainer ever draws
     * differently, the check's losses disagree at the 1e-3 level in the first epoch and it fails, so it cannot drift
     * silently.
     */
    static int[] order(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] train = permutation(n, rng), perm = permutation(n, rng), rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = train[perm[i]];
        return rows;
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static void writeInit(Path init, Mlp net, int n, int epochs) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        List<NDArray> params = net.parameters();
        head.putInt(n).putInt(net.inputs()).putInt(params.size() / 2).putInt(epochs);
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(init)))) {
            out.write(head.array());
            writeFloats(out, net.mean());
            writeFloats(out, net.std());
            for (int l = 0; l < params.size(); l += 2) {
                long[] shape = params.get(l).getShape().getShape();
                writeInts(out, new int[]{(int) shape[0], (int) shape[1]});
                writeFloats(out, params.get(l).toFloatArray());
                writeFloats(out, params.get(l + 1).toFloatArray());
            }
            for (int e = 0; e < epochs; e++) writeInts(out, order(n, seed(e)));
        }
    }

    static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) bb.putFloat(f);
        out.write(bb.array());
    }

    static void writeInts(DataOutputStream out, int[] v) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : v) bb.putInt(i);
        out.write(bb.array());
    }
}
