package org.hepml.engine.nn;

import ai.djl.Device;
import org.hepml.engine.HepmlException;

import java.util.Locale;

/**
 * Where one training builds and trains its network: {@code auto} (a CUDA GPU when DJL finds one, else the CPU),
 * {@code cpu} or {@code gpu}. A setting of each training ({@link TrainingSettings#device()}), never a global: one
 * training's choice does not move the networks of another.
 */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    /** {@code auto}, {@code cpu} or {@code gpu}, in any case. */
    public static DeviceChoice parse(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "cpu" -> CPU;
            case "gpu" -> GPU;
            default -> throw new HepmlException("--device takes auto, cpu or gpu; got '" + name + "'.");
        };
    }

    /** The DJL device; {@code gpu} on a machine without one fails with what to do instead. */
    public Device resolve() {
        return Devices.resolve(this);
    }
}
