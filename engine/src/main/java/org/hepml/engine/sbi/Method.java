package org.hepml.engine.sbi;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.nn.Scalars;
import org.hepml.engine.nn.Batch;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Losses;

import java.util.Locale;

/**
 * The likelihood-ratio methods of the "mining gold" family (Brehmer, Louppe, Pavez, Cranmer, PNAS 2020) and
 * the maximum-likelihood-classifier loss, each one loss in this table (docs/REFERENCE.md section 2). The network
 * outputs log r_hat(x | theta0) with r = p(x|theta0) / p(x|theta1); s_hat = 1 / (1 + r_hat) is the classifier
 * output for label y = 1 (events from theta1). The score t_hat = d log r_hat / d theta0 is the output's tangent
 * with respect to the theta inputs, and its term uses only y = 0 events (t_xz is the joint score at theta0).
 * log r_hat is clipped to [-10, 10] and r_xz to [e^-10, e^10] inside the losses.
 * <p>A loss is a list of named terms with weights ({@link Loss#terms()}); the training history keeps one curve
 * per term, so the cross-entropy and the score term of ALICES show apart. Each line below says what the method
 * learns from and its terms, by the names the history uses.
 */
public enum Method {
    /** Learns from the labels y; one term, "cross-entropy" of the classifier s_hat against y. */
    CARL(false, false),
    /** Learns from the joint ratio r_xz; one term, "ratio MSE": (r_hat - r_xz)^2 on y = 1 and (1/r_hat - 1/r_xz)^2 on y = 0. */
    ROLR(true, false),
    /** Learns from the joint ratio r_xz; one term, "cross-entropy" of s_hat against the soft labels s_xz = 1 / (1 + r_xz). */
    ALICE(true, false),
    /** Learns from the labels y and the joint score t_xz; "cross-entropy" as CARL plus alpha x "score MSE", |t_hat - t_xz|^2 on y = 0. */
    CASCAL(false, true),
    /** Learns from the joint ratio r_xz and the joint score t_xz; "ratio MSE" as ROLR plus alpha x "score MSE" (y = 0 events). */
    RASCAL(true, true),
    /** Learns from the joint ratio r_xz and the joint score t_xz; "cross-entropy" against s_xz as ALICE plus alpha x "score MSE" (y = 0). */
    ALICES(true, true),
    /** Learns from the labels y; one term, "MLC": -<log r_hat>_theta0 + <r_hat - 1>_theta1, minimised by r_hat = p0/p1 (Nachman and Thaler). */
    MLC(false, false);

    /** The names of the loss terms, as training histories and their plots show them. */
    public static final String CROSS_ENTROPY = Losses.CROSS_ENTROPY, RATIO_MSE = "ratio MSE", SCORE_MSE = "score MSE", MLC_TERM = "MLC";

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

    /**
     * The loss of this method with score weight {@code alpha} (used by cascal, rascal, alices): its base term,
     * and for the score methods alpha times the score term, summed in that order.
     */
    public Loss loss(double alpha) {
        Loss crossEntropy = Loss.named(CROSS_ENTROPY, (out, t, b) -> crossEntropy(logR(out), b.target("y"), b));
        Loss softCrossEntropy = Loss.named(CROSS_ENTROPY, (out, t, b) -> crossEntropy(logR(out), softLabels(b), b));
        Loss ratioMse = Loss.named(RATIO_MSE, (out, t, b) -> rolr(logR(out), b));
        Loss score = (out, t, b) -> scoreTerm(t, b);
        return switch (this) {
            case CARL -> crossEntropy;
            case ROLR -> ratioMse;
            case ALICE -> softCrossEntropy;
            case CASCAL -> crossEntropy.plus(SCORE_MSE, alpha, score);
            case RASCAL -> ratioMse.plus(SCORE_MSE, alpha, score);
            case ALICES -> softCrossEntropy.plus(SCORE_MSE, alpha, score);
            case MLC -> Loss.named(MLC_TERM, (out, t, b) -> {
                NDArray lr = logR(out), y = b.target("y").get(":, 0");
                NDArray perEvent = y.neg().add(1f).mul(lr.neg()).add(y.mul(lr.exp().sub(1f)));
                return mean(perEvent, b);
            });
        };
    }

    static NDArray logR(NDArray out) {
        return out.get(":, 0").clip(-CLIP, CLIP);
    }

    static NDArray mean(NDArray perEvent, Batch b) {
        return b.mean(perEvent);
    }

    /** Cross entropy of s_hat = sigmoid(-log r_hat) against targets in [0, 1], in the stable logit form. */
    static NDArray crossEntropy(NDArray logR, NDArray target, Batch b) {
        return mean(Losses.bceWithLogits(logR.neg(), target.get(":, 0")), b);
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
