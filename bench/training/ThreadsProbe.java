import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One intra-op thread against two, alternating in one JVM (the order flips every round), for several networks and batch
 * sizes: the measurement behind IntraOpThreads' rule. Usage: ThreadsProbe EVENTS ROUNDS BATCH,BATCH,...
 * Run it with and without OMP_WAIT_POLICY=PASSIVE to see what spinning OpenMP waiters do on a busy machine. Prints the
 * median and all samples/s of the timed fit (one epoch after a warm-up epoch) per network, batch and thread count.
 */
public class ThreadsProbe {
    public static void main(String[] a) throws Exception {
        ai.djl.engine.Engine.getInstance();
        int n = Integer.parseInt(a[0]), rounds = Integer.parseInt(a[1]);
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[n][4]; float[] y = new float[n], w = new float[n];
        for (int i = 0; i < n; i++) { y[i] = i % 2; for (int j = 0; j < 4; j++) x[i][j] = (float) (y[i] == 1 ? 0.5 + 1.2 * r.nextGaussian() : r.nextGaussian()); w[i] = 1; }
        TrainingData data = new TrainingData(x, w).target("y", y);
        int[][] nets = {{64, 64, 64}, {100, 100}, {32}, {256, 256}};
        int[] batches = Arrays.stream(a[2].split(",")).mapToInt(Integer::parseInt).toArray();
        Map<String, List<Double>> res = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int[] h : nets) for (int b : batches) {
                int[] order = round % 2 == 0 ? new int[]{1, 2} : new int[]{2, 1};
                for (int t : order) {
                    try (Mlp net = Mlp.builder().hidden(h).seed(1).build(x)) {
                        Trainer tr = new Trainer(TrainingSettings.ESTIMATOR.withEpochs(1).withBatchSize(b).withValidationFraction(0)
                                .withPatience(0).withThreads(t));
                        tr.fit(net, data, Losses.bce()); // warm
                        long t0 = System.nanoTime();
                        tr.fit(net, data, Losses.bce());
                        double s = (System.nanoTime() - t0) / 1e9;
                        res.computeIfAbsent(Arrays.toString(h) + " b" + b + " t" + t, k -> new ArrayList<>()).add(n / s);
                    }
                }
            }
            System.err.println("round " + round + " load " + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        res.forEach((k, v) -> { Collections.sort(v); System.out.printf(Locale.ROOT, "%-28s median %8.0f  %s%n", k, v.get(v.size() / 2), v); });
    }
}
