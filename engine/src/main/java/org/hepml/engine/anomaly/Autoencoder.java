package org.hepml.engine.anomaly;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Scalars;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.DeviceChoice;
import org.hepml.engine.nn.Loss;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.Trainable;
import org.hepml.engine.nn.Trainer;
import org.hepml.engine.nn.TrainingData;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Autoencoders as anomaly detectors (Heimel, Kasieczka, Plehn, Thompson, SciPost Phys. 6 (2019) 030; Farina, Nakai,
 * Shih, PRD 101 (2020) 075021): a network squeezed through a narrow latent layer learns to reconstruct what it was
 * trained on, the background; events unlike it reconstruct badly, so the reconstruction error is the anomaly score.
 * The features are standardised with the training events' mean and std, and the error is the squared distance in
 * those units.
 * <p>The variational kind (Kingma and Welling, arXiv:1312.6114; for jets Cerri et al., JHEP 05 (2019) 036) encodes
 * each event as a Gaussian q(z|x) = N(mu, diag sigma^2), decodes a draw z = mu + sigma eps, and minimises the negative
 * evidence lower bound |x - x_hat(z)|^2 / 2 + beta KL(q(z|x) || N(0, 1)); its score is that loss at z = mu.
 */
public final class Autoencoder implements AutoCloseable {
    /** Three hidden layers (32, latent, 32 for the plain kind), tanh, 40 epochs, batch 256, lr 1e-3 falling to 1/20, best of 20% validation. */
    public static final TrainingSettings DEFAULT = new TrainingSettings(new int[]{32}, Activation.TANH, 40, 256, 1e-3,
            TrainingSettings.Decay.cosineDividedBy(20), 0.2, 8, 1, DeviceChoice.AUTO);

    public enum Kind { PLAIN, VARIATIONAL }

    private final Kind kind;
    private final List<String> features;
    private final int latent;
    private final double beta;
    private final float[] mean, std;
    private final Mlp encoder, decoder; // plain: encoder is the whole network and decoder null
    private final TrainingHistory history;

    private Autoencoder(Kind kind, List<String> features, int latent, double beta, float[] mean, float[] std, Mlp encoder, Mlp decoder,
                        TrainingHistory history) {
        this.kind = kind;
        this.features = features;
        this.latent = latent;
        this.beta = beta;
        this.mean = mean;
        this.std = std;
        this.encoder = encoder;
        this.decoder = decoder;
        this.history = history;
    }

    /**
     * Trains on {@code background} ({@code features} columns; weights ignored). {@code settings.hidden()} are the
     * layers between the input and the latent layer, mirrored in the decoder.
     */
    public static Autoencoder train(Dataset background, List<String> features, Kind kind, int latent, double beta, TrainingSettings settings) {
        if (latent < 1) throw new HepmlException("--latent must be at least 1, got " + latent + ".");
        if (latent >= features.size() && kind == Kind.PLAIN) {
            throw new HepmlException("A plain autoencoder needs a latent layer narrower than its " + features.size() + " features, got --latent " + latent + ".");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new HepmlException("--beta must be zero or positive, got " + beta + ".");
        double[][] x = Classifiers.features(background, features);
        float[][] in = Classifiers.rows(x, Classifiers.all(x.length));
        float[][] ms = Mlp.standardisation(in);
        float[][] target = new float[in.length][in[0].length];
        for (int i = 0; i < in.length; i++) for (int j = 0; j < in[i].length; j++) target[i][j] = (in[i][j] - ms[0][j]) / ms[1][j];
        int d = features.size();
        int[] hidden = settings.hidden();
        TrainingData data = new TrainingData(in, null).target("x", target);
        if (kind == Kind.PLAIN) {
            int[] layers = new int[2 * hidden.length + 1];
            for (int l = 0; l < hidden.length; l++) layers[l] = layers[layers.length - 1 - l] = hidden[l];
            layers[hidden.length] = latent;
            Mlp net = Mlp.builder().hidden(layers).outputs(d).activation(settings.activation()).device(settings.device().resolve())
                    .seed(settings.seed()).build(ms[0], ms[1]);
            try {
                Loss mse = Loss.named("reconstruction", (out, t, b) -> b.mean(out.sub(b.target("x")).square().sum(new int[]{1})));
                TrainingHistory h = new Trainer(settings).title("Autoencoder").fit(net, data, mse);
                return new Autoencoder(kind, List.copyOf(features), latent, 0, ms[0], ms[1], net, null, h);
            } catch (RuntimeException e) {
                net.close();
                throw e;
            }
        }
        Mlp enc = Mlp.builder().hidden(hidden).outputs(2 * latent).activation(settings.activation()).device(settings.device().resolve())
                .seed(settings.seed()).build(ms[0], ms[1]);
        int[] back = new int[hidden.length];
        for (int l = 0; l < hidden.length; l++) back[l] = hidden[hidden.length - 1 - l];
        float[] zeros = new float[latent], ones = new float[latent];
        java.util.Arrays.fill(ones, 1f);
        Mlp dec = Mlp.builder().hidden(back).outputs(d).activation(settings.activation()).device(settings.device().resolve())
                .seed(settings.seed() + 1).build(zeros, ones);
        try {
            Variational v = new Variational(enc, dec, latent, new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + 5));
            Loss loss = Loss.named("reconstruction", (out, t, b) -> b.mean(reconstruction(out, b.target("x"), d)))
                    .plus("KL", beta, (out, t, b) -> b.mean(kl(out, d, latent)));
            TrainingHistory h = new Trainer(settings).title("Variational autoencoder").fit(v, data, loss);
            return new Autoencoder(kind, List.copyOf(features), latent, beta, ms[0], ms[1], enc, dec, h);
        } catch (RuntimeException e) {
            enc.close();
            dec.close();
            throw e;
        }
    }

    /** |x - x_hat|^2 / 2 per event from the output [x_hat, mu, log sigma^2]. */
    private static NDArray reconstruction(NDArray out, NDArray target, int d) {
        return Scalars.times(out.get(new NDIndex(":, 0:" + d)).sub(target).square().sum(new int[]{1}), 0.5f);
    }

    /** KL(N(mu, sigma^2) || N(0, 1)) per event, summed over the latent dimensions. */
    private static NDArray kl(NDArray out, int d, int latent) {
        NDArray mu = out.get(new NDIndex(":, " + d + ":" + (d + latent)));
        NDArray logVar = out.get(new NDIndex(":, " + (d + latent) + ":"));
        return Scalars.times(mu.square().add(logVar.exp()).sub(logVar).sub(1f).sum(new int[]{1}), 0.5f);
    }

    /** The encoder and decoder trained as one network: outputs [x_hat(z), mu, log sigma^2] with z drawn per event. */
    private static final class Variational implements Trainable {
        final Mlp encoder, decoder;
        final int latent;
        final SplittableRandom noise;
        boolean sample = true;

        Variational(Mlp encoder, Mlp decoder, int latent, SplittableRandom noise) {
            this.encoder = encoder;
            this.decoder = decoder;
            this.latent = latent;
            this.noise = noise;
        }

        @Override
        public int inputs() {
            return encoder.inputs();
        }

        @Override
        public List<NDArray> parameters() {
            List<NDArray> all = new ArrayList<>(encoder.parameters());
            all.addAll(decoder.parameters());
            return all;
        }

        @Override
        public NDArray forward(NDArray x) {
            NDManager m = x.getManager();
            NDArray enc = encoder.forward(x);
            NDArray mu = enc.get(new NDIndex(":, 0:" + latent));
            NDArray logVar = enc.get(new NDIndex(":, " + latent + ":"));
            NDArray z = mu;
            if (sample) {
                int b = (int) x.getShape().get(0);
                float[] e = new float[b * latent];
                for (int i = 0; i < e.length; i++) e[i] = (float) noise.nextGaussian(); // Java's generator: a seed fixes it on every device
                z = mu.add(Scalars.times(logVar, 0.5f).exp().mul(m.create(e, new Shape(b, latent)).toDevice(x.getDevice(), false)));
            }
            return NDArrays.concat(new NDList(decoder.forward(z), mu, logVar), 1);
        }
    }

    /** The anomaly score of every event of {@code data}: the reconstruction error (the variational loss at z = mu). */
    public double[] score(Dataset data) {
        double[][] x = Classifiers.features(data, features);
        int d = features.size();
        double[] out = new double[x.length];
        Variational v = kind == Kind.VARIATIONAL ? new Variational(encoder, decoder, latent, null) : null;
        if (v != null) v.sample = false;
        ChunkedEvaluation.forEachChunk(x.length, d, ChunkedEvaluation.CHUNK, ChunkedEvaluation.rows(x, d), (from, to, flat) -> {
            try (NDManager m = NDManager.newBaseManager(encoder.parameters().get(0).getDevice())) {
                NDArray in = m.create(flat, new Shape(to - from, d));
                float[] o = (v != null ? v.forward(in) : encoder.forward(in)).toFloatArray();
                int width = v != null ? d + 2 * latent : d;
                for (int i = from; i < to; i++) {
                    double err = 0, kl = 0;
                    for (int j = 0; j < d; j++) {
                        double t = (flat[(i - from) * d + j] - mean[j]) / std[j], r = o[(i - from) * width + j] - t;
                        err += r * r;
                    }
                    if (v != null) {
                        err *= 0.5;
                        for (int k = 0; k < latent; k++) {
                            double mu = o[(i - from) * width + d + k], lv = o[(i - from) * width + d + latent + k];
                            kl += 0.5 * (mu * mu + Math.exp(lv) - lv - 1);
                        }
                    }
                    out[i] = err + beta * kl;
                }
            }
        });
        return out;
    }

    public Kind kind() {
        return kind;
    }

    public List<String> features() {
        return features;
    }

    public TrainingHistory history() {
        return history;
    }

    @Override
    public void close() {
        encoder.close();
        if (decoder != null) decoder.close();
    }

    @Override
    public String toString() {
        return (kind == Kind.PLAIN ? "Autoencoder " : "Variational autoencoder ") + features + ", latent " + latent
                + (kind == Kind.VARIATIONAL ? ", beta " + beta : "");
    }
}
