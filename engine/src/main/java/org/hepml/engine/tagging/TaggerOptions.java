package org.hepml.engine.tagging;

import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.TrainingSettings;

import java.util.Arrays;
import java.util.Locale;

/**
 * How {@link Tagger} trains: the model, the common training settings (epochs, batch size, learning rate and decay,
 * validation split, early stopping, first seed, device; their hidden layers are the observables MLP's), the number of
 * seeds (independent trainings whose spread gives the errors), the padded particles per jet, the particle networks'
 * Phi layers, latent size and F layers, and for the Bayesian PFN the weight draws per prediction and the prior width;
 * the particle features (null: the model's default, {@link ParticleFeatures#defaultFor}).
 */
public record TaggerOptions(TaggerModel model, TrainingSettings training, int seeds, int particles, int[] phi, int latent, int[] f,
                            int draws, double priorWidth, ParticleFeatures features) {
    /**
     * Sized for a notebook on a laptop: the EFN paper's Phi (100, 100, latent 64... here 64, 64, latent 32) and F (64, 64)
     * scaled down, relu, 30 epochs at 1e-3 decaying to 1e-4, 20% validation with patience 5, 3 seeds, 60 particles.
     */
    public static TaggerOptions of(TaggerModel model) {
        TrainingSettings t = TrainingSettings.ESTIMATOR.withHidden(64, 64).withActivation(Activation.RELU).withEpochs(30)
                .withValidationFraction(0.2).withPatience(5);
        return new TaggerOptions(model, t, 3, 60, new int[]{64, 64}, 32, new int[]{64, 64}, 50, 1, ParticleFeatures.defaultFor(model));
    }

    public TaggerOptions {
        if (model == null) throw new HepmlException("--model takes efn, pfn, mlp or bnn-pfn.");
        if (training == null) throw new HepmlException("A tagger needs its training settings.");
        if (seeds < 1 || seeds > 100) throw new HepmlException("--seeds must be between 1 and 100, got " + seeds + ".");
        if (particles < 1 || particles > 1000) throw new HepmlException("--particles must be between 1 and 1000, got " + particles + ".");
        if (latent < 1) throw new HepmlException("--latent must be positive, got " + latent + ".");
        for (int[] l : new int[][]{phi, f}) {
            if (l == null) throw new HepmlException("--phi and --f need layer sizes.");
            for (int s : l) if (s < 1) throw new HepmlException("Layer sizes must be positive, got " + Arrays.toString(l) + ".");
        }
        if (model == TaggerModel.BNN_PFN && (draws < 2 || draws > 10_000)) throw new HepmlException("--samples must be between 2 and 10000, got " + draws + ".");
        if (!(priorWidth > 0) || Double.isInfinite(priorWidth)) throw new HepmlException("--prior-width must be positive, got " + priorWidth + ".");
        if (features == null) features = ParticleFeatures.defaultFor(model);
        if (model == TaggerModel.EFN && features != ParticleFeatures.ANGULAR) {
            throw new HepmlException("An EFN sees the particles' angles weighted by z (that is what keeps it infrared and collinear safe): "
                    + "--features " + features + " is for PFNs.");
        }
        phi = phi.clone();
        f = f.clone();
    }

    public TaggerOptions withTraining(TrainingSettings t) {
        return new TaggerOptions(model, t, seeds, particles, phi, latent, f, draws, priorWidth, features);
    }

    public TaggerOptions withSeeds(int n) {
        return new TaggerOptions(model, training, n, particles, phi, latent, f, draws, priorWidth, features);
    }

    public TaggerOptions withParticles(int m) {
        return new TaggerOptions(model, training, seeds, m, phi, latent, f, draws, priorWidth, features);
    }

    /** Phi's hidden layers, the latent size, F's hidden layers. */
    public TaggerOptions withNetwork(int[] phi, int latent, int[] f) {
        return new TaggerOptions(model, training, seeds, particles, phi, latent, f, draws, priorWidth, features);
    }

    /** The particle networks' per-particle features: (z, y, phi), or with ln z, delta R and ln pT (PFNs). */
    public TaggerOptions withFeatures(ParticleFeatures p) {
        return new TaggerOptions(model, training, seeds, particles, phi, latent, f, draws, priorWidth, p);
    }

    public TaggerOptions withDraws(int n) {
        return new TaggerOptions(model, training, seeds, particles, phi, latent, f, n, priorWidth, features);
    }

    public TaggerOptions withPriorWidth(double w) {
        return new TaggerOptions(model, training, seeds, particles, phi, latent, f, draws, w, features);
    }

    @Override
    public int[] phi() {
        return phi.clone();
    }

    @Override
    public int[] f() {
        return f.clone();
    }

    @Override
    public String toString() {
        String net = model == TaggerModel.MLP ? "MLP " + Arrays.toString(training.hidden())
                : String.format(Locale.ROOT, "Phi %s latent %d, F %s on %d particles (%s)", Arrays.toString(phi), latent, Arrays.toString(f), particles,
                String.join(", ", features.names()));
        return String.format(Locale.ROOT, "%s (%s), %d seeds from %d; %s", model, net, seeds, training.seed(), training);
    }
}
