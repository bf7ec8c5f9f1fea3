package org.hepml.engine.nn;

/**
 * Adam's state for one network kept between fused fits ({@link FusedEnsemble#optimizerStates}): the first and second
 * moments of every parameter (in {@link Trainable#parameters()} order, each flattened as {@link Trainable#snapshot()}
 * flattens it) and the number of steps taken. What {@link Trainer.OptimizerState} is to a separate training, this is
 * to a member of a fused one: a later fit continues Adam where the last one stopped, as a separate training with a
 * carried state would. Held in Java arrays, so it outlives the fused network it was cut from.
 */
public final class AdamMoments {
    float[][] first, second;
    int steps;

    /** Steps taken so far (0: fresh, no moments yet). */
    public int steps() {
        return steps;
    }

    /** Back to a fresh optimizer. */
    public void clear() {
        first = second = null;
        steps = 0;
    }
}
