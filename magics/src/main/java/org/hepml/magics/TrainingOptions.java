package org.hepml.magics;

import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.DeviceChoice;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingSettings;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The training options every training magic shares ({@code %%train ratio|score}, {@code %%bnn regress|classify},
 * {@code %%unfold omnifold}), made into one {@link TrainingSettings}. Each command names its kind of method with a
 * default provider ({@link ForEstimators}, {@link ForBayesian}, {@link ForUnfolding}) that reads the engine's constant,
 * so the defaults are written once, in the engine, and the help shows the defaults of that magic.
 */
final class TrainingOptions {
    @Option(names = "--hidden", split = ",", paramLabel = "N,N", description = "hidden layer sizes (default ${DEFAULT-VALUE})")
    int[] hidden;
    @Option(names = "--activation", description = "tanh, relu or sigmoid (default ${DEFAULT-VALUE})")
    Activation activation;
    @Option(names = "--epochs", description = "training epochs (default ${DEFAULT-VALUE})")
    Integer epochs;
    @Option(names = "--batch-size", description = "events per optimizer step (default ${DEFAULT-VALUE})")
    Integer batchSize;
    @Option(names = "--lr", description = "initial learning rate (default ${DEFAULT-VALUE})")
    Double lr;
    @Option(names = "--lr-final", paramLabel = "RATE",
            description = "learning rate at the last epoch, a number or lr/N (default ${DEFAULT-VALUE})")
    String lrFinal;
    @Option(names = "--validation", description = "fraction held out for the validation loss; the best epoch is kept (default ${DEFAULT-VALUE})")
    Double validation;
    @Option(names = "--patience", description = "epochs without improvement before stopping, 0 = never (default ${DEFAULT-VALUE})")
    Integer patience;
    @Option(names = "--seed", description = "seed of the networks, the validation split and the batches (default ${DEFAULT-VALUE})")
    Long seed;
    @Option(names = "--device", description = "auto, cpu or gpu, for this training only (default ${DEFAULT-VALUE})")
    String device;
    @Option(names = "--threads", description = "libtorch's intra-op threads for this training, 0 = measured: the fastest of 1, 2, ... on the training's own steps (default ${DEFAULT-VALUE})")
    Integer threads;

    /**
     * The settings: {@code defaults} with every option set applied (without a default provider, unset options are
     * null and keep the default); checked here, before any data are touched.
     */
    TrainingSettings settings(TrainingSettings defaults) {
        TrainingSettings t = defaults;
        if (hidden != null) t = t.withHidden(hidden);
        if (activation != null) t = t.withActivation(activation);
        if (epochs != null) t = t.withEpochs(epochs);
        if (batchSize != null) t = t.withBatchSize(batchSize);
        if (lr != null) t = t.withLearningRate(lr);
        if (lrFinal != null) t = t.withDecay(decay(lrFinal, t.decay()));
        if (validation != null) t = t.withValidationFraction(validation);
        if (patience != null) t = t.withPatience(patience);
        if (seed != null) t = t.withSeed(seed);
        if (device != null) t = t.withDevice(DeviceChoice.parse(device));
        if (threads != null) t = t.withThreads(threads);
        return t;
    }

    /** {@code --lr-final}: an absolute rate, or {@code lr/N} (the initial rate divided by N), along the default's shape. */
    static TrainingSettings.Decay decay(String value, TrainingSettings.Decay shapeOf) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        var shape = shapeOf.shape() == Trainer.Schedule.CONSTANT ? Trainer.Schedule.EXPONENTIAL : shapeOf.shape();
        try {
            if (v.startsWith("lr/")) return new TrainingSettings.Decay(shape, Double.parseDouble(v.substring(3)), true);
            return new TrainingSettings.Decay(shape, Double.parseDouble(v), false);
        } catch (NumberFormatException e) {
            throw new MagicUsageException("--lr-final takes a learning rate (e.g. 1e-4) or lr/N (e.g. lr/20), got '" + value + "'.");
        }
    }

    /** The option values of {@code t}, as the help shows them. */
    static Map<String, String> shown(TrainingSettings t) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--hidden", String.join(",", Arrays.stream(t.hidden()).mapToObj(Integer::toString).toList()));
        m.put("--activation", t.activation().name().toLowerCase(Locale.ROOT));
        m.put("--epochs", Integer.toString(t.epochs()));
        m.put("--batch-size", Integer.toString(t.batchSize()));
        m.put("--lr", number(t.learningRate()));
        TrainingSettings.Decay d = t.decay();
        m.put("--lr-final", d.relative() ? "lr/" + number(d.to()) : number(t.finalLearningRate()));
        m.put("--validation", number(t.validationFraction()));
        m.put("--patience", Integer.toString(t.patience()));
        m.put("--seed", Long.toString(t.seed()));
        m.put("--device", t.device().name().toLowerCase(Locale.ROOT));
        m.put("--threads", Integer.toString(t.threads()));
        return m;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v).replace("E", "e");
    }

    /**
     * A kind of method's defaults for the shared options, read from the engine's constant: picocli shows them in the
     * help and parses them into the options not given, so {@link #settings} gives back the constant unchanged.
     */
    abstract static class Defaults implements IDefaultValueProvider {
        private final Map<String, String> shown;

        Defaults(TrainingSettings defaults) {
            this.shown = shown(defaults);
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec o ? shown.get(o.longestName()) : null;
        }
    }

    static final class ForEstimators extends Defaults {
        ForEstimators() {
            super(TrainingSettings.ESTIMATOR);
        }
    }

    static final class ForBayesian extends Defaults {
        ForBayesian() {
            super(TrainingSettings.BAYESIAN);
        }
    }

    static final class ForFlows extends Defaults {
        ForFlows() {
            super(org.hepml.engine.sbi.LikelihoodEstimator.DEFAULT_SETTINGS);
        }
    }

    static final class ForUnfolding extends Defaults {
        ForUnfolding() {
            super(TrainingSettings.UNFOLDING);
        }
    }
}
