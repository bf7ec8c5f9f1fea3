package org.hepml.engine.unfold;

import org.hepml.engine.nn.AdamMoments;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.FusedEnsemble;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainable;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingSettings;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>Replicas of an unfolding (other seeds, bootstrap samples: the same events under other weights) fit their
 * classifiers together, {@link #fitTogether}: one fused network per step ({@link FusedEnsemble}), each replica's
 * classifier trained as its own fit would train it (MLP classifiers; others fit one after another).
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
    /** Adam's state when this reweighter's fits are fused with other replicas' ({@link #fitTogether}). */
    private final AdamMoments fusedAdam = new AdamMoments();
    /** Whether the kept network's Adam state is in {@link #adam} (a fit on its own) rather than {@link #fusedAdam}. */
    private boolean separateState;
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
        fusedAdam.clear();
        separateState = false;
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
        if (warmStart && kept != null && !separateState && kept.inputs() == a[0].length && fusable(List.of(this), a[0].length, groups)) {
            // this reweighter's earlier fits were fused with other replicas': its Adam state is the fused one
            return fitTogether(List.of(this), a, List.of(weightA), b, List.of(weightB), groups).get(0);
        }
        float[][] x = features(a, b);
        float[] y = labels(a.length, b.length), w = new float[x.length];
        double norm = balance(weightA, weightB, w);
        long s = training.seed() + 7919L * calls++;
        boolean continued = warmStart && kept != null && kept.inputs() == x[0].length;
        if (!continued) forget();
        Trainable net = continued ? kept : network.build(training, s, x);
        try {
            new Trainer(training.withSeed(s)).optimizerState(warmStart ? adam : null)
                    .title(continued ? title + " (continued)" : title)
                    .fit(net, new TrainingData(x, w).target("y", y).groups(groups), Losses.bce());
        } catch (RuntimeException e) {
            close(net);
            forget();
            throw e;
        }
        separateState = true;
        return ratio(net, norm);
    }

    /**
     * Fits every reweighter of {@code rs} (the replicas of an unfolding: one per replica, same settings but the seed)
     * on the same events, reweighter r to the weights {@code weightA.get(r)} and {@code weightB.get(r)}; with
     * {@code groups} as {@link #fitSameEvents} gives them. Where they can, the classifiers train as one fused network
     * ({@link FusedEnsemble}, each with its own seed stream, warm start and Adam state, as its own {@link #fit} would
     * train it, to float rounding); otherwise one after another.
     */
    static List<DensityRatio> fitTogether(List<ClassifierReweighter> rs, double[][] a, List<double[]> weightA, double[][] b,
                                          List<double[]> weightB, int[] groups) {
        if (!fusable(rs, a[0].length, groups)) {
            List<DensityRatio> out = new ArrayList<>();
            for (int r = 0; r < rs.size(); r++) out.add(rs.get(r).fit(a, weightA.get(r), b, weightB.get(r), groups));
            return out;
        }
        ClassifierReweighter first = rs.get(0);
        float[][] x = features(a, b);
        float[] y = labels(a.length, b.length);
        int k = rs.size();
        List<TrainingData> data = new ArrayList<>();
        List<Mlp> nets = new ArrayList<>();
        List<AdamMoments> states = new ArrayList<>();
        double[] norms = new double[k];
        long[] seeds = new long[k];
        boolean continued = first.warmStart && first.kept != null;
        for (int r = 0; r < k; r++) {
            ClassifierReweighter rw = rs.get(r);
            float[] w = new float[x.length];
            norms[r] = balance(weightA.get(r), weightB.get(r), w);
            data.add(new TrainingData(x, w).target("y", y).groups(groups));
            seeds[r] = rw.training.seed() + 7919L * rw.calls++;
            if (!continued) rw.forget();
            nets.add(continued ? (Mlp) rw.kept : Mlp.builder().of(rw.training).seed(seeds[r]).build(x));
            states.add(rw.warmStart ? rw.fusedAdam : new AdamMoments());
        }
        try {
            new FusedEnsemble(first.training, seeds).optimizerStates(states)
                    .title(continued ? first.title + " (continued)" : first.title).fit(nets, data, Losses.bce());
        } catch (RuntimeException e) {
            for (int r = 0; r < k; r++) {
                nets.get(r).close();
                rs.get(r).kept = null;
                rs.get(r).forget();
            }
            throw e;
        }
        List<DensityRatio> out = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            rs.get(r).separateState = false;
            out.add(rs.get(r).ratio(nets.get(r), norms[r]));
        }
        return out;
    }

    /**
     * Whether {@code rs} can train fused: one setting but the seed, all starting fresh or all continuing a fused state,
     * and training sets of one size (a validation split of groups gives each seed its own size).
     */
    private static boolean fusable(List<ClassifierReweighter> rs, int inputs, int[] groups) {
        ClassifierReweighter first = rs.get(0);
        TrainingSettings t = first.training;
        if (groups != null && t.validationFraction() > 0) return false;
        // the fused network stacks MLPs; other classifiers (particle-flow networks) fit one after another
        for (ClassifierReweighter r : rs) if (r.network != MLP) return false;
        for (ClassifierReweighter r : rs) {
            TrainingSettings u = r.training;
            boolean continued = r.warmStart && r.kept != null;
            if (!u.withSeed(0).equals(t.withSeed(0)) || r.warmStart != first.warmStart
                    || continued != (first.warmStart && first.kept != null)
                    || continued && (r.separateState || r.kept.inputs() != inputs)) {
                return false;
            }
        }
        return true;
    }

    /** The two samples' events stacked, A's then B's, as floats. */
    private static float[][] features(double[][] a, double[][] b) {
        int d = a[0].length;
        float[][] x = new float[a.length + b.length][d];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < d; j++) x[i][j] = (float) a[i][j];
        for (int i = 0; i < b.length; i++) for (int j = 0; j < d; j++) x[a.length + i][j] = (float) b[i][j];
        return x;
    }

    /** Label 1 for A's events, 0 for B's. */
    private static float[] labels(int na, int nb) {
        float[] y = new float[na + nb];
        Arrays.fill(y, 0, na, 1f);
        return y;
    }

    /** The training weights into {@code w}, the classes balanced (each gets total weight n / 2); returns W_A / W_B. */
    private static double balance(double[] weightA, double[] weightB, float[] w) {
        double wa = Arrays.stream(weightA).sum(), wb = Arrays.stream(weightB).sum();
        int n = weightA.length + weightB.length;
        double sa = n / 2.0 / wa, sb = n / 2.0 / wb;
        for (int i = 0; i < weightA.length; i++) w[i] = (float) (weightA[i] * sa);
        for (int i = 0; i < weightB.length; i++) w[weightA.length + i] = (float) (weightB[i] * sb);
        return wa / wb;
    }

    /** The learned factor of {@code net}; kept for the next fit when warm-starting, else freed after its one evaluation. */
    private DensityRatio ratio(Trainable net, double norm) {
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
