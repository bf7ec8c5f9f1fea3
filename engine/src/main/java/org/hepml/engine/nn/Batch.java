package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.HepmlException;

import java.util.Map;

/**
 * One mini-batch as the loss sees it: inputs [b, d], weights [b], the named targets [b, width] and the sum of the
 * weights (computed once per batch: the loss divides by it and the training loop reads it). The batch of a
 * {@link FusedEnsemble} holds K members' batches one after the other (rows member-major, b = K x rows per member) and
 * its weights are [K, rows per member]: then {@link #mean} and {@link #weightSum} give one value per member, shape [K].
 */
public record Batch(NDArray inputs, NDArray weights, Map<String, NDArray> targets, NDArray weightSum) {

    public Batch(NDArray inputs, NDArray weights, Map<String, NDArray> targets) {
        this(inputs, weights, targets, weights.getShape().dimension() == 2 ? weights.sum(new int[]{1}) : weights.sum());
    }

    public NDArray target(String name) {
        NDArray t = targets.get(name);
        if (t == null) throw new HepmlException("The loss needs a target '" + name + "' that the training data does not have.");
        return t;
    }

    /** The sum of the weights, the denominator of a weighted batch mean (per member for a fused ensemble's batch). */
    @Override
    public NDArray weightSum() {
        return weightSum;
    }

    /**
     * The weighted batch mean of a per-event quantity [b], sum_i w_i l_i / sum_i w_i: a scalar, or one per member for a
     * fused ensemble's batch. Losses reduce through this, so one loss serves a single network and a fused ensemble.
     */
    public NDArray mean(NDArray perEvent) {
        if (!members()) return perEvent.mul(weights).sum().div(weightSum);
        return perEvent.reshape(weights.getShape()).mul(weights).sum(new int[]{1}).div(weightSum);
    }

    private boolean members() {
        return weights.getShape().dimension() == 2;
    }
}
