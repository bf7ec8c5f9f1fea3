package org.hepml.engine.unfold;

import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainable;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.Locale;

/**
 * The unbinned {@link Reweighter} of OmniFold: an MLP classifier trained with weighted binary cross entropy
 * to tell A (label 1) from B (label 0), the two classes rescaled to equal total weight so training is
 * balanced; then L = W_A / W_B * f / (1 - f) = W_A / W_B * exp(logit). Step 1 and step 2 get their own
 * instances, and everything is seeded, so unfolding is reproducible.
 *
 * <p>Warm start (the default, as in the omnifold package, whose two models persist across iterations): each fit
 * continues training the network of the previous fit, with its Adam state (restarting Adam kicks a converged
 * network: its first steps have the full learning rate whatever the gradient). Late iterations ask for small corrections to a ratio
 * close to the last one; a fresh network must relearn all of it in its epoch budget and early stopping ends it
 * when the validation loss stalls, which leaves part of the correction unlearned in every iteration (measured on
 * the Gaussian toy: the unfolded width lagged exact iterative unfolding by 3 bootstrap standard deviations).
 *
 * <p>By default ({@link TrainingSettings#UNFOLDING}) every fit trains all its epochs on all the events, its learning
 * rate falling along a cosine to 1/20 of the start: an unfolding's error bars come from replicas (bootstrap, seeds),
 * and a replica must differ from the nominal run by its data, not by where a constant-rate optimizer or a noisy early
 * stop happened to leave the network. With early stopping and a constant rate, the spread over classifier seeds on
 * the Gaussian toy was as large as the data's statistical error (bench/unfolding-uncertainty); with this schedule it
 * is a few percent of it.
 *
 * <p>The classifier is an MLP on the feature rows by default; a {@link Network} builds another (a particle-flow network
 * on padded particle lists for particle-level OmniFold, {@link ParticleReweighting}).
 */
public final class ClassifierReweighter implements Reweighter {

    /**
     * Builds the classifier of a fresh fit (one logit output) from the training settings, its seed and the inputs it
     * will train on (an MLP standardises with them). Serializable: unfolding replicas may be built where they run.
     */
    public interface Network extends java.io.Serializable {
        Trainable build(TrainingSettings training, long seed, float[][] inputs);

        /** What the results and the progress call it. */
        default String describe(TrainingSettings training) {
            return "MLP " + Arrays.toString(training.hidden()) + " " + training.activation().name().toLowerCase(Locale.ROOT);
        }
    }

    /** OmniFold's default classifier: an MLP with the settings' hidden layers and activation, inputs standardised. */
    public static final Network MLP = (t, seed, x) -> Mlp.builder().of(t).seed(seed).build(x);

    private TrainingSettings training;
    private final Network network;
    private boolean warmStart = true;
    private int calls;
    /** The network of the last fit and its optimizer's state, continued by the next fit when warm-starting. */
    private Trainable kept;
    private final Trainer.OptimizerState adam = new Trainer.OptimizerState();
    private String title = "OmniFold classifier";

    /** A classifier with OmniFold's defaults, {@link TrainingSettings#UNFOLDING}. */
    public ClassifierReweighter() {
        this(TrainingSettings.UNFOLDING);
    }

    /**
     * A classifier trained with {@code training} (its seed starts the seed stream of the fits). Early stopping
     * ({@code patience > 0}) watches the validation loss of the events {@code validationFraction} holds out, or the
     * training loss when none are; see the class comment for why the defaults do neither.
     */
    public ClassifierReweighter(TrainingSettings training) {
        this(training, MLP);
    }

    /** A classifier built by {@code network}, trained with {@code training}. */
    public ClassifierReweighter(TrainingSettings training, Network network) {
        this.training = training;
        this.network = network;
    }

    /** An independent reweighter with the same settings and network, its own seed stream and no learned state. */
    @Override
    public ClassifierReweighter copy() {
        return new ClassifierReweighter(training.withSeed(training.seed() + 104_729L), network).warmStart(warmStart).title(title);
    }

    @Override
    public void forget() {
        close(kept);
        kept = null;
        adam.close();
    }

    /** Frees a network's native arrays (every network hepml builds is closeable; the interface does not say so). */
    private static void close(Trainable net) {
        if (net instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a network", e);
            }
        }
    }

    /** Continue each fit from the previous fit's network (default on); off: a fresh network per fit. */
    public ClassifierReweighter warmStart(boolean warmStart) {
        this.warmStart = warmStart;
        return this;
    }

    public TrainingSettings training() {
        return training;
    }

    /** What the progress display calls the training (default "OmniFold classifier"; other workflows reuse this class). */
    public ClassifierReweighter title(String title) {
        this.title = title;
        return this;
    }

    /** The settings of later fits; a warm start still continues the network and optimizer state learned so far. */
    public ClassifierReweighter training(TrainingSettings settings) {
        this.training = settings;
        return this;
    }

    @Override
    public DensityRatio fit(double[][] a, double[] weightA, double[][] b, double[] weightB) {
        return fit(a, weightA, b, weightB, null);
    }

    /** Each event and its copy in the other class (rows i and n + i) are one group of the validation split. */
    @Override
    public DensityRatio fitSameEvents(double[][] x, double[] weightA, double[] weightB) {
        int[] event = new int[2 * x.length];
        for (int i = 0; i < x.length; i++) event[i] = event[x.length + i] = i;
        return fit(x, weightA, x, weightB, event);
    }

    private DensityRatio fit(double[][] a, double[] weightA, double[][] b, double[] weightB, int[] groups) {
        double wa = Arrays.stream(weightA).sum(), wb = Arrays.stream(weightB).sum();
        int n = a.length + b.length, d = a[0].length;
        float[][] x = new float[n][d];
        float[] y = new float[n], w = new float[n];
        // balance the classes: each gets total weight n / 2
        double sa = n / 2.0 / wa, sb = n / 2.0 / wb;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < d; j++) x[i][j] = (float) a[i][j];
            y[i] = 1;
            w[i] = (float) (weightA[i] * sa);
        }
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < d; j++) x[a.length + i][j] = (float) b[i][j];
            w[a.length + i] = (float) (weightB[i] * sb);
        }
        long s = training.seed() + 7919L * calls++;
        boolean continued = warmStart && kept != null && kept.inputs() == d;
        if (!continued) forget();
        Trainable net = continued ? kept : network.build(training, s, x);
        try {
            new Trainer(training.withSeed(s)).optimizerState(warmStart ? adam : null)
                    .title(continued ? title + " (continued)" : title)
                    .fit(net, new TrainingData(x, w).target("y", y).groups(groups), Losses.bce());
        } catch (RuntimeException e) {
            close(net);
            kept = null;
            adam.close();
            throw e;
        }
        double norm = wa / wb;
        if (warmStart) {
            kept = net;
            return points -> evaluate(net, points, norm);
        }
        return points -> {
            try {
                return evaluate(net, points, norm);
            } finally {
                close(net);
            }
        };
    }

    static double[] evaluate(Trainable net, double[][] points, double norm) {
        int d = points.length == 0 ? 0 : points[0].length;
        double[] out = new double[points.length];
        // wide rows (padded particle lists) go through in smaller chunks, so that a chunk's tensors stay of one size
        int chunk = Math.max(1024, Math.min(ChunkedEvaluation.CHUNK, (1 << 22) / Math.max(1, d)));
        ChunkedEvaluation.forEachChunk(points.length, d, chunk, ChunkedEvaluation.rows(points, d), (from, to, flat) -> {
            float[] l = forward(net, flat, to - from, d);
            for (int i = from; i < to; i++) out[i] = norm * Math.exp(l[i - from]);
        });
        return out;
    }

    private static float[] forward(Trainable net, float[] flat, int rows, int width) {
        if (net instanceof Mlp mlp) return ChunkedEvaluation.forward(mlp, flat, rows, width);
        try (NDManager m = NDManager.newBaseManager(net.parameters().get(0).getDevice())) {
            return net.forward(m.create(flat, new Shape(rows, width))).toFloatArray();
        }
    }

    @Override
    public String describe() {
        return network.describe(training) + ", " + training.epochs() + " epochs, batch " + training.batchSize() + (warmStart ? ", warm-started" : "");
    }
}
