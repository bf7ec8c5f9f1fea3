package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

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
        return Loss.named(CROSS_ENTROPY, (out, tangents, batch) -> weightedMean(bceWithLogits(out.get(":, 0"), batch.target("y").get(":, 0")), batch));
    }

    public static NDArray bceWithLogits(NDArray logit, NDArray y) {
        return logit.getNDArrayInternal().softPlus().sub(logit.mul(y));
    }

    /** Squared error of every output against the target {@code y}, summed over outputs. */
    public static Loss mse() {
        return Loss.named(SQUARED_ERROR, (out, tangents, batch) -> weightedMean(out.sub(batch.target("y")).square().sum(new int[]{1}), batch));
    }
}
