package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.HepmlException;

import java.util.Map;

/** One mini-batch as the loss sees it: inputs [b, d], weights [b] and the named targets [b, width]. */
public record Batch(NDArray inputs, NDArray weights, Map<String, NDArray> targets) {

    public NDArray target(String name) {
        NDArray t = targets.get(name);
        if (t == null) throw new HepmlException("The loss needs a target '" + name + "' that the training data does not have.");
        return t;
    }

    /** The sum of the weights, the denominator of a weighted batch mean. */
    public NDArray weightSum() {
        return weights.sum();
    }
}
