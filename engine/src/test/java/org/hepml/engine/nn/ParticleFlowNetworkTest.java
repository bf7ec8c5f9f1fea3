package org.hepml.engine.nn;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The symmetries that define the networks (arXiv:1810.05165), checked on randomly initialised networks (they hold
 * for any weights) and random jets: permutation and padding invariance for both, infrared and collinear safety for
 * the EFN, with the PFN (which is not IRC safe) as the control that the comparison can fail.
 */
class ParticleFlowNetworkTest {
    static final int M = 12, F = 3;
    /** Float precision for outputs of order 1 after a few float32 layers. */
    static final double TOL = 2e-5;

    /** Jets of 3..8 particles: z weights summing to 1, angles within 0.8, the rest zero padding. */
    static float[][] jets(int n, int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][m * F];
        for (float[] row : x) {
            int k = 3 + r.nextInt(6);
            double s = 0;
            double[] w = new double[k];
            for (int i = 0; i < k; i++) s += (w[i] = 0.05 + r.nextDouble());
            for (int i = 0; i < k; i++) {
                row[i * F] = (float) (w[i] / s);
                row[i * F + 1] = (float) (0.8 * (2 * r.nextDouble() - 1));
                row[i * F + 2] = (float) (0.8 * (2 * r.nextDouble() - 1));
            }
        }
        return x;
    }

    static int count(float[] row) {
        int k = 0;
        while (k * F < row.length && row[k * F] != 0) k++;
        return k;
    }

    static ParticleFlowNetwork net(ParticleFlowNetwork.Kind kind, int m, float[][] train) {
        ParticleFlowNetwork.Builder b = kind == ParticleFlowNetwork.Kind.PFN
                ? ParticleFlowNetwork.pfn(m, F, new int[]{16, 16}, 8, new int[]{16}, 1, 11)
                : ParticleFlowNetwork.efn(m, F, new int[]{16, 16}, 8, new int[]{16}, 1, 11);
        return b.activation(Activation.TANH).build(train);
    }

    static double maxDiff(float[][] a, float[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
        return d;
    }

    /** Each jet with one of its particles split in two collinear ones (same angles, weights a w and (1-a) w). */
    static float[][] splitCollinearly(float[][] x, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            float[] row = x[i].clone();
            int k = count(row), j = r.nextInt(k);
            float a = (float) (0.1 + 0.8 * r.nextDouble());
            float w = row[j * F];
            row[j * F] = a * w;
            row[k * F] = w - a * w;
            row[k * F + 1] = row[j * F + 1];
            row[k * F + 2] = row[j * F + 2];
            out[i] = row;
        }
        return out;
    }

    /** Each jet with one particle of weight {@code w} added at random angles. */
    static float[][] addSoft(float[][] x, float w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            float[] row = x[i].clone();
            int k = count(row);
            row[k * F] = w;
            row[k * F + 1] = (float) (2 * r.nextDouble() - 1);
            row[k * F + 2] = (float) (2 * r.nextDouble() - 1);
            out[i] = row;
        }
        return out;
    }

    @Test
    void efnIsCollinearSafeAndThePfnIsNot() {
        float[][] x = jets(200, M, 1);
        float[][] split = splitCollinearly(x, 2);
        try (ParticleFlowNetwork efn = net(ParticleFlowNetwork.Kind.EFN, M, x); ParticleFlowNetwork pfn = net(ParticleFlowNetwork.Kind.PFN, M, x)) {
            assertThat(maxDiff(efn.predict(x), efn.predict(split))).isLessThan(TOL);
            // the control: a PFN counts the extra particle, so the same comparison fails for it
            assertThat(maxDiff(pfn.predict(x), pfn.predict(split))).isGreaterThan(100 * TOL);
        }
    }

    @Test
    void efnIsInfraredSafe() {
        float[][] x = jets(200, M, 3);
        try (ParticleFlowNetwork efn = net(ParticleFlowNetwork.Kind.EFN, M, x); ParticleFlowNetwork pfn = net(ParticleFlowNetwork.Kind.PFN, M, x)) {
            float[][] y = efn.predict(x);
            // a zero-energy particle at any angles, and one 1e-9 as hard as the jet: no change beyond float precision
            assertThat(maxDiff(y, efn.predict(addSoft(x, 0f, 4)))).isLessThan(TOL);
            assertThat(maxDiff(y, efn.predict(addSoft(x, 1e-9f, 5)))).isLessThan(TOL);
            assertThat(maxDiff(pfn.predict(x), pfn.predict(addSoft(x, 1e-9f, 5)))).isGreaterThan(100 * TOL);
        }
    }

    @Test
    void bothArePermutationInvariant() {
        float[][] x = jets(200, M, 6);
        SplittableRandom r = new SplittableRandom(7);
        float[][] shuffled = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            // a random permutation of all M slots, so padding lands between real particles too
            int[] p = new int[M];
            for (int k = 0; k < M; k++) p[k] = k;
            for (int k = M - 1; k > 0; k--) {
                int j = r.nextInt(k + 1), t = p[k];
                p[k] = p[j];
                p[j] = t;
            }
            shuffled[i] = new float[M * F];
            for (int k = 0; k < M; k++) System.arraycopy(x[i], p[k] * F, shuffled[i], k * F, F);
        }
        for (ParticleFlowNetwork.Kind kind : ParticleFlowNetwork.Kind.values()) {
            try (ParticleFlowNetwork n = net(kind, M, x)) {
                assertThat(maxDiff(n.predict(x), n.predict(shuffled))).as(kind.name()).isLessThan(TOL);
            }
        }
    }

    /** The weights do not depend on M: the same network on rows padded to 12 and to 30 particles gives the same outputs. */
    @Test
    void paddingChangesNothing() {
        float[][] x = jets(200, M, 8);
        float[][] wide = new float[x.length][30 * F];
        for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, wide[i], 0, M * F);
        for (ParticleFlowNetwork.Kind kind : ParticleFlowNetwork.Kind.values()) {
            try (ParticleFlowNetwork a = net(kind, M, x); ParticleFlowNetwork b = net(kind, 30, wide)) {
                assertThat(maxDiff(a.predict(x), b.predict(wide))).as(kind.name()).isLessThan(TOL);
            }
        }
    }

    @Test
    void savesAndLoads(@TempDir Path dir) {
        float[][] x = jets(50, M, 9);
        for (ParticleFlowNetwork.Kind kind : ParticleFlowNetwork.Kind.values()) {
            try (ParticleFlowNetwork n = net(kind, M, x)) {
                Path file = n.save(dir.resolve(kind + ".hepml"), Map.of("method", "test"));
                try (ParticleFlowNetwork back = ParticleFlowNetwork.load(file)) {
                    assertThat(back.kind()).isEqualTo(kind);
                    assertThat(back.toString()).isEqualTo(n.toString());
                    assertThat(maxDiff(n.predict(x), back.predict(x))).isZero();
                }
            }
        }
    }

    @Test
    void learnsToTellTwoAndThreeProngJetsApart() {
        // two-prong vs three-prong jets with equal total weight: an EFN must see the angular structure
        int n = 4000;
        SplittableRandom r = new SplittableRandom(12);
        float[][] x = new float[n][M * F];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int prongs = y[i] == 1 ? 3 : 2;
            for (int k = 0; k < prongs; k++) {
                double a = 2 * Math.PI * (k + 0.3 * r.nextDouble()) / prongs;
                x[i][k * F] = 1f / prongs;
                x[i][k * F + 1] = (float) (0.4 * Math.cos(a));
                x[i][k * F + 2] = (float) (0.4 * Math.sin(a));
            }
        }
        try (ParticleFlowNetwork efn = net(ParticleFlowNetwork.Kind.EFN, M, x)) {
            new Trainer(TrainingSettings.ESTIMATOR.withEpochs(15).withBatchSize(128).withLearningRate(3e-3).withSeed(13).withPatience(0))
                    .fit(efn, new TrainingData(x, null).target("y", y), Losses.bce());
            float[][] out = efn.predict(x);
            int right = 0;
            for (int i = 0; i < n; i++) if ((out[i][0] > 0) == (y[i] == 1)) right++;
            // the classes are separable; chance is 50% with a binomial sd of 0.8%
            assertThat(right / (double) n).isGreaterThan(0.9);
        }
    }

    @Test
    void rowsOfTheWrongWidthAreRefused() {
        try (ParticleFlowNetwork n = ParticleFlowNetwork.pfn(M, F, new int[]{4}, 2, new int[]{}, 1, 1).build()) {
            assertThatThrownBy(() -> n.predict(new float[][]{new float[5]})).isInstanceOf(HepmlException.class).hasMessageContaining("36");
        }
    }
}
