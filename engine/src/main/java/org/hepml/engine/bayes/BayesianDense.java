package org.hepml.engine.bayes;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.nn.Scalars;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A dense layer with a factorised Gaussian variational posterior over its weights and biases: each w is
 * N(mu, sigma^2) with sigma = softplus(10 rho), softplus(r) = log(1 + e^r), so the optimizer moves the unconstrained rho
 * and sigma stays positive. Draws use the reparameterisation trick, w = mu + sigma eps with eps ~ N(0, 1)
 * drawn in Java from the network's seeded generator, so a seed fixes every draw on every device
 * (Blundell et al., "Weight Uncertainty in Neural Networks", 2015).
 */
final class BayesianDense {
    final NDArray weightMean, weightRho, biasMean, biasRho;
    final int in, out;

    BayesianDense(int in, int out, double initialSigma, SplittableRandom rng, NDManager manager) {
        this.in = in;
        this.out = out;
        // Glorot-uniform means as for a plain network; small initial widths so training starts from a nearly
        // deterministic network and the KL term lets the widths grow where the data allow it
        float limit = (float) Math.sqrt(6.0 / (in + out));
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
        float rho = (float) inverseSoftplus(initialSigma);
        weightMean = manager.create(w, new Shape(in, out));
        weightRho = manager.full(new Shape(in, out), rho);
        biasMean = manager.zeros(new Shape(out));
        biasRho = manager.full(new Shape(out), rho);
        for (NDArray p : parameters()) p.setRequiresGradient(true);
    }

    List<NDArray> parameters() {
        return List.of(weightMean, weightRho, biasMean, biasRho);
    }

    /**
     * The widths are sigma = softplus(WIDTH_RATE * rho): the optimizer moves rho, and the factor makes a step in
     * rho WIDTH_RATE times larger in log sigma. Without it Adam, whose steps are about the learning rate, needs
     * thousands of steps to grow the widths from their small start to what the data allow (a preconditioning;
     * the posterior and its optimum are the same).
     */
    static final float WIDTH_RATE = 10f;

    static double inverseSoftplus(double sigma) {
        return (sigma > 20 ? sigma : Math.log(Math.expm1(sigma))) / WIDTH_RATE;
    }

    /** Makes an op's result (which belongs to the parameter's manager) belong to the batch's manager instead. */
    private static NDArray own(NDManager m, NDArray a) {
        a.attach(m);
        return a;
    }

    /** The widths of an array of rho, owned by {@code m}. */
    static NDArray widths(NDManager m, NDArray rho) {
        return Activation.softPlus(own(m, rho.mul(Scalars.of(m, WIDTH_RATE))));
    }

    static NDArray gaussian(NDManager m, SplittableRandom rng, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        float[] e = new float[n];
        for (int i = 0; i < n; i++) e[i] = (float) rng.nextGaussian();
        return m.create(e, new Shape(shape));
    }

    /** The posterior of this layer for one batch: widths computed once and shared by the forward pass and the KL. */
    record Posterior(NDArray weightMean, NDArray weightSigma, NDArray biasMean, NDArray biasSigma) {
    }

    Posterior posterior(NDManager m) {
        return new Posterior(weightMean, widths(m, weightRho), biasMean, widths(m, biasRho));
    }

    /** The pre-activations for a batch h [b, in] with weights drawn as {@code mode} says. */
    static NDArray forward(Posterior q, NDArray h, WeightSampling mode, SplittableRandom rng) {
        NDManager m = h.getManager();
        long out = q.biasMean().getShape().get(0);
        if (mode == WeightSampling.PER_EVENT) {
            NDArray mean = h.matMul(q.weightMean()).add(q.biasMean());
            // variance of sum_i h_i w_ij + b_j for independent Gaussian w; the 1e-12 keeps sqrt differentiable
            NDArray var = h.square().matMul(q.weightSigma().square()).add(q.biasSigma().square()).add(1e-12f);
            return mean.add(var.sqrt().mul(gaussian(m, rng, h.getShape().get(0), out)));
        }
        long in = q.weightMean().getShape().get(0);
        NDArray w = q.weightSigma().mul(gaussian(m, rng, in, out)).add(q.weightMean());
        NDArray b = q.biasSigma().mul(gaussian(m, rng, out)).add(q.biasMean());
        return h.matMul(w).add(b);
    }

    /** One weight draw, kept for a whole prediction pass: {weights [in, out], biases [out]} in {@code m}. */
    NDArray[] draw(NDManager m, SplittableRandom rng) {
        NDArray w = widths(m, weightRho).mul(gaussian(m, rng, in, out)).add(weightMean);
        NDArray b = widths(m, biasRho).mul(gaussian(m, rng, out)).add(biasMean);
        return new NDArray[]{w, b};
    }

    /** The layer with its posterior means, the network one would keep if it were not Bayesian. */
    NDArray[] means(NDManager m) {
        return new NDArray[]{m.zeros(weightMean.getShape()).add(weightMean), m.zeros(biasMean.getShape()).add(biasMean)};
    }

    static NDArray kl(NDManager m, Posterior q, GaussianPrior prior) {
        return prior.kl(m, q.weightMean(), q.weightSigma()).add(prior.kl(m, q.biasMean(), q.biasSigma()));
    }

    /** The posterior widths sigma of the weights, for tests and summaries. */
    float[] weightSigmas() {
        try (NDManager m = weightRho.getManager().newSubManager()) {
            return widths(m, weightRho).toFloatArray();
        }
    }
}
