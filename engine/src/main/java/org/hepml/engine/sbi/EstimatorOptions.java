package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingSettings;

import java.util.function.UnaryOperator;

/**
 * What an estimator adds to the training of its networks ({@link TrainingSettings#ESTIMATOR} by default): how many
 * ensemble members to train with different seeds, and whether to normalise log r_hat on the training events from
 * theta1 (see {@link RatioEstimator}; score estimators ignore both).
 *
 * @param training  how each network is built and trained
 * @param ensemble  members, member m seeded with seed + 1000 m
 * @param normalize divide r_hat by its mean over the training events from theta1
 */
public record EstimatorOptions(TrainingSettings training, int ensemble, boolean normalize) {
    public static final EstimatorOptions DEFAULT = new EstimatorOptions(TrainingSettings.ESTIMATOR, 1, true);

    public EstimatorOptions {
        if (training == null) throw new HepmlException("An estimator needs its training settings.");
        if (ensemble < 1 || ensemble > 100) throw new HepmlException("--ensemble must be between 1 and 100, got " + ensemble + ".");
    }

    /** The default options with these training settings. */
    public static EstimatorOptions of(TrainingSettings training) {
        return DEFAULT.withTraining(training);
    }

    public EstimatorOptions withTraining(TrainingSettings t) {
        return new EstimatorOptions(t, ensemble, normalize);
    }

    /** The training settings changed by {@code change}, e.g. {@code o.training(t -> t.withEpochs(30))}. */
    public EstimatorOptions training(UnaryOperator<TrainingSettings> change) {
        return withTraining(change.apply(training));
    }

    public EstimatorOptions withEnsemble(int members) {
        return new EstimatorOptions(training, members, normalize);
    }

    public EstimatorOptions withNormalize(boolean on) {
        return new EstimatorOptions(training, ensemble, on);
    }

    /** The network seed of ensemble member {@code member}. */
    long seed(int member) {
        return training.seed() + 1000L * member;
    }

    Trainer trainer(String title, int member) {
        return new Trainer(training.withSeed(seed(member))).title(title);
    }
}
