package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

/** Weighted losses shared by the estimators; each is a weighted batch mean, sum_i w_i l_i / sum_i w_i. */
public final class Losses {
    private Losses() {
    }

    static NDArray weightedMean(NDArray perEvent, Batch batch) {
        return perEvent.mul(batch.weights()).sum().div(batch.weightSum());
    }

    /**
     * Binary cross entropy on a logit output against target {@code y} in [0, 1]:
     * softplus(s) - y s, written stably as max(s, 0) - y s + log(1 + exp(-|s|)).
     */
    public static Loss bce() {
        return (out, tangents, batch) -> weightedMean(bceWithLogits(out.get(":, 0"), batch.target("y").get(":, 0")), batch);
    }

    static NDArray bceWithLogits(NDArray logit, NDArray y) {
        return Scalars.max(logit, 0f).sub(logit.mul(y)).add(logit.abs().neg().exp().add(1f).log());
    }

    /** Squared error of every output against the target {@code y}, summed over outputs. */
    public static Loss mse() {
        return (out, tangents, batch) -> weightedMean(out.sub(batch.target("y")).square().sum(new int[]{1}), batch);
    }
}
