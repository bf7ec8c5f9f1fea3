package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;

/**
 * What the engine runs on: the tensor engine and its version, the default compute device, the GPUs DJL
 * finds, the CPU threads outside trainings and how trainings choose theirs ({@link IntraOpThreads}), as
 * {@code %hepml} reports them.
 *
 * @param trainingThreads how trainings set libtorch's intra-op threads, and the last training's choice
 */
public record EngineInfo(String tensorEngine, String engineVersion, String device, int gpus, int intraOpThreads,
                         int interOpThreads, int cpuCores, String javaVersion, long maxHeapBytes, String trainingThreads) {

    /** The device networks are built on now (see {@link Devices}) and the engine's thread pools. */
    public static EngineInfo current() {
        Engine e = Engine.getInstance();
        return new EngineInfo(e.getEngineName(), e.getVersion(), Devices.current().device().toString(),
                e.getGpuCount(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory(),
                trainingThreadRule());
    }

    private static String trainingThreadRule() {
        String rule = System.getProperty(IntraOpThreads.PROPERTY) != null
                ? "as -D" + IntraOpThreads.PROPERTY + " sets them"
                : Runtime.getRuntime().availableProcessors() > 1
                ? "measured per training (its steps timed at 1, 2, ... threads up to the cores, the fastest kept, timed again as the load changes)"
                : "1 (one core)";
        return rule + IntraOpThreads.lastTraining().map(c -> "; last training: " + c).orElse("");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s %s on %s (%d GPU%s visible), %d intra-op / %d inter-op threads, %d CPU cores, Java %s, heap %.1f GB;"
                        + " training threads: %s",
                tensorEngine, engineVersion, device, gpus, gpus == 1 ? "" : "s", intraOpThreads, interOpThreads, cpuCores,
                javaVersion, maxHeapBytes / 1e9, trainingThreads);
    }
}
