package org.hepml.engine.sbi;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.nn.Scalars;
import org.hepml.engine.nn.Batch;
import org.hepml.engine.nn.Loss;

import java.util.Locale;

/**
 * The likelihood-ratio methods of the "mining gold" family (Brehmer, Louppe, Pavez, Cranmer, PNAS 2020) and
 * the maximum-likelihood-classifier loss, each one loss in this table (REFERENCE.md section 2). The network
 * outputs log r_hat(x | theta0) with r = p(x|theta0) / p(x|theta1); s_hat = 1 / (1 + r_hat) is the classifier
 * output for label y = 1 (events from theta1). The score t_hat = d log r_hat / d theta0 is the output's tangent
 * with respect to the theta inputs, and its term uses only y = 0 events (t_xz is the joint score at theta0).
 * log r_hat is clipped to [-10, 10] and r_xz to [e^-10, e^10] inside the losses.
 */
public enum Method {
    /** Cross entropy of the classifier s_hat against the labels. */
    CARL(false, false),
    /** Squared error of r_hat against r_xz (y = 1) and of 1/r_hat against 1/r_xz (y = 0). */
    ROLR(true, false),
    /** Cross entropy against the soft labels s_xz = 1 / (1 + r_xz). */
    ALICE(true, false),
    /** CARL's cross entropy plus alpha times the squared error of the score t_hat against t_xz (y = 0 events). */
    CASCAL(false, true),
    /** ROLR's squared errors on r and 1/r plus alpha times the squared error of the score (y = 0 events). */
    RASCAL(true, true),
    /** ALICE's soft-label cross entropy plus alpha times the squared error of the score (y = 0 events). */
    ALICES(true, true),
    /** L = -<log r_hat>_theta0 + <r_hat - 1>_theta1, minimised by r_hat = p0/p1 (Nachman and Thaler). */
    MLC(false, false);

    public final boolean needsJointRatio;
    public final boolean needsJointScore;

    Method(boolean needsJointRatio, boolean needsJointScore) {
        this.needsJointRatio = needsJointRatio;
        this.needsJointScore = needsJointScore;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static final float CLIP = 10f;

    /** The loss of this method with score weight {@code alpha} (used by cascal, rascal, alices). */
    public Loss loss(double alpha) {
        float a = (float) alpha;
        return switch (this) {
            case CARL -> (out, t, b) -> crossEntropy(logR(out), b.target("y"), b);
            case ROLR -> (out, t, b) -> rolr(logR(out), b);
            case ALICE -> (out, t, b) -> crossEntropy(logR(out), softLabels(b), b);
            case CASCAL -> (out, t, b) -> crossEntropy(logR(out), b.target("y"), b).add(Scalars.times(scoreTerm(t, b), a));
            case RASCAL -> (out, t, b) -> rolr(logR(out), b).add(Scalars.times(scoreTerm(t, b), a));
            case ALICES -> (out, t, b) -> crossEntropy(logR(out), softLabels(b), b).add(Scalars.times(scoreTerm(t, b), a));
            case MLC -> (out, t, b) -> {
                NDArray lr = logR(out), y = b.target("y").get(":, 0");
                NDArray perEvent = y.neg().add(1f).mul(lr.neg()).add(y.mul(lr.exp().sub(1f)));
                return mean(perEvent, b);
            };
        };
    }

    static NDArray logR(NDArray out) {
        return out.get(":, 0").clip(-CLIP, CLIP);
    }

    static NDArray mean(NDArray perEvent, Batch b) {
        return perEvent.mul(b.weights()).sum().div(b.weightSum());
    }

    /** Cross entropy of s_hat = sigmoid(-log r_hat) against targets in [0, 1], in the stable logit form. */
    static NDArray crossEntropy(NDArray logR, NDArray target, Batch b) {
        return mean(org.hepml.engine.nn.Losses.bceWithLogits(logR.neg(), target.get(":, 0")), b);
    }

    static NDArray softLabels(Batch b) {
        NDArray r = b.target("r_xz").clip((float) Math.exp(-CLIP), (float) Math.exp(CLIP));
        return Scalars.pow(r.add(1f), -1f);
    }

    static NDArray rolr(NDArray logR, Batch b) {
        NDArray y = b.target("y").get(":, 0");
        NDArray r = b.target("r_xz").get(":, 0").clip((float) Math.exp(-CLIP), (float) Math.exp(CLIP));
        NDArray rHat = logR.exp();
        NDArray fromTheta1 = rHat.sub(r).square().mul(y);
        NDArray fromTheta0 = logR.neg().exp().sub(Scalars.pow(r, -1f)).square().mul(y.neg().add(1f));
        return mean(fromTheta1.add(fromTheta0), b);
    }

    /** mean over the batch of (1 - y) |t_hat - t_xz|^2, with tangents [k, b, 1] and t_xz [b, k]. */
    static NDArray scoreTerm(NDArray tangents, Batch b) {
        NDArray tHat = tangents.get(":, :, 0").transpose(); // [b, k]
        NDArray y = b.target("y").get(":, 0");
        NDArray sq = tHat.sub(b.target("t_xz")).square().sum(new int[]{1});
        return mean(sq.mul(y.neg().add(1f)), b);
    }
}
