package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Weighted losses shared by the estimators; each is a weighted batch mean, sum_i w_i l_i / sum_i w_i. */
public final class Losses {
    private Losses() {
    }

    /** Term names, as training histories and their plots show them. */
    public static final String CROSS_ENTROPY = "cross-entropy", SQUARED_ERROR = "squared error";

    static NDArray weightedMean(NDArray perEvent, Batch batch) {
        return batch.mean(perEvent);
    }

    /**
     * Binary cross entropy on a logit output against target {@code y} in [0, 1]: softplus(s) - y s, with
     * PyTorch's stable softplus (one native op; the hand-written max(s, 0) - y s + log(1 + exp(-|s|)) was nine).
     */
    public static Loss bce() {
        return Loss.named(CROSS_ENTROPY, (out, tangents, batch) -> weightedMean(bceWithLogits(column(out, 0), column(batch.target("y"), 0)), batch));
    }

    /**
     * Column {@code j} of a [b, width] array as [b], the same values as {@code a.get(":, j")}: for a one-column array a
     * squeeze, one native call, where an index written as a string is parsed again for every batch.
     */
    public static NDArray column(NDArray a, int j) {
        return a.getShape().get(1) == 1 && j == 0 ? a.squeeze(1) : a.get(new NDIndex().addAllDim().addIndices(j));
    }

    public static NDArray bceWithLogits(NDArray logit, NDArray y) {
        return logit.getNDArrayInternal().softPlus().sub(logit.mul(y));
    }

    /** Squared error of every output against the target {@code y}, summed over outputs. */
    public static Loss mse() {
        return Loss.named(SQUARED_ERROR, (out, tangents, batch) -> weightedMean(out.sub(batch.target("y")).square().sum(new int[]{1}), batch));
    }
}
