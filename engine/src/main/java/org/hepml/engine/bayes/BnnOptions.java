package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * How a Bayesian network is built, trained and sampled: its {@link TrainingSettings} ({@link TrainingSettings#BAYESIAN}
 * by default: one hidden layer of 32, tanh, Adam with a learning rate decaying 1e-2 -> 1e-3, batches of 256, no early
 * stopping: the variational loss is noisy and the widths keep settling after the means have converged) and what only
 * a Bayesian network has: the prior N(0, w^2) (w = 1), the initial posterior widths, weights drawn per event, and 50
 * weight draws per prediction.
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
public record BnnOptions(TrainingSettings training, int samples, double priorWidth, double initialSigma, WeightSampling sampling) {
    /** {@link TrainingSettings#BAYESIAN}, prior N(0, 1), posterior widths starting at 0.01, weights drawn per event, 50 draws. */
    public static final BnnOptions DEFAULT = new BnnOptions(TrainingSettings.BAYESIAN, 50, 1, 0.01, WeightSampling.PER_EVENT);

    public BnnOptions {
        if (training == null) throw new HepmlException("A Bayesian network needs its training settings.");
        // the Monte Carlo error of a predicted sigma is about sigma / sqrt(2 samples)
        if (samples < 2 || samples > 10_000) throw new HepmlException("--samples must be between 2 and 10000, got " + samples + ".");
        new GaussianPrior(priorWidth); // validates
        if (!(initialSigma > 0 && initialSigma < 10)) throw new HepmlException("The initial weight width must be in (0, 10), got " + initialSigma + ".");
        if (sampling == null) throw new HepmlException("--sampling takes 'event' or 'batch'.");
    }

    /** The default options with these training settings. */
    public static BnnOptions of(TrainingSettings training) {
        return DEFAULT.withTraining(training);
    }

    public BnnOptions withTraining(TrainingSettings t) {
        return new BnnOptions(t, samples, priorWidth, initialSigma, sampling);
    }

    /** The training settings changed by {@code change}, e.g. {@code o.training(t -> t.withSeed(2))}. */
    public BnnOptions training(UnaryOperator<TrainingSettings> change) {
        return withTraining(change.apply(training));
    }

    /** Weight draws per prediction. */
    public BnnOptions withSamples(int n) {
        return new BnnOptions(training, n, priorWidth, initialSigma, sampling);
    }

    public BnnOptions withPriorWidth(double width) {
        return new BnnOptions(training, samples, width, initialSigma, sampling);
    }

    /** The posterior width every weight starts from. */
    public BnnOptions withInitialSigma(double sigma) {
        return new BnnOptions(training, samples, priorWidth, sigma, sampling);
    }

    public BnnOptions withSampling(WeightSampling mode) {
        return new BnnOptions(training, samples, priorWidth, initialSigma, mode);
    }

    /** The seed of the training, which also seeds the weight draws of predictions. */
    public long seed() {
        return training.seed();
    }

    /** What a saved model needs from the options to predict as before (the number of draws and their seed), and how it was trained. */
    void saveForPrediction(Map<String, String> meta) {
        meta.put("samples", Integer.toString(samples));
        meta.put("seed", Long.toString(training.seed())); // predictions draw weights from it
        meta.put("initial_sigma", Double.toString(initialSigma));
        meta.putAll(training.metadata());
    }

    /** Options that predict as those saved with {@link #saveForPrediction}; files from before the settings were saved get the defaults. */
    static BnnOptions forPrediction(Map<String, String> meta, GaussianPrior prior, WeightSampling sampling) {
        long seed = Long.parseLong(meta.get("seed"));
        TrainingSettings t = TrainingSettings.fromMetadata(meta).orElse(TrainingSettings.BAYESIAN).withSeed(seed);
        double sigma = meta.containsKey("initial_sigma") ? Double.parseDouble(meta.get("initial_sigma")) : DEFAULT.initialSigma;
        return new BnnOptions(t, Integer.parseInt(meta.get("samples")), prior.width(), sigma, sampling);
    }

    /**
     * Builds a network with {@code outputs} outputs standardised on the inputs of {@code data}, trains it with
     * {@code likelihood} and hands it with its history to {@code wrap}; the network is closed if anything fails.
     */
    <T> T train(TrainingData data, int outputs, Loss likelihood, String title,
                BiFunction<BayesianNetwork, TrainingHistory, T> wrap) {
        BayesianNetwork net = BayesianNetwork.build(data.features(), training.hidden(), outputs, training.activation(),
                new GaussianPrior(priorWidth), initialSigma, training.seed(), training.device().resolve()).sampling(sampling);
        try {
            return wrap.apply(net, fit(net, data, likelihood, title));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Trains by minimising the negative evidence lower bound per event ({@link Elbo}). */
    private TrainingHistory fit(BayesianNetwork net, TrainingData data, Loss likelihood, String title) {
        Trainer trainer = new Trainer(training).title(title);
        long seed = training.seed();
        net.reseedTrainingNoise(seed * 0x9E3779B97F4A7C15L + 17);
        return trainer.fit(net, data, Elbo.of(net, likelihood, trainer.trainingEvents(data.size())));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, prior width %.3g, %s weights, %d draws", training, priorWidth,
                sampling.name().toLowerCase().replace('_', '-'), samples);
    }
}
