import org.hepml.engine.events.sim.TopQcdJets;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.ParticleFlowNetwork;
import org.hepml.engine.nn.ParticleSets;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * hepml's PFN training, the Java side of bench/pfn: {@code write FILE N M} simulates N top/QCD jets, pads them to M
 * rotated (z, y, phi) particles and writes rows and labels as little-endian float32 for the PyTorch side;
 * {@code train FILE N M EPOCHS BATCH} trains a PFN (Phi 3-64-64-32, F 32-64-64-1, relu, Adam 1e-3 constant, no
 * validation, 1 intra-op thread) on those rows and prints "hepml WALL_SECONDS LAST_LOSS".
 */
public class PfnBench {
    public static void main(String[] args) throws Exception {
        String file = args[1];
        int n = Integer.parseInt(args[2]), m = Integer.parseInt(args[3]);
        if (args[0].equals("write")) {
            var events = new TopQcdJets().seed(1).generate("bench", n);
            float[][] rows = ParticleSets.pad(events.particles(), m, ParticleSets.Weight.Z, true).rows();
            double[] y = events.events().column("y");
            ByteBuffer b = ByteBuffer.allocate(4 * n * (m * 3 + 1)).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : rows) for (float v : r) b.putFloat(v);
            for (double v : y) b.putFloat((float) v);
            try (DataOutputStream out = new DataOutputStream(new FileOutputStream(file))) {
                out.write(b.array());
            }
            return;
        }
        int epochs = Integer.parseInt(args[4]), batch = Integer.parseInt(args[5]);
        ByteBuffer b = ByteBuffer.wrap(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file))).order(ByteOrder.LITTLE_ENDIAN);
        float[][] rows = new float[n][m * 3];
        float[] y = new float[n];
        for (float[] r : rows) for (int j = 0; j < r.length; j++) r[j] = b.getFloat();
        for (int i = 0; i < n; i++) y[i] = b.getFloat();
        TrainingSettings t = TrainingSettings.ESTIMATOR.withEpochs(epochs).withBatchSize(batch).withLearningRate(1e-3)
                .withDecay(TrainingSettings.Decay.CONSTANT).withValidationFraction(0).withPatience(0).withThreads(1).withSeed(1);
        try (ParticleFlowNetwork net = ParticleFlowNetwork.pfn(m, 3, new int[]{64, 64}, 32, new int[]{64, 64}, 1, 1).activation(Activation.RELU).build(rows)) {
            long t0 = System.nanoTime();
            var h = new Trainer(t).fit(net, new TrainingData(rows, null).target("y", y), Losses.bce());
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "hepml %.3f %.5f%n", wall, h.trainLoss().get(h.trainLoss().size() - 1));
        }
    }
}
