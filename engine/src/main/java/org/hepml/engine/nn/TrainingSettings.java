package org.hepml.engine.nn;

import org.hepml.engine.HepmlException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one network is built and trained: its hidden layers and activation, the epochs, batch size, learning rate and
 * how it decays, the validation split and early stopping, the seed, and the device it runs on. Every estimator,
 * reweighter and Bayesian network takes one; the training magics share one option block that makes it. The value is
 * checked once, when it is made, with the messages the magics' options name, so a bad setting fails before any work
 * starts. The defaults of each kind of method are the constants {@link #ESTIMATOR}, {@link #BAYESIAN} and
 * {@link #UNFOLDING}; change a setting with the {@code with...} methods.
 *
 * @param hidden             hidden layer sizes
 * @param activation         activation of the hidden layers
 * @param epochs             passes over the training events (the most, with early stopping)
 * @param batchSize          events per optimizer step
 * @param learningRate       Adam's learning rate at the first epoch
 * @param decay              how the learning rate falls over the epochs
 * @param validationFraction events held out for the validation loss; the best epoch on it is kept
 * @param patience           epochs without a better validation loss before stopping (0: never stop early)
 * @param seed               seeds the weights, the validation split and the batch order
 * @param device             where the network is built and trained
 * @param threads            libtorch's intra-op threads while it trains; 0 (the default): measured on the training's own steps
 *                           ({@link IntraOpThreads})
 */
public record TrainingSettings(int[] hidden, Activation activation, int epochs, int batchSize, double learningRate, Decay decay,
                               double validationFraction, int patience, long seed, DeviceChoice device, int threads)
        implements java.io.Serializable {

    /**
     * Likelihood-ratio and score estimators. MadMiner's defaults for orientation (tanh, Adam, learning rate decaying
     * 1e-3 -> 1e-4, 25% validation, best epoch kept), with two hidden layers of 100.
     */
    public static final TrainingSettings ESTIMATOR = new TrainingSettings(new int[]{100, 100}, Activation.TANH, 50, 128, 1e-3,
            Decay.exponentialTo(1e-4), 0.25, 10, 1, DeviceChoice.AUTO);

    /**
     * Bayesian networks, sized for the 1-10 dimensional toys and notebook-sized samples: one hidden layer of 32, tanh,
     * learning rate decaying 1e-2 -> 1e-3, batches of 256. No early stopping: the variational loss is noisy and the
     * widths keep settling after the means have converged (see {@code bayes.BnnOptions}).
     */
    public static final TrainingSettings BAYESIAN = new TrainingSettings(new int[]{32}, Activation.TANH, 100, 256, 1e-2,
            Decay.exponentialTo(1e-3), 0.2, 0, 1, DeviceChoice.AUTO);

    /**
     * OmniFold's classifiers: three hidden layers of 50, relu, 20 epochs per fit on every event (no validation split,
     * no early stopping), the learning rate falling along a cosine to 1/20 of the start (see
     * {@code unfold.ClassifierReweighter} for why).
     */
    public static final TrainingSettings UNFOLDING = new TrainingSettings(new int[]{50, 50, 50}, Activation.RELU, 20, 256, 1e-3,
            Decay.cosineDividedBy(20), 0, 0, 1, DeviceChoice.AUTO);

    public TrainingSettings {
        if (hidden == null || hidden.length == 0) throw new HepmlException("--hidden needs at least one layer size.");
        hidden = hidden.clone();
        for (int s : hidden) if (s < 1) throw new HepmlException("--hidden sizes must be positive, got " + Arrays.toString(hidden) + ".");
        if (activation == null) throw new HepmlException("--activation takes tanh, relu or sigmoid.");
        if (epochs < 1) throw new HepmlException("--epochs must be at least 1, got " + epochs + ".");
        if (batchSize < 1) throw new HepmlException("--batch-size must be at least 1, got " + batchSize + ".");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new HepmlException("--lr must be positive, got " + learningRate + ".");
        if (decay == null) throw new HepmlException("A learning-rate decay is needed (Decay.CONSTANT for none).");
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new HepmlException("--validation must be in [0, 1), got " + validationFraction + ".");
        }
        if (patience < 0) throw new HepmlException("--patience must be 0 (never stop early) or more, got " + patience + ".");
        if (device == null) throw new HepmlException("--device takes auto, cpu or gpu.");
        if (device == DeviceChoice.GPU) device.resolve(); // no GPU: fail now, not after the data are prepared
        if (threads < 0) throw new HepmlException("--threads must be 0 (chosen per training) or more, got " + threads + ".");
    }

    /** Settings with the intra-op threads chosen per training. */
    public TrainingSettings(int[] hidden, Activation activation, int epochs, int batchSize, double learningRate, Decay decay,
                            double validationFraction, int patience, long seed, DeviceChoice device) {
        this(hidden, activation, epochs, batchSize, learningRate, decay, validationFraction, patience, seed, device, 0);
    }

    /** The learning rate at the last epoch. */
    public double finalLearningRate() {
        return decay.finalRate(learningRate);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public TrainingSettings withHidden(int... sizes) {
        return new TrainingSettings(sizes, activation, epochs, batchSize, learningRate, decay, validationFraction, patience, seed, device, threads);
    }

    public TrainingSettings withActivation(Activation a) {
        return new TrainingSettings(hidden, a, epochs, batchSize, learningRate, decay, validationFraction, patience, seed, device, threads);
    }

    public TrainingSettings withEpochs(int n) {
        return new TrainingSettings(hidden, activation, n, batchSize, learningRate, decay, validationFraction, patience, seed, device, threads);
    }

    public TrainingSettings withBatchSize(int n) {
        return new TrainingSettings(hidden, activation, epochs, n, learningRate, decay, validationFraction, patience, seed, device, threads);
    }

    /** A new initial learning rate; the decay keeps its shape (and a decay relative to the start follows it). */
    public TrainingSettings withLearningRate(double lr) {
        return new TrainingSettings(hidden, activation, epochs, batchSize, lr, decay, validationFraction, patience, seed, device, threads);
    }

    /** The initial learning rate and the one reached at the last epoch. */
    public TrainingSettings withLearningRate(double initial, double last) {
        return withLearningRate(initial).withFinalLearningRate(last);
    }

    /** The learning rate reached at the last epoch, along the decay's shape (exponential when it was constant). */
    public TrainingSettings withFinalLearningRate(double last) {
        Trainer.Schedule shape = decay.shape() == Trainer.Schedule.CONSTANT ? Trainer.Schedule.EXPONENTIAL : decay.shape();
        return withDecay(new Decay(shape, last, false));
    }

    public TrainingSettings withDecay(Decay d) {
        return new TrainingSettings(hidden, activation, epochs, batchSize, learningRate, d, validationFraction, patience, seed, device, threads);
    }

    public TrainingSettings withValidationFraction(double f) {
        return new TrainingSettings(hidden, activation, epochs, batchSize, learningRate, decay, f, patience, seed, device, threads);
    }

    public TrainingSettings withPatience(int epochsWithoutImprovement) {
        return new TrainingSettings(hidden, activation, epochs, batchSize, learningRate, decay, validationFraction, epochsWithoutImprovement, seed, device, threads);
    }

    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(hidden, activation, epochs, batchSize, learningRate, decay, validationFraction, patience, s, device, threads);
    }

    public TrainingSettings withDevice(DeviceChoice d) {
        return new TrainingSettings(hidden, activation, epochs, batchSize, learningRate, decay, validationFraction, patience, seed, d, threads);
    }

    /** libtorch's intra-op threads while this trains; 0: measured on the training's own steps ({@link IntraOpThreads}). */
    public TrainingSettings withThreads(int n) {
        return new TrainingSettings(hidden, activation, epochs, batchSize, learningRate, decay, validationFraction, patience, seed, device, n);
    }

    /**
     * How the learning rate falls from its initial value over the epochs: not at all, exponentially or along a cosine,
     * to {@code to} (an absolute rate) or, when {@code relative}, to the initial rate divided by {@code to}.
     */
    public record Decay(Trainer.Schedule shape, double to, boolean relative) implements java.io.Serializable {
        public static final Decay CONSTANT = new Decay(Trainer.Schedule.CONSTANT, Double.NaN, false);

        public Decay {
            if (shape == null) throw new HepmlException("A learning-rate decay needs a shape: constant, exponential or cosine.");
            if (shape != Trainer.Schedule.CONSTANT && (!(to > 0) || Double.isInfinite(to))) {
                throw new HepmlException("--lr-final must be positive, got " + to + ".");
            }
        }

        public static Decay exponentialTo(double finalRate) {
            return new Decay(Trainer.Schedule.EXPONENTIAL, finalRate, false);
        }

        public static Decay cosineTo(double finalRate) {
            return new Decay(Trainer.Schedule.COSINE, finalRate, false);
        }

        /** A cosine from the learning rate to the learning rate / {@code divisor}. */
        public static Decay cosineDividedBy(double divisor) {
            return new Decay(Trainer.Schedule.COSINE, divisor, true);
        }

        double finalRate(double initial) {
            if (shape == Trainer.Schedule.CONSTANT) return initial;
            return relative ? initial / to : to;
        }

        String describe(double initial) {
            if (shape == Trainer.Schedule.CONSTANT) return "constant";
            return shape.name().toLowerCase(Locale.ROOT) + " to " + fmt(finalRate(initial));
        }
    }

    /** The settings as model-file metadata, keys {@code training.*}. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("training.hidden", String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList()));
        m.put("training.activation", activation.name());
        m.put("training.epochs", Integer.toString(epochs));
        m.put("training.batch_size", Integer.toString(batchSize));
        m.put("training.lr", Double.toString(learningRate));
        m.put("training.decay", decay.shape().name());
        m.put("training.decay_to", Double.toString(decay.to()));
        m.put("training.decay_relative", Boolean.toString(decay.relative()));
        m.put("training.validation", Double.toString(validationFraction));
        m.put("training.patience", Integer.toString(patience));
        m.put("training.seed", Long.toString(seed));
        m.put("training.device", device.name());
        m.put("training.threads", Integer.toString(threads));
        return m;
    }

    /** The settings a model was trained with, read from its metadata; empty for files written before they were saved. */
    public static Optional<TrainingSettings> fromMetadata(Map<String, String> m) {
        if (!m.containsKey("training.epochs")) return Optional.empty();
        try {
            Decay decay = new Decay(Trainer.Schedule.valueOf(m.get("training.decay")), Double.parseDouble(m.get("training.decay_to")),
                    Boolean.parseBoolean(m.get("training.decay_relative")));
            // a model trained on a GPU loads wherever it is opened: the device is history here, not a request
            DeviceChoice device = DeviceChoice.valueOf(m.get("training.device"));
            return Optional.of(new TrainingSettings(Arrays.stream(m.get("training.hidden").split(",")).mapToInt(Integer::parseInt).toArray(),
                    Activation.valueOf(m.get("training.activation")), Integer.parseInt(m.get("training.epochs")),
                    Integer.parseInt(m.get("training.batch_size")), Double.parseDouble(m.get("training.lr")), decay,
                    Double.parseDouble(m.get("training.validation")), Integer.parseInt(m.get("training.patience")),
                    Long.parseLong(m.get("training.seed")), device == DeviceChoice.GPU ? DeviceChoice.AUTO : device,
                    Integer.parseInt(m.getOrDefault("training.threads", "0")))); // files before threads were saved: chosen
        } catch (RuntimeException e) {
            throw new HepmlException("The model's training settings are damaged (" + e.getMessage() + ").", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingSettings t && Arrays.equals(hidden, t.hidden) && activation == t.activation && epochs == t.epochs
                && batchSize == t.batchSize && Double.compare(learningRate, t.learningRate) == 0 && decay.equals(t.decay)
                && Double.compare(validationFraction, t.validationFraction) == 0 && patience == t.patience && seed == t.seed
                && device == t.device && threads == t.threads;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hidden) + Objects.hash(activation, epochs, batchSize, learningRate, decay,
                validationFraction, patience, seed, device, threads);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "hidden %s %s, %d epochs, batch %d, lr %s (%s), validation %s, patience %d, seed %d, device %s, threads %s",
                Arrays.toString(hidden), activation.name().toLowerCase(Locale.ROOT), epochs, batchSize, fmt(learningRate),
                decay.describe(learningRate), fmt(validationFraction), patience, seed, device.name().toLowerCase(Locale.ROOT),
                threads == 0 ? "auto" : Integer.toString(threads));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
