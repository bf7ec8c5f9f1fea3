package org.hepml.engine.bayes;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.Devices;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.ParticleFlowNetwork;
import org.hepml.engine.nn.ParticleFlowNetwork.Kind;
import org.hepml.engine.nn.Trainable;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Bayesian version of {@link ParticleFlowNetwork} (PFN or EFN): every layer of Phi and F is a {@link BayesianDense}
 * with a factorised Gaussian posterior, trained on the negative ELBO ({@link Elbo}) through the common Trainer, so
 * each jet gets a predictive mean mu and spread sigma over weight draws (the Bayesian top tagger of Bollweg et al.,
 * SciPost Phys. 8, 006 (2020), with a deep-sets body).
 * <p>While training, Phi's weights are drawn once per batch (one draw shared by every particle: drawing per particle
 * would give each particle of one jet a different network), F's as {@link WeightSampling} says (per jet with the
 * local reparameterisation trick by default). Predictions draw whole networks. The sum over particles is
 * {@link ParticleFlowNetwork#particles}'s, so masking, padding and the EFN's IRC safety are the same for every draw.
 */
public final class BayesianParticleFlowNetwork implements Trainable, AutoCloseable {
    private final Kind kind;
    private final int particles, features, latent, outputs, phiLayers;
    private final int[] phi, f;
    private final Activation activation;
    private final float[] mean, std;
    private final GaussianPrior prior;
    private final NDManager manager;
    private final List<BayesianDense> layers = new ArrayList<>();
    private WeightSampling sampling = WeightSampling.PER_EVENT;
    private SplittableRandom trainingNoise;
    private NDArray pendingKl;

    BayesianParticleFlowNetwork(Kind kind, int particles, int features, int[] phi, int latent, int[] f, int outputs, Activation activation,
                                float[] mean, float[] std, GaussianPrior prior, double initialSigma, long seed, Device device) {
        this.kind = kind;
        this.particles = particles;
        this.features = features;
        this.phi = phi.clone();
        this.latent = latent;
        this.f = f.clone();
        this.outputs = outputs;
        this.activation = activation;
        this.mean = mean.clone();
        this.std = std.clone();
        this.prior = prior;
        this.manager = NDManager.newBaseManager(device != null ? device : Devices.current().device());
        int in = kind == Kind.PFN ? features : features - 1;
        if (in < 1 || particles < 1 || latent < 1 || outputs < 1) {
            throw new HepmlException("A Bayesian " + kind + " needs particles, features, latent size and outputs >= 1 (and an EFN the weight plus angles).");
        }
        int[] widths = new int[phi.length + f.length + 2];
        System.arraycopy(phi, 0, widths, 0, phi.length);
        widths[phi.length] = latent;
        System.arraycopy(f, 0, widths, phi.length + 1, f.length);
        widths[widths.length - 1] = outputs;
        this.phiLayers = phi.length + 1;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int out : widths) {
            layers.add(new BayesianDense(in, out, initialSigma, rng, manager));
            in = out;
        }
        trainingNoise = rng.split();
    }

    /**
     * Trains a Bayesian PFN/EFN classifier (one logit, Bernoulli likelihood) on padded rows {@code [jet][M*F]} with labels 0/1
     * and optional per-jet weights; the layer sizes and activation as for {@link ParticleFlowNetwork#pfn}, the rest (epochs, learning
     * rate, seed, prior width, initial widths, draws for prediction) from {@code options}.
     */
    public static BayesianParticleFlowNetwork trainClassifier(Kind kind, int particles, int features, int[] phi, int latent, int[] f,
                                                              Activation activation, float[][] rows, float[] labels, float[] weights,
                                                              BnnOptions options, String title) {
        if (rows.length != labels.length) throw new HepmlException(rows.length + " jets but " + labels.length + " labels.");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) throw new HepmlException("Labels must be 0 or 1; jet " + i + " has " + labels[i] + ".");
        }
        float[][] ms = ParticleFlowNetwork.standardisation(kind, rows, particles, features);
        BayesianParticleFlowNetwork net = new BayesianParticleFlowNetwork(kind, particles, features, phi, latent, f, 1, activation, ms[0], ms[1],
                new GaussianPrior(options.priorWidth()), options.initialSigma(), options.seed(), options.training().device().resolve());
        net.sampling = options.sampling();
        try {
            Trainer trainer = new Trainer(options.training()).title(title);
            net.trainingNoise = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + 17);
            net.history = trainer.fit(net, new TrainingData(rows, weights).target("y", labels),
                    Elbo.of(net::takeKl, Losses.bce(), trainer.trainingEvents(rows.length)));
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private TrainingHistory history;

    /** The training's history (null for a network not trained here). */
    public TrainingHistory history() {
        return history;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int inputs() {
        return particles * features;
    }

    public int particles() {
        return particles;
    }

    @Override
    public List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (BayesianDense l : layers) out.addAll(l.parameters());
        return out;
    }

    /** One stochastic pass as training uses it; the KL of the same widths is kept for {@link #takeKl}. */
    @Override
    public NDArray forward(NDArray x) {
        NDManager m = x.getManager();
        ParticleFlowNetwork.Particles p = ParticleFlowNetwork.particles(kind, x, particles, features);
        NDArray h = p.phiInputs().sub(m.create(mean)).div(m.create(std));
        NDArray kl = null;
        for (int l = 0; l < layers.size(); l++) {
            BayesianDense.Posterior q = layers.get(l).posterior(m);
            boolean inPhi = l < phiLayers;
            NDArray a = BayesianDense.forward(q, h, inPhi ? WeightSampling.PER_BATCH : sampling, trainingNoise);
            h = l + 1 < layers.size() ? activation.apply(a) : a;
            if (l + 1 == phiLayers) h = p.pool(h);
            NDArray k = BayesianDense.kl(m, q, prior);
            kl = kl == null ? k : kl.add(k);
        }
        pendingKl = kl;
        return h;
    }

    NDArray takeKl() {
        NDArray k = pendingKl;
        pendingKl = null;
        if (k == null) throw new IllegalStateException("takeKl() without a forward pass");
        return k;
    }

    /**
     * Outputs of {@code draws} whole-network weight draws ({@code draws = 0}: the posterior means) for padded rows:
     * {@code [draw][jet][output]}, reproducible with {@code seed}.
     */
    public float[][][] sampleOutputs(float[][] rows, int draws, long seed) {
        int width = inputs();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) throw new HepmlException("Jet " + i + " has " + rows[i].length + " values, the network takes " + width + ".");
        }
        JniUtils.setGradMode(false);
        SplittableRandom rng = new SplittableRandom(seed);
        int k = Math.max(draws, 1);
        float[][][] out = new float[k][rows.length][outputs];
        int chunk = Math.max(1, ChunkedEvaluation.CHUNK / particles);
        try (NDManager m = manager.newSubManager()) {
            for (int s = 0; s < k; s++) {
                try (NDManager dm = m.newSubManager()) {
                    List<NDArray[]> w = new ArrayList<>();
                    for (BayesianDense l : layers) w.add(draws == 0 ? l.means(dm) : l.draw(dm, rng));
                    float[][] drawn = out[s];
                    ChunkedEvaluation.forEachChunk(rows.length, width, chunk, (i, flat, o) -> System.arraycopy(rows[i], 0, flat, o, width),
                            (from, to, flat) -> {
                                try (NDManager cm = dm.newSubManager()) {
                                    ParticleFlowNetwork.Particles p = ParticleFlowNetwork.particles(kind, cm.create(flat, new Shape(to - from, width)), particles, features);
                                    NDArray h = p.phiInputs().sub(cm.create(mean)).div(cm.create(std));
                                    for (int l = 0; l < layers.size(); l++) {
                                        NDArray a = h.matMul(w.get(l)[0]).add(w.get(l)[1]);
                                        h = l + 1 < layers.size() ? activation.apply(a) : a;
                                        if (l + 1 == phiLayers) h = p.pool(h);
                                    }
                                    float[] r = h.toFloatArray();
                                    for (int i = from; i < to; i++) System.arraycopy(r, (i - from) * outputs, drawn[i], 0, outputs);
                                }
                            });
                }
            }
        }
        return out;
    }

    /** mu_pred and sigma_pred per jet from {@code draws} weight draws (the first output as the logit). */
    public ClassifierPrediction predict(float[][] rows, double[] labels, int draws, long seed) {
        if (draws < 2) throw new HepmlException("A predictive spread needs at least 2 weight draws, got " + draws + ".");
        float[][][] raw = sampleOutputs(rows, draws, seed);
        double[][] logits = new double[draws][rows.length];
        for (int s = 0; s < draws; s++) for (int i = 0; i < rows.length; i++) logits[s][i] = raw[s][i][0];
        return ClassifierPrediction.fromLogitDraws(logits, labels);
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Bayesian %s on %d particles x %d features: Phi %s-%d, F %s-%d, %s, prior N(0, %s^2)", kind, particles, features,
                Arrays.toString(phi).replaceAll("[\\[\\] ]", "").replace(',', '-'), latent,
                Arrays.toString(f).replaceAll("[\\[\\] ]", "").replace(',', '-'), outputs, activation.name().toLowerCase(Locale.ROOT), prior.width());
    }
}
