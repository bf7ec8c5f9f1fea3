package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Scalars for array arithmetic inside a differentiated computation. DJL's {@code x.mul(2f)} makes the 2 an
 * array over Java memory and closes it straight after the multiplication, but autograd keeps it for the
 * backward pass (d(x c)/dx = c, the mask of {@code maximum(x, 0)}, the exponent of {@code pow}); once closed
 * its memory can be freed by the garbage collector and reused before the backward pass reads it, which gave
 * NaN losses and run-to-run differences that depended on when the collector ran. These scalars belong to a
 * manager that outlives the step (the batch's), so they stay valid until the gradients are computed.
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code value} as an array owned by {@code m}. */
    public static NDArray of(NDManager m, float value) {
        return m.create(value);
    }

    /** {@code value} owned by the manager of {@code x} (a batch intermediate, not a parameter). */
    public static NDArray like(NDArray x, float value) {
        return x.getManager().create(value);
    }

    public static NDArray times(NDArray x, float c) {
        return x.mul(like(x, c));
    }

    public static NDArray max(NDArray x, float c) {
        return x.maximum(like(x, c));
    }

    public static NDArray pow(NDArray x, float exponent) {
        return x.pow(like(x, exponent));
    }
}
