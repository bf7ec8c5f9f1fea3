package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;

/**
 * What the engine runs on: the tensor engine and its version, the default compute device, the GPUs DJL
 * finds and the CPU threads, as {@code %hepml} reports them.
 */
public record EngineInfo(String tensorEngine, String engineVersion, String device, int gpus, int intraOpThreads,
                         int interOpThreads, int cpuCores, String javaVersion, long maxHeapBytes) {

    /** The device networks are built on now (see {@link Devices}) and the engine's thread pools. */
    public static EngineInfo current() {
        Engine e = Engine.getInstance();
        return new EngineInfo(e.getEngineName(), e.getVersion(), Devices.current().device().toString(),
                e.getGpuCount(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s %s on %s (%d GPU%s visible), %d intra-op / %d inter-op threads, %d CPU cores, Java %s, heap %.1f GB",
                tensorEngine, engineVersion, device, gpus, gpus == 1 ? "" : "s", intraOpThreads, interOpThreads, cpuCores,
                javaVersion, maxHeapBytes / 1e9);
    }
}
