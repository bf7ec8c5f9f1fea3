package org.hepml.engine.sbi;

import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.Trainer;

/**
 * How an estimator's networks are built and trained. Defaults follow MadMiner's for orientation (tanh,
 * Adam, learning rate decaying 1e-3 -> 1e-4, 25% validation, best epoch kept), with two hidden layers of 100.
 */
public final class EstimatorOptions {
    public int[] hidden = {100, 100};
    public Activation activation = Activation.TANH;
    public int epochs = 50;
    public int batchSize = 128;
    public double learningRate = 1e-3;
    public double finalLearningRate = 1e-4;
    public double validationFraction = 0.25;
    public int patience = 10;
    public long seed = 1;
    public int ensemble = 1;
    /** Normalise log r_hat on the training events from theta1 (see {@link RatioEstimator}). */
    public boolean normalize = true;

    public EstimatorOptions copy() {
        EstimatorOptions o = new EstimatorOptions();
        o.hidden = hidden.clone();
        o.activation = activation;
        o.epochs = epochs;
        o.batchSize = batchSize;
        o.learningRate = learningRate;
        o.finalLearningRate = finalLearningRate;
        o.validationFraction = validationFraction;
        o.patience = patience;
        o.seed = seed;
        o.ensemble = ensemble;
        o.normalize = normalize;
        return o;
    }

    Trainer trainer(String title, int member) {
        return new Trainer().epochs(epochs).batchSize(batchSize).learningRate(learningRate)
                .schedule(Trainer.Schedule.EXPONENTIAL, finalLearningRate).validationFraction(validationFraction)
                .patience(patience).seed(seed + 1000L * member).title(title);
    }
}
