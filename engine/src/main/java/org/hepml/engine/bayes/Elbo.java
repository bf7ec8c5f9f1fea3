package org.hepml.engine.bayes;

import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Scalars;

/**
 * The loss of a Bayesian network: the negative evidence lower bound per event, as two named terms so the
 * training history shows both. The first is the weighted batch mean of -log p(y | x, w) with sampled w; the
 * second is KL(q||p) divided by the number of training events N (not the batch size: the KL belongs to the
 * whole data set once, so each of its N events carries 1/N of it).
 */
final class Elbo {
    static final String NEGATIVE_LOG_LIKELIHOOD = "negative log-likelihood", KL_PER_EVENT = "KL/N";

    private Elbo() {
    }

    /** -log p(y | x, w) from {@code likelihood}, plus the KL of {@code net}'s forward pass over {@code trainingEvents}. */
    static Loss of(BayesianNetwork net, Loss likelihood, int trainingEvents) {
        return of(net::takeKl, likelihood, trainingEvents);
    }

    /** The same for any network whose last forward pass's KL term {@code takeKl} hands over. */
    static Loss of(java.util.function.Supplier<ai.djl.ndarray.NDArray> takeKl, Loss likelihood, int trainingEvents) {
        float perEvent = 1f / trainingEvents;
        // the likelihood term first: its forward pass is the one whose KL takeKl() hands over
        return Loss.named(NEGATIVE_LOG_LIKELIHOOD, likelihood)
                .plus(KL_PER_EVENT, 1, (out, tangents, batch) -> Scalars.times(takeKl.get(), perEvent));
    }
}
