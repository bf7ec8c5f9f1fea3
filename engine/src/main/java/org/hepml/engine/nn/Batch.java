package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.HepmlException;

import java.util.Map;

/**
 * One mini-batch as the loss sees it: inputs [b, d], weights [b], the named targets [b, width] and the sum of the
 * weights (computed once per batch: the loss divides by it and the training loop reads it).
 */
public record Batch(NDArray inputs, NDArray weights, Map<String, NDArray> targets, NDArray weightSum) {

    public Batch(NDArray inputs, NDArray weights, Map<String, NDArray> targets) {
        this(inputs, weights, targets, weights.sum());
    }

    public NDArray target(String name) {
        NDArray t = targets.get(name);
        if (t == null) throw new HepmlException("The loss needs a target '" + name + "' that the training data does not have.");
        return t;
    }

    /** The sum of the weights, the denominator of a weighted batch mean. */
    @Override
    public NDArray weightSum() {
        return weightSum;
    }
}
