package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

/**
 * Hidden-layer activations, each with the derivative that forward-mode tangent propagation needs
 * (h' = act'(a) * a', see {@link Mlp}).
 */
public enum Activation {
    TANH {
        public NDArray apply(NDArray a) {
            return a.tanh();
        }

        NDArray derivative(NDArray a, NDArray h) {
            return h.square().neg().add(1f);
        }
    },
    SIGMOID {
        public NDArray apply(NDArray a) {
            return a.getNDArrayInternal().sigmoid();
        }

        NDArray derivative(NDArray a, NDArray h) {
            return h.mul(h.neg().add(1f));
        }
    },
    RELU {
        public NDArray apply(NDArray a) {
            return a.getNDArrayInternal().relu();
        }

        NDArray derivative(NDArray a, NDArray h) {
            return a.gt(0f).toType(a.getDataType(), false);
        }
    };

    /** The activation of the pre-activation {@code a}, one native op (differentiable). */
    public abstract NDArray apply(NDArray a);

    /** d act / d a at the pre-activation {@code a}, given also {@code h = act(a)}. */
    abstract NDArray derivative(NDArray a, NDArray h);
}
