package org.hepml.engine.anomaly;

import ai.djl.ndarray.NDArray;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Batch;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.util.List;
import java.util.Locale;

/**
 * DisCo (Kasieczka and Shih, PRL 125 (2020) 122001): a classifier of signal (y = 1) vs background (y = 0) trained with
 * a penalty lambda dCor^2(f, m) on the distance correlation between its output f and a second variable m (here the
 * resonance mass) over the background events of each batch. Distance correlation is zero only for independent variables,
 * so with the penalty a cut on f leaves the background's m distribution as it was: the ABCD method ({@link Abcd})
 * then predicts the background in the signal region from the three control regions.
 * <p>Weighted distance covariance of x and y over events with weights w (sum 1), after Kasieczka and Shih's eq. (3):
 * a_ij = |x_i - x_j|, A_ij = a_ij - sum_k w_k a_ik - sum_k w_k a_kj + sum_kl w_k w_l a_kl (likewise B for y),
 * dCov^2 = sum_ij w_i w_j A_ij B_ij, and dCor^2 = dCov^2(x, y) / sqrt(dCov^2(x, x) dCov^2(y, y)).
 * <p>The penalty decorrelates the score on the training sample, fluctuations included, so each network keeps a tail
 * correlation of its own as large as that sample's Poisson error; for an ABCD closure within the statistical error,
 * feed it features decorrelated from the mass on a large background sample ({@link #decorrelation}), measured in
 * docs/ANOMALY.md.
 */
public final class DisCo implements AutoCloseable {
    /**
     * {@link Classifiers#WEAK_SUPERVISION} with batches of 256 (~180 background events for each dCor^2, which costs b^2
     * per batch). On the dijet toy, 4 trainings x 8 independent closure samples of 20,000 background events at 10%
     * efficiency: lambda = 50 at batch 128 over-corrected (mean pull +0.71), at batch 256 it closed (-0.12); lambda = 25
     * at batch 128 under-corrected (-1.20), lambda = 0 fails (-5.9). See {@link AbcdClosure}.
     */
    public static final TrainingSettings DEFAULT = Classifiers.WEAK_SUPERVISION.withBatchSize(256);
    public static final double DEFAULT_LAMBDA = 50;

    private final List<Mlp> nets;
    private final MassDecorrelation decorrelation; // null: the raw features
    private final List<String> features;
    private final String mass;
    private final double lambda;
    private final TrainingHistory history;

    private DisCo(List<Mlp> nets, MassDecorrelation decorrelation, List<String> features, String mass, double lambda, TrainingHistory history) {
        this.nets = nets;
        this.decorrelation = decorrelation;
        this.features = features;
        this.mass = mass;
        this.lambda = lambda;
        this.history = history;
    }

    /**
     * Trains on {@code labelled} (truth {@code label} column, 1 signal, 0 background; the {@code weight} column if any),
     * with the penalty {@code lambda} (0: a plain classifier) against the column {@code mass}.
     */
    public static DisCo train(Dataset labelled, List<String> features, String label, String mass, double lambda, TrainingSettings settings) {
        return train(labelled, features, label, mass, lambda, settings, 1);
    }

    /**
     * As {@link #train(Dataset, List, String, String, double, TrainingSettings)}, an ensemble of {@code members}
     * networks (member k seeded with seed + 1,000,003 k) whose logits are averaged. Not a cure for the per-network
     * non-closure ({@link AbcdClosure#NON_CLOSURE}): the penalty makes each member's score independent of the mass, not
     * their average (a sum of variables each independent of m need not be), and each member decorrelates through its
     * own distortion of the score, which averaging partly undoes. On the dijet toy 4 members made the ABCD closure worse
     * (docs/ANOMALY.md).
     */
    public static DisCo train(Dataset labelled, List<String> features, String label, String mass, double lambda, TrainingSettings settings, int members) {
        return train(labelled, features, label, mass, lambda, settings, members, null);
    }

    /**
     * As above, the network seeing the features decorrelated from the mass by {@code decorrelation} (null: the raw
     * features); {@link #score} applies the same transform. See {@link #decorrelation(Dataset, List, String)}.
     */
    public static DisCo train(Dataset labelled, List<String> features, String label, String mass, double lambda, TrainingSettings settings, int members,
                              MassDecorrelation decorrelation) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new HepmlException("--lambda must be zero or positive, got " + lambda + ".");
        if (members < 1) throw new HepmlException("--members must be at least 1, got " + members + ".");
        if (features.contains(mass)) throw new HepmlException("'" + mass + "' is the variable to decorrelate from; it cannot also be a feature.");
        double[][] x = Classifiers.features(labelled, features);
        double[] y = labelled.column(label), m = labelled.column(mass), w = labelled.weights();
        double ns = 0, nb = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) throw new HepmlException("The label column '" + label + "' must hold 0 (background) or 1 (signal); event " + i + " has " + y[i] + ".");
            if (y[i] == 1) ns += w[i]; else nb += w[i];
        }
        if (ns <= 0 || nb <= 0) throw new HepmlException("DisCo trains on signal and background events: '" + labelled.name() + "' lacks one of them.");
        if (decorrelation != null) x = decorrelation.apply(x, m);
        float[] yf = new float[y.length], wf = new float[y.length], mf = new float[y.length];
        double mMean = 0, mSq = 0;
        for (double v : m) {
            mMean += v / m.length;
            mSq += v * v / m.length;
        }
        double mSd = Math.sqrt(Math.max(mSq - mMean * mMean, 1e-12));
        for (int i = 0; i < y.length; i++) {
            yf[i] = (float) y[i];
            wf[i] = (float) (w[i] * y.length / 2.0 / (y[i] == 1 ? ns : nb)); // balanced classes
            mf[i] = (float) ((m[i] - mMean) / mSd); // dCor is scale-free; standardised keeps |x_i - x_j| of order 1
        }
        float[][] in = Classifiers.rows(x, Classifiers.all(x.length));
        Loss loss = Losses.bce();
        if (lambda > 0) loss = loss.plus("distance correlation", lambda, (out, t, batch) -> backgroundDistanceCorrelation(out, batch));
        TrainingData data = new TrainingData(in, wf).target("y", yf).target("mass", mf);
        // members one after the other: a fused ensemble evaluates the loss over the members' stacked batches, and
        // dCor^2 of the stacked batch is not the sum of each member's dCor^2
        List<Mlp> nets = new java.util.ArrayList<>();
        TrainingHistory first = null;
        try {
            for (int k = 0; k < members; k++) {
                TrainingSettings s = settings.withSeed(settings.seed() + 1_000_003L * k); // apart from the seeds of nearby repetitions
                Mlp net = Mlp.builder().of(s).seed(s.seed()).build(in);
                nets.add(net);
                String title = lambda > 0 ? String.format(Locale.ROOT, "DisCo classifier (lambda %g)", lambda) : "Classifier";
                if (members > 1) title += " " + (k + 1) + "/" + members;
                TrainingHistory h = new Trainer(s).title(title).fit(net, data, loss);
                if (first == null) first = h;
                if (h.interrupted()) break;
            }
            return new DisCo(List.copyOf(nets), decorrelation, List.copyOf(features), mass, lambda, first);
        } catch (RuntimeException e) {
            nets.forEach(Mlp::close);
            throw e;
        }
    }

    /**
     * The designed decorrelation ({@link MassDecorrelation}) of {@code features} from {@code mass}, fitted on all events
     * of {@code background} (background only, e.g. simulated QCD). Why: a network trained with the penalty learns the
     * background's tail correlation with the mass from its own training sample, so each network keeps a non-closure as
     * large as that sample's Poisson error (docs/ANOMALY.md); features already independent of the mass make every
     * function of them independent, whatever the training, and a transform of 4 parameters per feature fitted on a
     * large background sample carries little of its noise.
     */
    public static MassDecorrelation decorrelation(Dataset background, List<String> features, String mass) {
        if (features.contains(mass)) throw new HepmlException("'" + mass + "' is the variable to decorrelate from; it cannot also be a feature.");
        if (background.size() < 3) throw new HepmlException("The decorrelation from '" + mass + "' is fitted on background events: '" + background.name() + "' has " + background.size() + ".");
        boolean[] all = new boolean[background.size()];
        java.util.Arrays.fill(all, true);
        return MassDecorrelation.fit(Classifiers.features(background, features), background.column(mass), all);
    }

    /** dCor^2 of sigmoid(output) and the mass over the batch's background events. */
    private static NDArray backgroundDistanceCorrelation(NDArray out, Batch batch) {
        NDArray f = Losses.column(out, 0).getNDArrayInternal().sigmoid(), m = Losses.column(batch.target("mass"), 0);
        NDArray w = batch.weights().mul(Losses.column(batch.target("y"), 0).neg().add(1f));
        return distanceCorrelationSquared(f, m, w.div(w.sum().add(1e-12f)));
    }

    /** Weighted dCor^2 of two [b] arrays with weights [b] summing to one. */
    static NDArray distanceCorrelationSquared(NDArray x, NDArray y, NDArray w) {
        NDArray a = centred(x, w), b = centred(y, w);
        NDArray ww = w.expandDims(1).mul(w.expandDims(0));
        NDArray xy = a.mul(b).mul(ww).sum(), xx = a.mul(a).mul(ww).sum(), yy = b.mul(b).mul(ww).sum();
        return xy.div(xx.mul(yy).sqrt().add(1e-12f));
    }

    private static NDArray centred(NDArray v, NDArray w) {
        NDArray d = v.expandDims(1).sub(v.expandDims(0)).abs();
        NDArray row = d.matMul(w.expandDims(1)); // [b, 1]: sum_k w_k a_ik
        NDArray all = row.squeeze(1).mul(w).sum();
        return d.sub(row).sub(row.transpose()).add(all);
    }

    /** Distance correlation squared of two samples (unweighted), for checks: 0 for independent variables, 1 for linear dependence. */
    public static double distanceCorrelationSquared(double[] x, double[] y) {
        int n = x.length;
        double[][] a = centred(x), b = centred(y);
        double xy = 0, xx = 0, yy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                xy += a[i][j] * b[i][j];
                xx += a[i][j] * a[i][j];
                yy += b[i][j] * b[i][j];
            }
        }
        return xy / Math.sqrt(xx * yy);
    }

    private static double[][] centred(double[] v) {
        int n = v.length;
        double[][] d = new double[n][n];
        double[] row = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = Math.abs(v[i] - v[j]);
                row[i] += d[i][j] / n;
            }
            all += row[i] / n;
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i][j] += all - row[i] - row[j];
        return d;
    }

    /** The classifier output, sigmoid of the (members' mean) logit, for every event of {@code data}. */
    public double[] score(Dataset data) {
        double[][] x = Classifiers.features(data, features);
        if (decorrelation != null) x = decorrelation.apply(x, data.column(mass));
        double[] logit = new double[x.length];
        for (Mlp net : nets) {
            float[][] o = Classifiers.outputs(net, x, Classifiers.all(x.length));
            for (int i = 0; i < logit.length; i++) logit[i] += o[i][0] / (double) nets.size();
        }
        double[] out = new double[logit.length];
        for (int i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-logit[i]));
        return out;
    }

    /** Whether the network sees the features decorrelated from the mass ({@link MassDecorrelation}). */
    public boolean decorrelated() {
        return decorrelation != null;
    }

    /** The number of networks whose logits are averaged. */
    public int members() {
        return nets.size();
    }

    public String mass() {
        return mass;
    }

    public double lambda() {
        return lambda;
    }

    public TrainingHistory history() {
        return history;
    }

    @Override
    public void close() {
        nets.forEach(Mlp::close);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DisCo classifier %s vs %s, lambda %g%s", features, mass, lambda,
                decorrelation != null ? ", features decorrelated from " + mass : "");
    }
}
