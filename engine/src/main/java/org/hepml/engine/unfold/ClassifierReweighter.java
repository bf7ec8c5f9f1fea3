package org.hepml.engine.unfold;

import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;

import java.util.Arrays;

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
 * <p>Every fit trains all its epochs on all the events, its learning rate falling along a cosine to 1/20 of the
 * start: an unfolding's error bars come from replicas (bootstrap, seeds), and a replica must differ from the nominal
 * run by its data, not by where a constant-rate optimizer or a noisy early stop happened to leave the network. With
 * early stopping and a constant rate, the spread over classifier seeds on the Gaussian toy was as large as the
 * data's statistical error (bench/unfolding-uncertainty); with this schedule it is a few percent of it.
 */
public final class ClassifierReweighter implements Reweighter {
    private int[] hidden = {50, 50, 50};
    private int epochs = 20;
    private int batchSize = 256;
    private double learningRate = 1e-3;
    private double finalLearningRate = Double.NaN;
    private int patience = 0;
    private double validationFraction = Double.NaN;
    private long seed = 1;
    private boolean warmStart = true;
    private int calls;
    /** The network of the last fit and its optimizer's state, continued by the next fit when warm-starting. */
    private Mlp kept;
    private final Trainer.OptimizerState adam = new Trainer.OptimizerState();

    /** An independent reweighter with the same settings, its own seed stream and no learned state. */
    @Override
    public ClassifierReweighter copy() {
        return new ClassifierReweighter().hidden(hidden).epochs(epochs).batchSize(batchSize).learningRate(learningRate)
                .patience(patience).validationFraction(validationFraction).seed(seed + 104_729L).warmStart(warmStart)
                .finalLearningRate(finalLearningRate);
    }

    @Override
    public void forget() {
        if (kept != null) kept.close();
        kept = null;
        adam.close();
    }

    /** Continue each fit from the previous fit's network (default on); off: a fresh network per fit. */
    public ClassifierReweighter warmStart(boolean warmStart) {
        this.warmStart = warmStart;
        return this;
    }

    public ClassifierReweighter hidden(int... hidden) {
        this.hidden = hidden.clone();
        return this;
    }

    public ClassifierReweighter epochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    public ClassifierReweighter batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public ClassifierReweighter learningRate(double lr) {
        this.learningRate = lr;
        return this;
    }

    /**
     * The learning rate falls to this value over each fit along a cosine (default: the learning rate / 20; equal to
     * the learning rate: constant). A constant rate leaves the network bouncing around its optimum by an amount set by
     * the rate and the batch; the fit ends wherever the last steps happened to take it, which is noise in the unfolded
     * result of the size of the data's own statistical fluctuation (measured, bench/unfolding-uncertainty).
     */
    public ClassifierReweighter finalLearningRate(double lr) {
        this.finalLearningRate = lr;
        return this;
    }

    /**
     * Early stopping on a quarter of the events held out (0, the default: none, every event trains). With it, each
     * fit ends when a noisy validation loss stalls, early in some replicas and late in others, so replicas differ in
     * how far they learned the ratio, not only in their data; every fit training the same epochs to a small learning
     * rate is what makes the bootstrap spread the statistical one.
     */
    public ClassifierReweighter patience(int patience) {
        this.patience = patience;
        return this;
    }

    /** Events held out for the validation loss (default: a quarter with early stopping, none without). */
    public ClassifierReweighter validationFraction(double fraction) {
        this.validationFraction = fraction;
        return this;
    }

    public ClassifierReweighter seed(long seed) {
        this.seed = seed;
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
        long s = seed + 7919L * calls++;
        boolean continued = warmStart && kept != null && kept.inputs() == d;
        if (!continued) forget();
        Mlp net = continued ? kept : Mlp.builder().hidden(hidden).activation(Activation.RELU).seed(s).build(x);
        try {
            // without early stopping there is nothing to hold events back for: every event trains
            Trainer trainer = new Trainer().epochs(epochs).batchSize(batchSize).learningRate(learningRate).patience(patience)
                    .validationFraction(!Double.isNaN(validationFraction) ? validationFraction : patience > 0 ? 0.25 : 0).seed(s);
            double last = Double.isNaN(finalLearningRate) ? learningRate / 20 : finalLearningRate;
            if (last != learningRate) trainer.schedule(Trainer.Schedule.COSINE, last);
            trainer.optimizerState(warmStart ? adam : null)
                    .title(continued ? "OmniFold classifier (continued)" : "OmniFold classifier")
                    .fit(net, new TrainingData(x, w).target("y", y).groups(groups), Losses.bce());
        } catch (RuntimeException e) {
            net.close();
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
            try (net) {
                return evaluate(net, points, norm);
            }
        };
    }

    static double[] evaluate(Mlp net, double[][] points, double norm) {
        int d = points.length == 0 ? 0 : points[0].length;
        double[] out = new double[points.length];
        ChunkedEvaluation.forEachChunk(points.length, d, ChunkedEvaluation.CHUNK, ChunkedEvaluation.rows(points, d), (from, to, flat) -> {
            float[] l = ChunkedEvaluation.forward(net, flat, to - from, d);
            for (int i = from; i < to; i++) out[i] = norm * Math.exp(l[i - from]);
        });
        return out;
    }

    @Override
    public String describe() {
        return "MLP " + Arrays.toString(hidden) + " relu, " + epochs + " epochs, batch " + batchSize + (warmStart ? ", warm-started" : "");
    }
}
