import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training-speed benchmark of hepml's own loop ({@link Trainer} on an {@link Mlp}), the peer of torch_bench.py.
 * <pre>
 *   make FILE N SEED                      writes the shared samples: float32 little-endian x[N][4], y[N], w[N]
 *   mlp FILE WARMUP EPOCHS BATCH...       4-64-64-64-1 tanh, Adam 1e-3, weighted BCE; prints "mlp BATCH epoch samples/s
 *                                         loss L cpu samples-per-CPU-second threads T" (T: the training's intra-op threads)"
 *   estimator N EPOCHS MEMBERS            ALICES on the Galton board: one member, then an ensemble of MEMBERS
 * </pre>
 * Each timed epoch is one {@code Trainer.fit(..., epochs 1)} call on the same network, timed from outside,
 * so the per-fit set-up (copying the data to the device, the shuffle) counts against hepml.
 */
public class TrainBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "mlp" -> mlp(args);
            case "estimator" -> estimator(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Two 4D Gaussians, N(0, 1) labelled 0 and N(0.5, 1.2) labelled 1, weights uniform in [0.5, 1.5]. */
    static void make(Path file, int n, long seed) throws Exception {
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

    static Object[] read(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.capacity() / 4 / 6;
        float[][] x = new float[n][4];
        float[] y = new float[n], w = new float[n];
        for (float[] row : x) for (int j = 0; j < 4; j++) row[j] = b.getFloat();
        for (int i = 0; i < n; i++) y[i] = b.getFloat();
        for (int i = 0; i < n; i++) w[i] = b.getFloat();
        return new Object[]{x, y, w};
    }

    static void mlp(String[] args) throws Exception {
        ai.djl.engine.Engine.getInstance(); // loads the natives before the thread counts are read
        Object[] d = read(Path.of(args[1]));
        float[][] x = (float[][]) d[0];
        int warmup = Integer.parseInt(args[2]), epochs = Integer.parseInt(args[3]);
        TrainingData data = new TrainingData(x, (float[]) d[2]).target("y", (float[]) d[1]);
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        var gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        // the training chooses its intra-op threads (IntraOpThreads) unless -Dai.djl.pytorch.num_threads is given: the
        // count at start is libtorch's outside trainings, each epoch line says what the training used
        System.out.printf(Locale.ROOT, "info java %s intra-op %d (outside trainings) inter-op %d omp-wait %s malloc-trim %s cores %d events %d%n",
                System.getProperty("java.version"), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "default"), System.getenv().getOrDefault("MALLOC_TRIM_THRESHOLD_", "default"), Runtime.getRuntime().availableProcessors(), x.length);
        for (int a = 4; a < args.length; a++) {
            int batch = Integer.parseInt(args[a]);
            try (Mlp net = Mlp.builder().hidden(64, 64, 64).activation(Activation.TANH).seed(1).build(x)) {
                for (int e = 0; e < warmup + epochs; e++) {
                    Trainer t = new Trainer(TrainingSettings.ESTIMATOR.withDecay(TrainingSettings.Decay.CONSTANT).withEpochs(1).withBatchSize(batch)
                            .withLearningRate(1e-3).withValidationFraction(0).withPatience(0).withSeed(100 + e));
                    long gc0 = gcs.stream().mapToLong(g -> g.getCollectionTime()).sum(), p0 = os.getProcessCpuTime(), f0 = minorFaults();
                    long t0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
                    var h = t.fit(net, data, Losses.bce());
                    double s = (System.nanoTime() - t0) / 1e9, c = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
                    double p = (os.getProcessCpuTime() - p0) / 1e9, gc = (gcs.stream().mapToLong(g -> g.getCollectionTime()).sum() - gc0) / 1e3;
                    // wall-clock and this thread's CPU time: with 1 intra-op thread every op runs on this thread, so the
                    // CPU-time rate is what the loop would reach with a core of its own (other engineers share this machine)
                    // then the whole process's CPU time (every thread: intra-op workers, GC, JIT) and the GC's pauses per epoch
                    if (e >= warmup) System.out.printf(Locale.ROOT, "mlp %d %d %.1f loss %.5f cpu %.1f threads %d process-cpu %.1f gc-s %.3f faults %d%n", batch, e - warmup, x.length / s,
                            h.trainLoss().get(0), x.length / c, h.threads(), x.length / p, gc, minorFaults() - f0);
                }
            }
            // how the last training chose its intra-op threads (measured, or the count it was given)
            org.hepml.engine.nn.IntraOpThreads.lastTraining().ifPresent(c -> System.out.println("choice " + batch + " " + c));
        }
        threadTimes();
    }

    /** The process's minor page faults so far (Linux /proc; -1 elsewhere): first touches of fresh memory, zeroed by the kernel. */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (Exception e) {
            return -1;
        }
    }

    /** With -Dbench.threads: every thread's CPU seconds (Linux /proc), to see where the process's CPU time goes. */
    static void threadTimes() throws Exception {
        if (System.getProperty("bench.threads") == null) return;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.sorted().toList()) {
                String stat = Files.readString(t.resolve("stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, clock ticks
                if (sec >= 0.05) System.out.printf(Locale.ROOT, "info thread %s %.2f s%n", comm.replace(' ', '_'), sec);
            }
        }
    }

    static void estimator(int n, int epochs, int members) {
        ai.djl.engine.Engine.getInstance();
        long t0 = System.nanoTime();
        Dataset train = new AugmentedSimulation(new GaltonBoard()).theta("uniform(-1,-0.4)").reference(-0.6).augment(true).seed(1)
                .generate("train", n);
        double sim = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "info galton simulate %d events %.2f s, intra-op %d%n", n, sim, JniUtils.getNumThreads());
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(epochs).withPatience(0)); // a fixed amount of work
        // warm-up: a small training so the JIT and the native library are hot
        EstimatorOptions w = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(2));
        try (RatioEstimator e = RatioEstimator.train(train, Method.ALICES, 1.0, w)) {
            e.histories();
        }
        t0 = System.nanoTime();
        double samples;
        try (RatioEstimator e = RatioEstimator.train(train, Method.ALICES, 1.0, o)) {
            samples = e.histories().get(0).samples();
        }
        double single = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "estimator single %d %.3f %.1f%n", epochs, single, samples / single);
        t0 = System.nanoTime();
        try (RatioEstimator e = RatioEstimator.train(train, Method.ALICES, 1.0, o.withEnsemble(members))) {
            e.histories();
        }
        double ens = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "estimator ensemble %d %.3f %.3f%n", members, ens, ens / members);
    }
}
