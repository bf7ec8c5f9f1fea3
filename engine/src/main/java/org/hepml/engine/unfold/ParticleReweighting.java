package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.nn.ParticleFlowNetwork;
import org.hepml.engine.nn.ParticleSets;
import org.hepml.engine.nn.Trainable;
import org.hepml.engine.nn.TrainingSettings;

import java.util.Arrays;
import java.util.Locale;

/**
 * Particle-level OmniFold (Andreassen et al., PRL 124 (2020) 182001, section "particle-level"): the classifiers of
 * both steps see each event's particles, not a few observables, so the unfolded weights are a function of the full
 * generator-level particle set and every observable computed from the particles afterwards is unfolded, including
 * ones no classifier saw. An event's particles become a padded row ({@link ParticleSets#pad}: pT-ordered, at most
 * {@code particles}, each as its pT fraction z and its rapidity and azimuth relative to the event's axis), and the
 * classifier is a Deep Sets network ({@link ParticleFlowNetwork}): a PFN, F(sum_i Phi(z_i, y_i, phi_i)), or an EFN,
 * F(sum_i z_i Phi(y_i, phi_i)).
 */
public final class ParticleReweighting {
    private ParticleReweighting() {
    }

    /**
     * The classifier of a particle-level step. Phi's hidden layers and F's are the training settings' hidden layers
     * (their activation too); {@code latent} is the size of the summed per-particle representation.
     */
    public record Network(boolean energyFlow, int particles, int latent) implements ClassifierReweighter.Network {
        public Network {
            if (particles < 1 || particles > 10_000) throw new HepmlException("--particles must be between 1 and 10000, got " + particles + ".");
            if (latent < 1 || latent > 4096) throw new HepmlException("--latent must be between 1 and 4096, got " + latent + ".");
        }

        @Override
        public Trainable build(TrainingSettings training, long seed, float[][] inputs) {
            int[] h = training.hidden();
            var b = energyFlow ? ParticleFlowNetwork.efn(particles, ParticleSets.FEATURES, h, latent, h, 1, seed)
                    : ParticleFlowNetwork.pfn(particles, ParticleSets.FEATURES, h, latent, h, 1, seed);
            return b.activation(training.activation()).build(inputs);
        }

        @Override
        public String describe(TrainingSettings training) {
            return String.format(Locale.ROOT, "%s on %d particles: Phi %s -> latent %d -> F %s %s", energyFlow ? "EFN" : "PFN", particles,
                    Arrays.toString(training.hidden()), latent, Arrays.toString(training.hidden()),
                    training.activation().name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Every event's particles as a padded row; {@code present[i]} is false for an event without particles (at detector
     * level: the event fails the selection; at generator level: a fake).
     */
    public static double[][] rows(FourMomenta p, int particles, boolean[] present) {
        ParticleSets.Padded padded = ParticleSets.pad(p, particles, ParticleSets.Weight.Z);
        double[][] out = new double[padded.rows().length][];
        for (int i = 0; i < out.length; i++) {
            float[] r = padded.rows()[i];
            double[] d = new double[r.length];
            for (int j = 0; j < r.length; j++) d[j] = r[j];
            out[i] = d;
            present[i] = p.count(i) > 0;
        }
        return out;
    }

    /** The particles of the given events, in that order (the unfolded events' generator-level particles). */
    public static FourMomenta select(FourMomenta p, int[] events) {
        int total = 0;
        for (int ev : events) total += p.count(ev);
        int[] off = new int[events.length + 1];
        double[] px = new double[total], py = new double[total], pz = new double[total], e = new double[total];
        int k = 0;
        for (int j = 0; j < events.length; j++) {
            int from = p.first(events[j]), n = p.count(events[j]);
            System.arraycopy(p.px(), from, px, k, n);
            System.arraycopy(p.py(), from, py, k, n);
            System.arraycopy(p.pz(), from, pz, k, n);
            System.arraycopy(p.e(), from, e, k, n);
            k += n;
            off[j + 1] = k;
        }
        return new FourMomenta(off, px, py, pz, e);
    }
}
