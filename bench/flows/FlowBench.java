import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.flows.ConditionalFlow;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.util.List;
import java.util.Locale;

/**
 * The flow-training benchmark's hepml side (bench/flows/run.sh).
 * make FILE N SEED: smeared ee -> mumu events (x.cos, theta.sin2w ~ U(0.15, 0.27)) as little-endian float32 pairs.
 * train FILE EPOCHS BATCH TRANSFORMS BINS BOUND HIDDEN: trains hepml's conditional spline flow on them (no validation
 * split, constant learning rate 1e-3, Adam), prints "hepml samples/s <rate> nll <mean -log p on the file>".
 */
public class FlowBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("make")) {
            int n = Integer.parseInt(args[2]);
            var ee = new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, ElectroweakMuonPairs.MZ, 0.1);
            Dataset d = new AugmentedSimulation(ee).theta("uniform(0.15,0.27)").seed(Long.parseLong(args[3])).generate("bench", n);
            double[] x = d.column("x.cos"), t = d.column("theta.sin2w");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(args[1])))) {
                for (int i = 0; i < n; i++) {
                    out.writeInt(Integer.reverseBytes(Float.floatToIntBits((float) x[i])));
                    out.writeInt(Integer.reverseBytes(Float.floatToIntBits((float) t[i])));
                }
            }
            return;
        }
        float[][] data = read(args[1]);
        int epochs = Integer.parseInt(args[2]), batch = Integer.parseInt(args[3]);
        FlowShape shape = new FlowShape(Integer.parseInt(args[4]), Integer.parseInt(args[5]), Double.parseDouble(args[6]));
        int hidden = Integer.parseInt(args[7]);
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(hidden, hidden).withEpochs(epochs).withBatchSize(batch)
                .withLearningRate(1e-3).withDecay(TrainingSettings.Decay.CONSTANT).withValidationFraction(0).withPatience(0);
        float[][] x = new float[data.length][1], c = new float[data.length][1];
        for (int i = 0; i < data.length; i++) {
            x[i][0] = data[i][0];
            c[i][0] = data[i][1];
        }
        try (ConditionalFlow flow = ConditionalFlow.build(shape, s, x, c, new boolean[1])) {
            TrainingHistory h = flow.fit(s, new TrainingData(data, null), ConditionalFlow.negativeLogLikelihood(), "bench", false);
            double[][] xd = new double[data.length][1], cd = new double[data.length][1];
            for (int i = 0; i < data.length; i++) {
                xd[i][0] = data[i][0];
                cd[i][0] = data[i][1];
            }
            double nll = 0;
            for (double v : flow.logDensity(xd, cd)) nll -= v / data.length;
            System.out.printf(Locale.ROOT, "hepml samples/s %.1f nll %.5f%n", h.samplesPerSecond(), nll);
        }
    }

    static float[][] read(String file) throws Exception {
        java.io.File f = new java.io.File(file);
        int n = (int) (f.length() / 8);
        float[][] d = new float[n][2];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(f)))) {
            for (int i = 0; i < n; i++) {
                d[i][0] = Float.intBitsToFloat(Integer.reverseBytes(in.readInt()));
                d[i][1] = Float.intBitsToFloat(Integer.reverseBytes(in.readInt()));
            }
        }
        return d;
    }
}
