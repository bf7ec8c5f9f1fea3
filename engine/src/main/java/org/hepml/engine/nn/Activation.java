package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

/**
 * Hidden-layer activations, each with the derivative that forward-mode tangent propagation needs
 * (h' = act'(a) * a', see {@link Mlp}).
 */
public enum Activation {
    TANH {
        NDArray apply(NDArray a) {
            return a.tanh();
        }

        NDArray derivative(NDArray a, NDArray h) {
            return h.square().neg().add(1f);
        }
    },
    SIGMOID {
        NDArray apply(NDArray a) {
            return a.getNDArrayInternal().sigmoid();
        }

        NDArray derivative(NDArray a, NDArray h) {
            return h.mul(h.neg().add(1f));
        }
    },
    RELU {
        NDArray apply(NDArray a) {
            return Scalars.max(a, 0f);
        }

        NDArray derivative(NDArray a, NDArray h) {
            return a.gt(0f).toType(a.getDataType(), false);
        }
    };

    abstract NDArray apply(NDArray a);

    /** d act / d a at the pre-activation {@code a}, given also {@code h = act(a)}. */
    abstract NDArray derivative(NDArray a, NDArray h);
}
