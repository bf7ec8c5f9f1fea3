package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;

import java.util.Arrays;

/**
 * How a Bayesian network is built, trained and sampled. The defaults suit the 1-10 dimensional toys and
 * notebook-sized samples: one hidden layer of 32, tanh, Adam with a learning rate decaying 1e-2 -> 1e-3,
 * batches of 256, prior N(0, 1), weights drawn per event, 50 weight draws per prediction. No early stopping by
 * default: the variational loss is noisy and the widths keep settling after the means have converged.
 * <p>Why small networks: at the optimum of the mean-field posterior every weight the data constrain adds
 * about sigma_y^2 / N to the epistemic variance, so a network with P such weights has sigma_epistemic of about
 * sigma_y sqrt(P / N) until training prunes the rest. The aleatoric width learned with sampled weights also
 * absorbs Var_q[mu] (E_q (y - mu_w)^2 = sigma^2 + Var_q[mu]), so an oversized, under-pruned network double counts
 * and its pulls come out narrower than 1.
 * <p>Train long enough: the means converge in optimizer steps, not epochs. On the 1-d regression toy a 24-unit network
 * needs about 4000 steps (2000 events in batches of 256 are 7 steps an epoch, so 600 epochs); after 700 steps its mean
 * is still biased by a few sigma_epi where the function bends and the epistemic sigma is not the error of the mean
 * (rms pull ~1.5 against ~0.8 converged; {@link EpistemicCheck}, bench/bnn-uncertainty).
 */
public final class BnnOptions {
    int[] hidden = {32};
    Activation activation = Activation.TANH;
    int epochs = 100;
    int batchSize = 256;
    double learningRate = 1e-2;
    double finalLearningRate = 1e-3;
    double validationFraction = 0.2;
    int patience = 0;
    long seed = 1;
    int samples = 50;
    double priorWidth = 1;
    double initialSigma = 0.01;
    WeightSampling sampling = WeightSampling.PER_EVENT;

    public BnnOptions hidden(int... sizes) {
        if (sizes.length == 0) throw new HepmlException("--hidden needs at least one layer size.");
        for (int s : sizes) if (s < 1) throw new HepmlException("--hidden sizes must be positive, got " + Arrays.toString(sizes) + ".");
        this.hidden = sizes.clone();
        return this;
    }

    public BnnOptions activation(Activation a) {
        this.activation = a;
        return this;
    }

    public BnnOptions epochs(int epochs) {
        if (epochs < 1) throw new HepmlException("--epochs must be at least 1, got " + epochs + ".");
        this.epochs = epochs;
        return this;
    }

    public BnnOptions batchSize(int b) {
        if (b < 1) throw new HepmlException("--batch-size must be at least 1, got " + b + ".");
        this.batchSize = b;
        return this;
    }

    /** The initial learning rate and the one reached at the last epoch (exponential decay). */
    public BnnOptions learningRate(double initial, double last) {
        if (!(initial > 0) || !(last > 0)) throw new HepmlException("--lr and --lr-final must be positive, got " + initial + " and " + last + ".");
        this.learningRate = initial;
        this.finalLearningRate = last;
        return this;
    }

    public BnnOptions validation(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new HepmlException("--validation must be in [0, 1), got " + fraction + ".");
        this.validationFraction = fraction;
        return this;
    }

    public BnnOptions patience(int epochs) {
        if (epochs < 0) throw new HepmlException("--patience must be 0 (never stop early) or more, got " + epochs + ".");
        this.patience = epochs;
        return this;
    }

    public BnnOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Weight draws per prediction; the Monte Carlo error of a predicted sigma is about sigma / sqrt(2 samples). */
    public BnnOptions samples(int n) {
        if (n < 2 || n > 10_000) throw new HepmlException("--samples must be between 2 and 10000, got " + n + ".");
        this.samples = n;
        return this;
    }

    public BnnOptions priorWidth(double width) {
        new GaussianPrior(width); // validates
        this.priorWidth = width;
        return this;
    }

    /** The posterior width every weight starts from. */
    public BnnOptions initialSigma(double sigma) {
        if (!(sigma > 0 && sigma < 10)) throw new HepmlException("The initial weight width must be in (0, 10), got " + sigma + ".");
        this.initialSigma = sigma;
        return this;
    }

    public BnnOptions sampling(WeightSampling mode) {
        this.sampling = mode;
        return this;
    }

    /** An independent copy (the options are mutable builders), e.g. to train the same network with another seed. */
    public BnnOptions copy() {
        BnnOptions o = new BnnOptions();
        o.hidden = hidden.clone();
        o.activation = activation;
        o.epochs = epochs;
        o.batchSize = batchSize;
        o.learningRate = learningRate;
        o.finalLearningRate = finalLearningRate;
        o.validationFraction = validationFraction;
        o.patience = patience;
        o.seed = seed;
        o.samples = samples;
        o.priorWidth = priorWidth;
        o.initialSigma = initialSigma;
        o.sampling = sampling;
        return o;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    /** What a saved model needs from the options to predict as before: the number of draws and their seed. */
    void saveForPrediction(java.util.Map<String, String> meta) {
        meta.put("samples", Integer.toString(samples));
        meta.put("seed", Long.toString(seed)); // predictions draw weights from it
    }

    /** Options that predict as those saved with {@link #saveForPrediction}. */
    static BnnOptions forPrediction(java.util.Map<String, String> meta, GaussianPrior prior) {
        return new BnnOptions().samples(Integer.parseInt(meta.get("samples"))).seed(Long.parseLong(meta.get("seed"))).priorWidth(prior.width());
    }

    public int samples() {
        return samples;
    }

    public double priorWidth() {
        return priorWidth;
    }

    public long seed() {
        return seed;
    }

    /**
     * Builds a network with {@code outputs} outputs standardised on the inputs of {@code data}, trains it with
     * {@code likelihood} and hands it with its history to {@code wrap}; the network is closed if anything fails.
     */
    <T> T train(TrainingData data, int outputs, Loss likelihood, String title,
                java.util.function.BiFunction<BayesianNetwork, TrainingHistory, T> wrap) {
        BayesianNetwork net = BayesianNetwork.build(data.features(), hidden, outputs, activation, new GaussianPrior(priorWidth),
                initialSigma, seed).sampling(sampling);
        try {
            return wrap.apply(net, fit(net, data, likelihood, title));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Trains by minimising the negative evidence lower bound per event ({@link Elbo}). */
    private TrainingHistory fit(BayesianNetwork net, TrainingData data, Loss likelihood, String title) {
        Trainer trainer = new Trainer().epochs(epochs).batchSize(batchSize).learningRate(learningRate)
                .schedule(Trainer.Schedule.EXPONENTIAL, finalLearningRate).validationFraction(validationFraction)
                .patience(patience).seed(seed).title(title);
        net.reseedTrainingNoise(seed * 0x9E3779B97F4A7C15L + 17);
        return trainer.fit(net, data, Elbo.of(net, likelihood, trainer.trainingEvents(data.size())));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "hidden %s %s, %d epochs, batch %d, lr %.2g -> %.2g, prior width %.3g, %s weights, %d draws",
                Arrays.toString(hidden), activation.name().toLowerCase(), epochs, batchSize, learningRate, finalLearningRate, priorWidth,
                sampling.name().toLowerCase().replace('_', '-'), samples);
    }
}
