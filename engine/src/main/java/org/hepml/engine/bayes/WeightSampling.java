package org.hepml.engine.bayes;

/**
 * How often a Bayesian network draws its weights while training.
 * <ul>
 * <li>{@link #PER_EVENT}: every event of a batch sees its own weight draw. Implemented with the local
 * reparameterisation trick (Kingma, Salimans, Welling 2015): given a layer's input h, the pre-activation
 * a_j = sum_i h_i w_ij + b_j is Gaussian with mean h.mu_j + mu_b and variance h^2.sigma_j^2 + sigma_b^2, so one
 * N(0,1) number per event and unit replaces a whole weight matrix per event. Exact in distribution for each
 * layer given its input, cheaper, and with lower-variance gradients; the default.</li>
 * <li>{@link #PER_BATCH}: one weight draw w = mu + sigma eps shared by the whole batch (Blundell et al. 2015,
 * "Bayes by Backprop"); the gradients are noisier because all events share the same eps.</li>
 * </ul>
 * Predictions always draw whole networks (one weight draw applied to every input), so each draw is a
 * smooth function and the band between draws is meaningful.
 */
public enum WeightSampling {
    PER_EVENT,
    PER_BATCH
}
