package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

/**
 * A training objective: a scalar from the network's outputs (and, for score-based methods, their tangents
 * with respect to selected inputs) on one batch. Each method's loss is one small function of this shape.
 */
@FunctionalInterface
public interface Loss {
    /**
     * @param outputs  network outputs [b, outputs]
     * @param tangents d outputs / d selected inputs [k, b, outputs], or null when none were asked for
     */
    NDArray compute(NDArray outputs, NDArray tangents, Batch batch);
}
