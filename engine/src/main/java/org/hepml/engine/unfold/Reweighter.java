package org.hepml.engine.unfold;

/**
 * The reweighting function of OmniFold (Andreassen et al., PRL 124 (2020) 182001, eq. 2):
 * L[(w_A, A), (w_B, B)](x) = W_A p_A(x) / (W_B p_B(x)), the factor that makes the weighted sample B look
 * like the weighted sample A, normalisation included (W = sum of weights), so that unfolding keeps the
 * measured rate. A classifier trained on balanced classes, A (label 1) against B (label 0), gives it as
 * W_A / W_B * f / (1 - f); a histogram gives it bin by bin (binned OmniFold, which is iterative Bayesian
 * unfolding).
 */
public interface Reweighter {

    /**
     * Learns the factor from the two samples.
     * @param a       events of the target sample, {@code a[event][feature]}, with weights {@code weightA}
     * @param b       events of the sample to reweight, with weights {@code weightB}
     */
    DensityRatio fit(double[][] a, double[] weightA, double[][] b, double[] weightB);

    /**
     * Learns the factor between two weightings of the same events, L[(weightA, x), (weightB, x)] (OmniFold's step 2,
     * and the averages for lost events and fakes). A classifier then sees every event twice, once per class; one that
     * holds events out for validation must keep both copies of an event on the same side, or it validates on events
     * it trained on.
     */
    default DensityRatio fitSameEvents(double[][] x, double[] weightA, double[] weightB) {
        return fit(x, weightA, x, weightB);
    }

    /**
     * An independent reweighter with the same settings. OmniFold gives the averaging fits for lost events and
     * fakes their own copies, so that a reweighter that learns across iterations keeps one task per instance.
     */
    default Reweighter copy() {
        return this;
    }

    /** Drops what was learned in earlier fits (warm-start state); called when an unfolding starts and ends. */
    default void forget() {
    }

    /** A short description for results and progress (e.g. "MLP 3x50, 20 epochs" or "histogram, 40 bins"). */
    String describe();

    /** A learned factor W_A p_A / (W_B p_B); OmniFold evaluates each one once, so it may free its resources then. */
    @FunctionalInterface
    interface DensityRatio {
        double[] at(double[][] x);
    }
}
