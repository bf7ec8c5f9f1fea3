import org.hepml.engine.TaskRunner;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.unfold.BootstrapReplicas;
import org.hepml.engine.unfold.ClassifierReweighter;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.Unfolding;
import org.hepml.spark.LocalhostCluster;
import org.hepml.spark.SparkContexts;
import org.hepml.spark.SparkRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Wall time of an OmniFold's bootstrap replicas on a localhost standalone cluster, with one executor (spark.cores.max=1)
 * and with two (the two workers), alternating round by round; the same unfolding on both sides, whose weight columns
 * must come out identical. Only the replicas' Spark job is timed (the nominal run, on the driver, is the same on both
 * sides); each side starts its own Spark application, waits for its executors and warms each up with one small replica
 * before the clock starts.
 */
public class SparkBench {
    static int events = Integer.getInteger("events", 10_000);
    static int replicas = Integer.getInteger("replicas", 16);
    static int rounds = Integer.getInteger("rounds", 2);
    static int epochs = Integer.getInteger("epochs", 5);
    static int iterations = Integer.getInteger("iterations", 3);

    /** Times the runner's units (the replicas). */
    static final class Timed implements TaskRunner {
        final TaskRunner inner;
        double seconds;

        Timed(TaskRunner inner) {
            this.inner = inner;
        }

        @Override
        public <T> List<T> runAll(int n, Task<T> task, IntFunction<String> label, Progress progress) {
            long t0 = System.nanoTime();
            List<T> out = inner.runAll(n, task, label, progress);
            seconds = (System.nanoTime() - t0) / 1e9;
            return out;
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }

    public static void main(String[] args) throws Exception {
        Dataset sim = new GaussianToy().mu(0).sigma(1).seed(1).generate("sim", events);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).seed(2).generate("data", events);
        Dataset warmSim = new GaussianToy().mu(0).sigma(1).seed(3).generate("sim", 500);
        Dataset warmData = new GaussianToy().mu(0.2).sigma(0.8).seed(4).generate("data", 500);
        TrainingSettings t = TrainingSettings.UNFOLDING.withHidden(32, 32).withEpochs(epochs).withBatchSize(1000).withLearningRate(5e-3);
        int its = iterations;
        BootstrapReplicas.Configured setup = k -> new OmniFold().iterations(its)
                .reweighters(new ClassifierReweighter(t.withSeed(3 + 10L * k)), new ClassifierReweighter(t.withSeed(4 + 10L * k)));
        Path home = Path.of("bench/out/spark/cluster");
        System.setProperty("spark.executor.memory", "768m");
        List<Double> one = new ArrayList<>(), two = new ArrayList<>(), oneCpu = new ArrayList<>(), twoCpu = new ArrayList<>();
        double[][] firstWeights = null;
        boolean identical = true;
        try (LocalhostCluster cluster = new LocalhostCluster(2, "1g", home)) {
            for (int r = 0; r < rounds; r++) {
                int[] order = r % 2 == 0 ? new int[]{1, 2} : new int[]{2, 1};
                for (int executors : order) {
                    SparkContexts.stop();
                    System.setProperty("spark.cores.max", String.valueOf(executors));
                    SparkRunner spark = new SparkRunner(cluster.url());
                    var sc = spark.context();
                    while (sc.sc().statusTracker().getExecutorInfos().length < executors + 1) Thread.sleep(200);
                    // warm-up, untimed: one small replica per executor (one task slot each), so that every executor has
                    // loaded libtorch and compiled the training loop before the clock starts, on both sides alike
                    Unfolding.omnifold(setup, warmSim, List.of("x.gen"), List.of("x.reco"), warmData, List.of("x.reco"), "warm",
                            new Unfolding.Replicas(executors, 0, 7), spark);
                    Timed timed = new Timed(spark);
                    double cpu0 = cluster.executorCpuSeconds();
                    Dataset u = Unfolding.omnifold(setup, sim, List.of("x.gen"), List.of("x.reco"), data, List.of("x.reco"), "u",
                            new Unfolding.Replicas(replicas, 0, 7), timed);
                    double[][] w = new double[replicas][];
                    for (int b = 0; b < replicas; b++) w[b] = u.column("weight.boot" + (b + 1));
                    if (firstWeights == null) firstWeights = w;
                    else identical &= Arrays.deepEquals(firstWeights, w);
                    double cpu = cluster.executorCpuSeconds() - cpu0;
                    (executors == 1 ? one : two).add(timed.seconds);
                    (executors == 1 ? oneCpu : twoCpu).add(cpu);
                    System.out.printf(Locale.ROOT, "round %d, %d executor(s): %d replicas in %.1f s, executors' CPU %.1f s (load %s)%n",
                            r + 1, executors, replicas, timed.seconds, cpu, java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
                }
            }
        } finally {
            SparkContexts.stop();
        }
        double m1 = median(one), m2 = median(two);
        System.out.printf(Locale.ROOT, "median: 1 worker %.1f s, 2 workers %.1f s, speed-up %.2f; weights identical: %s%n", m1, m2, m1 / m2, identical);
        System.out.printf(Locale.ROOT, "{\"replicas\": %d, \"events\": %d, \"epochs\": %d, \"iterations\": %d, \"rounds\": %d, "
                        + "\"one_worker_s\": %.2f, \"two_workers_s\": %.2f, \"speedup\": %.3f, \"one_worker_runs_s\": %s, "
                        + "\"two_workers_runs_s\": %s, \"one_worker_cpu_s\": %.2f, \"two_workers_cpu_s\": %.2f, \"identical_weights\": %s}%n",
                replicas, events, epochs, its, rounds, m1, m2, m1 / m2, one, two, median(oneCpu), median(twoCpu), identical);
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
