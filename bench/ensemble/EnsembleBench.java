import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.FusedEnsemble;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.Method;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An ensemble of K members trained fused ({@link FusedEnsemble}: one batched network) against the same K members
 * trained one after the other with {@link Trainer} (what {@code --ensemble K} did before), in one process, the two
 * alternating round by round (the order flips every round) after an untimed warm-up of both.
 * <pre>
 *   CASE MEMBERS ROUNDS EPOCHS EVENTS
 *   mlp     4-64-64-64-1 tanh, weighted BCE, batch 256, no validation (the network of bench/training)
 *   small   the same sample and loss on 4-32-32-1 tanh, batch 128
 *   alices  the ALICES ratio estimator on the Galton board: hidden 100-100 tanh, batch 128, input tangents for the
 *           score term, a quarter of the events for validation (the estimator defaults), no early stopping
 * </pre>
 * Prints one line per timed training: "CASE round R fused|sequential wall-seconds thread-cpu-seconds process-cpu-seconds"
 * (the calling thread runs all tensor work with 1 intra-op thread; the process adds garbage collection and the JIT),
 * then the largest relative difference between the two sides' per-epoch losses (the same seeds: the members must agree).
 */
public class EnsembleBench {
    record Work(TrainingSettings settings, TrainingData data, Loss loss, int[] tangents) {
    }

    public static void main(String[] args) {
        String kind = args[0];
        int members = Integer.parseInt(args[1]), rounds = Integer.parseInt(args[2]), epochs = Integer.parseInt(args[3]), n = Integer.parseInt(args[4]);
        ai.djl.engine.Engine.getInstance(); // the natives load before the thread counts are read
        Work w = switch (kind) {
            case "mlp" -> mlp(n, epochs, 256, 64, 64, 64);
            case "small" -> mlp(n, epochs, 128, 32, 32);
            case "alices" -> alices(n, epochs);
            default -> throw new IllegalArgumentException(kind);
        };
        long[] seeds = new long[members];
        for (int m = 0; m < members; m++) seeds[m] = 1 + 1000L * m; // as EstimatorOptions seeds its members
        System.out.printf(Locale.ROOT, "info %s java %s intra-op %d inter-op %d events %d members %d epochs %d batch %d hidden %s%n", kind,
                System.getProperty("java.version"), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), n, members, epochs,
                w.settings.batchSize(), java.util.Arrays.toString(w.settings.hidden()));
        // warm-up: both paths once, one epoch, untimed (JIT, native library)
        Work warm = new Work(w.settings.withEpochs(1), w.data, w.loss, w.tangents);
        int fusedThreads = train(warm, seeds, true).get(0).threads(), sequentialThreads = train(warm, seeds, false).get(0).threads();
        // the intra-op threads each side's trainings used (chosen by nn.IntraOpThreads unless set with -Dai.djl.pytorch.num_threads)
        System.out.printf(Locale.ROOT, "info-threads %s fused %d sequential %d%n", kind, fusedThreads, sequentialThreads);
        double worst = 0;
        for (int r = 1; r <= rounds; r++) {
            boolean[] order = r % 2 == 1 ? new boolean[]{true, false} : new boolean[]{false, true};
            List<List<TrainingHistory>> both = new ArrayList<>();
            for (boolean fused : order) {
                var cpu = ManagementFactory.getThreadMXBean();
                var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long t0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime(), p0 = process.getProcessCpuTime();
                both.add(train(w, seeds, fused));
                double s = (System.nanoTime() - t0) / 1e9, c = (cpu.getCurrentThreadCpuTime() - c0) / 1e9, p = (process.getProcessCpuTime() - p0) / 1e9;
                System.out.printf(Locale.ROOT, "%s round %d %s %.3f %.3f %.3f%n", kind, r, fused ? "fused" : "sequential", s, c, p);
            }
            for (int m = 0; m < members; m++) {
                List<Double> a = both.get(0).get(m).trainLoss(), b = both.get(1).get(m).trainLoss();
                for (int e = 0; e < Math.min(a.size(), b.size()); e++) worst = Math.max(worst, Math.abs(a.get(e) - b.get(e)) / Math.abs(b.get(e)));
                if (a.size() != b.size()) worst = Double.POSITIVE_INFINITY;
            }
        }
        System.out.printf(Locale.ROOT, "%s agreement %.3g%n", kind, worst);
    }

    static List<TrainingHistory> train(Work w, long[] seeds, boolean fused) {
        List<Mlp> nets = new ArrayList<>();
        try {
            for (long s : seeds) nets.add(Mlp.builder().of(w.settings).seed(s).build(w.data.features()));
            if (fused) {
                FusedEnsemble f = new FusedEnsemble(w.settings, seeds);
                if (w.tangents != null) f.tangents(w.tangents);
                return f.fit(nets, w.data, w.loss);
            }
            List<TrainingHistory> out = new ArrayList<>();
            for (int m = 0; m < seeds.length; m++) {
                Trainer t = new Trainer(w.settings.withSeed(seeds[m]));
                if (w.tangents != null) t.tangents(w.tangents);
                out.add(t.fit(nets.get(m), w.data, w.loss));
            }
            return out;
        } finally {
            nets.forEach(Mlp::close);
        }
    }

    /** Two 4D Gaussians, N(0, 1) labelled 0 and N(0.5, 1.2) labelled 1, weights uniform in [0.5, 1.5] (bench/training's sample). */
    static Work mlp(int n, int epochs, int batch, int... hidden) {
        SplittableRandom r = new SplittableRandom(42);
        float[][] x = new float[n][4];
        float[] y = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 4; j++) x[i][j] = (float) (y[i] == 1 ? 0.5 + 1.2 * r.nextGaussian() : r.nextGaussian());
            w[i] = (float) (0.5 + r.nextDouble());
        }
        TrainingSettings s = TrainingSettings.ESTIMATOR.withHidden(hidden).withActivation(Activation.TANH).withEpochs(epochs).withBatchSize(batch)
                .withDecay(TrainingSettings.Decay.CONSTANT).withLearningRate(1e-3).withValidationFraction(0).withPatience(0);
        return new Work(s, new TrainingData(x, w).target("y", y), Losses.bce(), null);
    }

    /** The Galton board's ratio-training sample, laid out as RatioEstimator lays it out: inputs (x, theta0). */
    static Work alices(int n, int epochs) {
        Dataset d = new AugmentedSimulation(new GaltonBoard()).theta("uniform(-1,-0.4)").reference(-0.6).augment(true).seed(1).generate("train", n);
        List<String> obs = d.columns(ColumnRole.OBSERVABLE), thetas = d.columns(ColumnRole.PARAMETER);
        List<String> in = new ArrayList<>(obs);
        in.addAll(thetas);
        float[][] x = new float[n][in.size()];
        float[][] t = new float[n][thetas.size()];
        for (int j = 0; j < in.size(); j++) {
            double[] c = d.column(in.get(j));
            for (int i = 0; i < n; i++) x[i][j] = (float) c[i];
        }
        for (int j = 0; j < thetas.size(); j++) {
            double[] c = d.column("t_xz." + thetas.get(j).substring("theta.".length()));
            for (int i = 0; i < n; i++) t[i][j] = (float) c[i];
        }
        TrainingData data = new TrainingData(x, floats(d.weights())).target("y", floats(d.column("y"))).target("r_xz", floats(d.column("r_xz")))
                .target("t_xz", t);
        int[] tangents = new int[thetas.size()];
        for (int j = 0; j < tangents.length; j++) tangents[j] = obs.size() + j;
        return new Work(TrainingSettings.ESTIMATOR.withEpochs(epochs).withPatience(0), data, Method.ALICES.loss(1), tangents);
    }

    static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
