package org.hepml.engine;

import ai.djl.engine.Engine;

/**
 * What the engine runs on: the tensor engine and its version, the default compute device, the GPUs DJL
 * finds and the CPU threads, as {@code %hepml} reports them.
 */
public record EngineInfo(String tensorEngine, String engineVersion, String device, int gpus,
                         int cpuCores, String javaVersion, long maxHeapBytes) {

    public static EngineInfo current() {
        Engine e = Engine.getInstance();
        return new EngineInfo(e.getEngineName(), e.getVersion(), e.defaultDevice().toString(), e.getGpuCount(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory());
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s %s on %s (%d GPU%s), %d CPU cores, Java %s, heap %.1f GB",
                tensorEngine, engineVersion, device, gpus, gpus == 1 ? "" : "s", cpuCores, javaVersion,
                maxHeapBytes / 1e9);
    }
}
