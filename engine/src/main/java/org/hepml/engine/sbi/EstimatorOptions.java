package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.IoProblems;
import org.hepml.engine.Progress;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.nn.FusedEnsemble;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.ModelFile;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** Builds member networks from their seeds where they train, which may be another JVM (hence serializable). */
    @FunctionalInterface
    interface MemberFactory extends Serializable {
        Mlp build(long seed);
    }

    /** Makes the loss where a member trains: a {@link Loss} holds tensor code, so each task makes its own. */
    @FunctionalInterface
    interface LossFactory extends Serializable {
        Loss make();
    }

    /** The members that trained (in member order) and their histories. */
    record Trained(List<Mlp> members, List<TrainingHistory> histories) {
    }

    /** A member trained elsewhere, as it travels back: its network as model-file bytes, and its history. */
    private record TrainedMember(byte[] model, TrainingHistory history) implements Serializable {
    }

    /**
     * Builds and trains the ensemble. On {@link TaskRunner#LOCAL} exactly {@link #fit} (several members fused); on any
     * other runner one unit per member, each trained alone with {@link Trainer} and its own seed, exactly as a
     * separate training of that member (an ensemble of one with seed {@code seed(m)}) would be, its network sent back
     * as model-file bytes. The two agree to float rounding only: fused members sum the same terms in another order
     * (see {@link FusedEnsemble}). After an interrupt, the members up to the first that did not finish.
     */
    Trained train(TaskRunner runner, MemberFactory build, TrainingData data, LossFactory loss, String title, int[] tangents) {
        if (runner == TaskRunner.LOCAL) {
            List<Mlp> members = new ArrayList<>();
            try {
                for (int m = 0; m < ensemble; m++) members.add(build.build(seed(m)));
                List<TrainingHistory> histories = fit(members, data, loss.make(), title, tangents);
                // an interrupt keeps what was learned; members that never started are dropped
                while (members.size() > histories.size()) members.remove(members.size() - 1).close();
                return new Trained(members, histories);
            } catch (RuntimeException e) {
                members.forEach(Mlp::close);
                throw e;
            }
        }
        TrainingSettings settings = training; // the task captures these, not the options
        long[] seeds = new long[ensemble];
        for (int m = 0; m < ensemble; m++) seeds[m] = seed(m);
        TaskRunner.Task<TrainedMember> member = m -> {
            try (Mlp net = build.build(seeds[m])) {
                Trainer t = new Trainer(settings.withSeed(seeds[m])).title(title);
                if (tangents != null) t.tangents(tangents);
                TrainingHistory h = t.fit(net, data, loss.make());
                return new TrainedMember(modelBytes(net), h);
            }
        };
        List<TrainedMember> done;
        try (Progress progress = Progress.start(title + " ensemble on " + runner.describe(), ensemble, "members")) {
            done = runner.runAll(ensemble, member, m -> "member " + (m + 1) + " of " + ensemble, progress);
            progress.finish("");
        }
        List<Mlp> members = new ArrayList<>();
        List<TrainingHistory> histories = new ArrayList<>();
        try {
            for (TrainedMember d : done) {
                if (d == null) break; // interrupted: keep the members in order up to the first missing one
                members.add(network(d.model()));
                histories.add(d.history());
            }
        } catch (RuntimeException e) {
            members.forEach(Mlp::close);
            throw e;
        }
        return new Trained(members, histories);
    }

    /** A network as the bytes of a model file holding it alone. */
    private static byte[] modelBytes(Mlp net) {
        try {
            Path file = Files.createTempFile("hepml-member-", ".hepml");
            try {
                ModelFile.write(file, Map.of(), List.of(net));
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new HepmlException("Could not write a trained ensemble member to a temporary file: " + IoProblems.why(e) + ".", e);
        }
    }

    /** The network of {@link #modelBytes}. */
    private static Mlp network(byte[] model) {
        try {
            Path file = Files.createTempFile("hepml-member-", ".hepml");
            try {
                Files.write(file, model);
                return ModelFile.read(file).networks().get(0);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new HepmlException("Could not read back a trained ensemble member through a temporary file: " + IoProblems.why(e) + ".", e);
        }
    }
}
