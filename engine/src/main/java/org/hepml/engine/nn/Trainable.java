package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What {@link Trainer} needs from a network: its trainable arrays, a forward pass on a batch, and copies of
 * its state for best-epoch keeping. {@link Mlp} is one; the Bayesian networks of {@code org.hepml.engine.bayes}
 * (whose forward pass draws weights) are others, so every network trains through the one loop.
 */
public interface Trainable {
    int inputs();

    /** The arrays the optimizer updates (each with requiresGradient set). */
    List<NDArray> parameters();

    /** Outputs for a batch of raw inputs, [batch, outputs]; everything made belongs to the batch's manager. */
    NDArray forward(NDArray x);

    float[][] snapshot();

    void restore(float[][] values);
}
