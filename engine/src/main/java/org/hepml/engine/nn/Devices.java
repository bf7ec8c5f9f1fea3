package org.hepml.engine.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.HepmlException;

import java.util.Locale;

/**
 * Where networks run: {@code auto} (a CUDA GPU when DJL finds one, else the CPU), {@code cpu} or {@code gpu}.
 * The choice is per kernel; {@code %hepml} reports it with the thread counts.
 */
public final class Devices {
    private static volatile Device chosen;

    private Devices() {
    }

    /** Chooses the device for networks made from now on. */
    public static Device select(String mode) {
        Engine engine = Engine.getInstance();
        Device d = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (engine.getGpuCount() == 0) {
                    throw new HepmlException("--device gpu: DJL finds no CUDA GPU on this machine. Use --device auto or cpu,"
                            + " or build hepml with the CUDA natives (mvn -Pcuda install) on a machine with an NVIDIA GPU.");
                }
                yield Device.gpu();
            }
            default -> throw new HepmlException("--device takes auto, cpu or gpu; got '" + mode + "'.");
        };
        chosen = d;
        return d;
    }

    /** The current choice (auto until something else is selected). */
    public static Report current() {
        Device d = chosen != null ? chosen : select("auto");
        return new Report(d);
    }

    /** What the engine runs on. */
    public record Report(Device device) {
        @Override
        public String toString() {
            return EngineInfo.current().toString();
        }
    }
}
