package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.FusedEnsemble;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What an estimator adds to the training of its networks ({@link TrainingSettings#ESTIMATOR} by default): how many
 * ensemble members to train with different seeds (trained together as one fused network, see {@link #fit}), and whether
 * to normalise log r_hat on the training events from theta1 (see {@link RatioEstimator}; score estimators ignore it).
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

    /**
     * Trains the ensemble {@code members} (built with {@link #seed}) on {@code data} and returns their histories: one
     * network with {@link Trainer}, several as one fused network ({@link FusedEnsemble}), each member as it would train
     * alone in a fraction of the time. Fewer histories than members after an interrupt that stopped training before the
     * later members started; {@code tangents}: the inputs whose output tangents the loss reads, or null.
     */
    List<TrainingHistory> fit(List<Mlp> members, TrainingData data, Loss loss, String title, int[] tangents) {
        if (members.size() == 1) {
            Trainer t = new Trainer(training.withSeed(seed(0))).title(title);
            if (tangents != null) t.tangents(tangents);
            return List.of(t.fit(members.get(0), data, loss));
        }
        long[] seeds = new long[members.size()];
        for (int m = 0; m < seeds.length; m++) seeds[m] = seed(m);
        FusedEnsemble f = new FusedEnsemble(training, seeds).title(title + " ensemble");
        if (tangents != null) f.tangents(tangents);
        return f.fit(members, data, loss);
    }
}
