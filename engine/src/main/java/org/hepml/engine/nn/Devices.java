package org.hepml.engine.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.hepml.engine.HepmlException;

/**
 * Where networks run. Each training says where in its {@link TrainingSettings#device()}; networks made without
 * a choice (a model loaded from a file) run on the default, {@code auto}: a CUDA GPU when DJL finds one, else the
 * CPU. Nothing here is changed by a training: the device is not a global setting. {@code %hepml} reports the
 * default with the thread counts.
 */
public final class Devices {

    private Devices() {
    }

    /** The DJL device of a choice. */
    public static Device resolve(DeviceChoice choice) {
        Engine engine = Engine.getInstance();
        return switch (choice) {
            case AUTO -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case CPU -> Device.cpu();
            case GPU -> {
                if (engine.getGpuCount() == 0) {
                    throw new HepmlException("--device gpu: DJL finds no CUDA GPU on this machine. Use --device auto or cpu,"
                            + " or build hepml with the CUDA natives (mvn -Pcuda install) on a machine with an NVIDIA GPU.");
                }
                yield Device.gpu();
            }
        };
    }

    /** The default device, where networks made without a choice run ({@code auto}). */
    public static Report current() {
        return new Report(resolve(DeviceChoice.AUTO));
    }

    /** What the engine runs on. */
    public record Report(Device device) {
        @Override
        public String toString() {
            return EngineInfo.current().toString();
        }
    }
}
