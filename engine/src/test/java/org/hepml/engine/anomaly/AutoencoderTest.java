package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Autoencoders trained on background only, scored on a labelled test sample of 10,000 background and 550 signal
 * events. The standard error of an AUC of 0.9 at these counts is about 0.005 (Hanley-McNeil), so a bound 0.1 below the
 * values measured (seed 21: plain 0.96, variational 0.98) fails only if training goes wrong.
 */
class AutoencoderTest {
    static final List<String> FEATURES = List.of("x.mj1", "x.mj2", "x.tau21_j1", "x.tau21_j2");

    @Test
    void reconstructionErrorSeparatesTheResonanceFromTheBackgroundItWasTrainedOn() {
        Dataset background = new DijetResonance().seed(21).generate("background", 10_000);
        Dataset test = new DijetResonance().signal(3_500, 80, 0.05).seed(22).generate("test", 11_000);
        double[] truth = test.column("y");
        try (Autoencoder ae = Autoencoder.train(background, FEATURES, Autoencoder.Kind.PLAIN, 2, 0, Autoencoder.DEFAULT.withEpochs(10));
             Autoencoder vae = Autoencoder.train(background, FEATURES, Autoencoder.Kind.VARIATIONAL, 2, 1, Autoencoder.DEFAULT.withEpochs(10))) {
            Roc plain = Roc.of(ae.score(test), truth), variational = Roc.of(vae.score(test), truth);
            System.out.printf("AUC autoencoder %.4f, variational %.4f%n", plain.auc(), variational.auc());
            assertThat(plain.auc()).isGreaterThan(0.85);
            assertThat(variational.auc()).isGreaterThan(0.85);
            assertThat(AnomalyPlots.roc(List.of("AE", "VAE"), List.of(plain, variational)).panels()).hasSize(2);
            assertThat(plain.maxSic(0.01)).isGreaterThan(1);
        }
    }

    @Test
    void aRandomScoreHasAucOneHalfAndAPerfectOneOne() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        int n = 20_000;
        double[] s = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            s[i] = rng.nextDouble();
        }
        // AUC of a random score: sd sqrt((n+1)/(12 n_s n_b)) = 0.0041 for 10,000 each; accept +-3.3 sd
        assertThat(Roc.of(s, y).auc()).isBetween(0.5 - 3.3 * 0.0041, 0.5 + 3.3 * 0.0041);
        assertThat(Roc.of(y, y).auc()).isEqualTo(1.0);
        double[] tie = new double[n];
        assertThat(Roc.of(tie, y).auc()).isEqualTo(0.5);
    }

    @Test
    void aPlainAutoencoderNeedsANarrowLatentLayer() {
        Dataset d = new DijetResonance().seed(1).generate("d", 500);
        assertThatThrownBy(() -> Autoencoder.train(d, FEATURES, Autoencoder.Kind.PLAIN, 4, 0, Autoencoder.DEFAULT))
                .isInstanceOf(HepmlException.class).hasMessageContaining("narrower");
    }
}
