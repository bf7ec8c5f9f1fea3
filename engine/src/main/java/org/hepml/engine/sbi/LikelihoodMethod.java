package org.hepml.engine.sbi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.hepml.engine.flows.ConditionalFlow;
import org.hepml.engine.nn.Loss;

import java.util.Locale;

/**
 * The likelihood methods of "mining gold" (Brehmer, Louppe, Pavez, Cranmer, PNAS 2020; MadMiner's NDE and SCANDAL):
 * a conditional normalizing flow p_hat(x | theta) trained on events simulated at their own theta. Each is one loss in
 * this table, the likelihood twin of {@link Method}'s table of ratio methods. The flow's outputs are log p_hat(x|theta)
 * and, for SCANDAL, t_hat = grad_theta log p_hat(x|theta) (see {@link ConditionalFlow#scoring()}).
 */
public enum LikelihoodMethod {
    /** Learns from the events alone; one term, "negative log-likelihood": -log p_hat(x | theta), weighted mean. */
    NDE(false),
    /** Learns from the events and the joint score t_xz; "negative log-likelihood" plus alpha x "score MSE", |t_hat - t_xz|^2. */
    SCANDAL(true);

    public final boolean needsJointScore;

    LikelihoodMethod(boolean needsJointScore) {
        this.needsJointScore = needsJointScore;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The loss with score weight {@code alpha} (SCANDAL only). */
    public Loss loss(double alpha) {
        Loss nll = ConditionalFlow.negativeLogLikelihood();
        return switch (this) {
            case NDE -> nll;
            case SCANDAL -> nll.plus(Method.SCORE_MSE, alpha, (out, t, b) -> scoreTerm(out, b));
        };
    }

    /** The weighted mean over the batch of |t_hat - t_xz|^2, t_hat in the outputs' columns 1..k. */
    static NDArray scoreTerm(NDArray outputs, org.hepml.engine.nn.Batch b) {
        NDArray tHat = outputs.get(new NDIndex(":, 1:"));
        return b.mean(tHat.sub(b.target("t_xz")).square().sum(new int[]{1}));
    }
}
