package org.hepml.engine.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How many threads libtorch uses inside each operation (its intra-op threads) while one training runs. DJL's default is
 * every core, which is the wrong default for the small networks hepml trains: at batch 256 a step is dozens of
 * operations of tens of microseconds, too short to share, and on a busy machine two threads can wait for each other's
 * core (OpenMP's spinning waiters: a few thousand samples/s where one thread kept over 200k, bench/training/README.md).
 * Which count is fastest depends on the network, the batch and the machine's load at the time, so with more than one
 * core {@link Trainer} measures it: it times its own steps at 1, 2, ... threads, keeps the fastest and times them again as
 * the load changes ({@link MeasuredThreads}). The count is set on the thread that trains and the one before is put back
 * after the training.
 * <p>A count given explicitly wins: the training's own setting ({@link TrainingSettings#threads()}), else DJL's system
 * property {@value #PROPERTY} (the engine then leaves libtorch as DJL set it). On a GPU the count is left alone. Callers
 * that fix one count for a whole training ({@code FusedEnsemble}) get the rule by work below: one thread below
 * {@link #WORK_PER_THREAD} multiply-adds a step, one more per that much, at most the cores, and more than one only where
 * OpenMP's waiting threads sleep ({@code OMP_WAIT_POLICY=PASSIVE}; {@code ./hepml} leaves libgomp's bounded spinning,
 * which measured trainings need for a second thread that pays, so such callers get one thread there).
 * One thread or two give bit-identical steps for hepml's networks (checked for 4-64-64-64-1 and 4-256-256-1 at batch 256
 * and 4096, and for a training switching between them step by step), so the choice changes speed, not results.
 */
public final class IntraOpThreads {
    /**
     * Multiply-adds of one step's forward pass (batch x weights) per thread: on the quiet 2-core machine two threads
     * lost to one at batch 256 with 4-64-64-64-1 (2.2M multiply-adds) and won at 4096 (35M); loaded runs could not place
     * the break-even more finely, so it sits between them (bench/training/README.md). Re-measured quiet (at real-time
     * priority) with sleeping waiters: two threads ran 0.44x one at batch 256 and 1.0-1.1x at 4096.
     */
    public static final long WORK_PER_THREAD = 16_000_000L;

    /** DJL's system property for libtorch's intra-op threads, read once when the engine starts. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private static volatile Choice last;

    private IntraOpThreads() {
    }

    /**
     * The count for one training and why: shown by {@code %hepml} (the last one) and kept in the training's history.
     * {@code measured}: the training times its steps instead ({@link MeasuredThreads}); {@code threads} is then the rule's
     * count, for callers that fix one count.
     */
    public record Choice(int threads, String reason, boolean measured) {
        /** A count that stands for the whole training. */
        public Choice(int threads, String reason) {
            this(threads, reason, false);
        }

        @Override
        public String toString() {
            return threads + (threads == 1 ? " intra-op thread" : " intra-op threads") + " (" + reason + ")";
        }
    }

    /**
     * The rule alone: threads for a step of {@code multiplyAdds} on {@code cores} cores, where more than one thread is
     * used only when OpenMP's waiting threads sleep.
     */
    static int forWork(long multiplyAdds, int cores, boolean waitersSleep) {
        if (!waitersSleep) return 1;
        return (int) Math.max(1, Math.min(cores, multiplyAdds / WORK_PER_THREAD));
    }

    /** Multiply-adds of one forward pass over a batch: every weight is used once per event (biases are left out). */
    static long multiplyAdds(List<NDArray> parameters, int batchSize) {
        long weights = 0;
        for (NDArray p : parameters) if (p.getShape().dimension() > 1) weights += p.size();
        return weights * batchSize;
    }

    /** Whether OpenMP's idle threads block instead of spinning ({@code OMP_WAIT_POLICY=PASSIVE}). */
    static boolean waitersSleep() {
        return "passive".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"));
    }

    /** The threads for training {@code net} at {@code batchSize}; {@code requested} > 0 is a count set for the training. */
    static Choice choose(int requested, Trainable net, int batchSize) {
        List<NDArray> params = net.parameters();
        if (params.get(0).getDevice().getDeviceType().equals(Device.Type.GPU)) {
            return new Choice(JniUtils.getNumThreads(), "the network is on a GPU; CPU threads left as they are");
        }
        if (requested > 0) return new Choice(requested, "set for this training");
        if (System.getProperty(PROPERTY) != null) {
            return new Choice(JniUtils.getNumThreads(), "-D" + PROPERTY + "=" + System.getProperty(PROPERTY));
        }
        long work = multiplyAdds(params, batchSize);
        int cores = Runtime.getRuntime().availableProcessors();
        boolean sleep = waitersSleep();
        int n = forWork(work, cores, sleep);
        String why = String.format(Locale.ROOT, "auto: %.1fM multiply-adds per step, %d core%s", work / 1e6, cores, cores == 1 ? "" : "s");
        if (!sleep && work >= 2 * WORK_PER_THREAD && cores > 1) why += "; more need OMP_WAIT_POLICY=PASSIVE";
        // with more than one core, Trainer times its steps instead (MeasuredThreads); the rule's count is for callers
        // that fix one count for a whole training
        return new Choice(n, why, cores > 1);
    }

    /** Sets the chosen count on this thread until {@link Scope#close()}, which restores the one before. */
    static Scope apply(Choice choice) {
        last = choice;
        int before = JniUtils.getNumThreads();
        if (before != choice.threads()) JniUtils.setNumThreads(choice.threads());
        return new Scope(before); // restored even if unchanged here: a measured training changes the count as it runs
    }

    /** The choice a measured training ended with, for {@code %hepml}. */
    static void ended(Choice choice) {
        last = choice;
    }

    /** The choice of the last training in this JVM, for {@code %hepml}. */
    public static Optional<Choice> lastTraining() {
        return Optional.ofNullable(last);
    }

    /** libtorch's count as it was before a training, put back when the training ends. */
    static final class Scope implements AutoCloseable {
        private final int restore;

        private Scope(int restore) {
            this.restore = restore;
        }

        @Override
        public void close() {
            if (restore > 0 && JniUtils.getNumThreads() != restore) JniUtils.setNumThreads(restore);
        }
    }
}
