package org.hepml.engine.jets.emd;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The EMD against answers known exactly (one particle moved, energy created, the azimuth wrap), against its metric
 * properties, and against the reference implementation: emd-reference.txt holds 40 random jet pairs with the EMD of
 * energyflow 1.4 (Wasserstein's network simplex) and of POT's ot.emd (tools/make_emd_reference.py; bench/emd runs the
 * full comparison). All are deterministic properties of an exact solver, so the tolerances are rounding, not statistics.
 */
class EnergyMoversDistanceTest {

    private static final double[] ONE = {1.0};

    @Test
    void oneParticleMovedCostsItsEnergyTimesTheDistanceOverRToTheBeta() {
        for (double beta : new double[]{0.5, 1, 2}) {
            EnergyMoversDistance emd = new EnergyMoversDistance(0.8, beta);
            double d = emd.distance(new double[]{30}, new double[]{0.1}, new double[]{1.0},
                    new double[]{30}, new double[]{0.4}, new double[]{1.4});
            assertThat(d).as("beta %s", beta).isCloseTo(30 * Math.pow(0.5 / 0.8, beta), within(1e-12));
        }
    }

    @Test
    void unmatchedEnergyCostsItsAmount() {
        EnergyMoversDistance emd = new EnergyMoversDistance(0.4, 1);
        // 10 at the same place in both, 5 more in the first: only the |dE| term
        assertThat(emd.distance(new double[]{15}, new double[]{0}, new double[]{0}, new double[]{10}, new double[]{0}, new double[]{0}))
                .isEqualTo(5.0);
        // the extra energy is the far particle's, not moved: 2 (created) + 10 * (0.2/0.4) (the near one moved)
        EnergyMoversDistance.Transport t = emd.transport(
                ParticleSets.of(new double[]{10, 2}, new double[]{0, 3}, new double[]{0, 0}), 0,
                ParticleSets.of(new double[]{10}, new double[]{0.2}, new double[]{0}), 0);
        assertThat(t.distance()).isCloseTo(2 + 5, within(1e-12));
        assertThat(t.energyDifference()).isEqualTo(2.0);
        assertThat(t.flow(0, 0)).isEqualTo(10.0);
        assertThat(t.flow(1, 0)).isZero();
    }

    @Test
    void azimuthWrapsAround() {
        EnergyMoversDistance emd = new EnergyMoversDistance(1, 1);
        double d = emd.distance(ONE, new double[]{0}, new double[]{0.1}, ONE, new double[]{0}, new double[]{2 * Math.PI - 0.1});
        assertThat(d).isCloseTo(0.2, within(1e-12));
        d = emd.distance(ONE, new double[]{0}, new double[]{-3.0}, ONE, new double[]{0}, new double[]{3.0});
        assertThat(d).isCloseTo(2 * Math.PI - 6, within(1e-12));
    }

    @Test
    void normalisedDistanceIgnoresTheScaleOfTheWeights() {
        SplittableRandom rng = new SplittableRandom(3);
        ParticleSets jets = randomJets(rng, 2, 30, 0.4);
        ParticleSets scaled = new ParticleSets(jets.offsets(), scale(jets.weight(), 7.5), jets.y(), jets.phi());
        EnergyMoversDistance emd = new EnergyMoversDistance(0.4, 1, true);
        assertThat(emd.distance(scaled, 0, jets, 1)).isCloseTo(emd.distance(jets, 0, jets, 1), within(1e-12));
        assertThat(emd.distance(scaled, 0, jets, 0)).isCloseTo(0, within(1e-12));
    }

    /** EMD_{beta=1} is a metric when 2R is at least the largest distance (the paper's condition); checked on random jets. */
    @Test
    void isAMetricForBetaOne() {
        SplittableRandom rng = new SplittableRandom(11);
        ParticleSets jets = randomJets(rng, 12, 25, 0.4);
        EnergyMoversDistance emd = new EnergyMoversDistance(2.0, 1);  // every jet within |dy|, |dphi| < 1.6 of the others
        double[][] d = emd.pairwise(jets);
        for (int a = 0; a < d.length; a++) {
            assertThat(d[a][a]).isZero();
            assertThat(emd.distance(jets, a, jets, a)).isCloseTo(0, within(1e-12));
            for (int b = 0; b < d.length; b++) {
                assertThat(d[a][b]).isEqualTo(d[b][a]);
                assertThat(emd.distance(jets, b, jets, a)).isCloseTo(d[a][b], within(1e-10 * (1 + d[a][b])));
                for (int c = 0; c < d.length; c++) {
                    assertThat(d[a][c]).isLessThanOrEqualTo(d[a][b] + d[b][c] + 1e-10 * (1 + d[a][c]));
                }
            }
        }
        double[][] rect = emd.pairwise(jets.slice(0, 5), jets.slice(5, 12));
        double[] toFirst = emd.toReference(jets, jets, 0);
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 7; b++) assertThat(rect[a][b]).isEqualTo(d[a][5 + b]);
        }
        for (int a = 0; a < 12; a++) assertThat(toFirst[a]).isCloseTo(d[a][0], within(1e-10 * (1 + d[a][0])));
    }

    /** The 40 reference pairs: the two peers agree to 1e-15; hepml must agree with them to 1e-12 relative. */
    @Test
    void agreesWithEnergyflowAndPot() throws IOException {
        List<Object[]> pairs = referencePairs();
        assertThat(pairs).hasSize(40);
        double worst = 0;
        for (Object[] p : pairs) {
            double[] params = (double[]) p[0];
            EnergyMoversDistance emd = new EnergyMoversDistance(params[0], params[1], params[2] == 1);
            ParticleSets jets = ParticleSets.of((double[][]) p[1], (double[][]) p[2]);
            double ours = emd.distance(jets, 0, jets, 1);
            for (double peer : new double[]{params[3], params[4]}) {
                double rel = Math.abs(ours - peer) / peer;
                worst = Math.max(worst, rel);
                assertThat(rel).as("R %s beta %s norm %s: hepml %s, peer %s", params[0], params[1], params[2], ours, peer)
                        .isLessThan(1e-12);
            }
        }
        assertThat(worst).isLessThan(1e-12);
    }

    /** Event-level input: final-state particles at their pT, rapidity and azimuth; incoming and intermediate ones left out. */
    @Test
    void takesTheFinalStateOfEvents() {
        org.hepml.engine.events.ParticleArrays.Builder b = new org.hepml.engine.events.ParticleArrays.Builder();
        b.addParticle(2, -1, 0, 0, 0, 0, 0, 0, 100, 100, 0, 0, 9);          // incoming, along the beam
        b.addParticle(23, 2, 1, 1, 0, 0, 0, 0, 0, 91.2, 91.2, 0, 9);        // intermediate
        b.addParticle(13, 1, 2, 2, 0, 0, 30, 0, 0, 30, 0, 0, 9);            // pT 30 at y 0, phi 0
        b.addParticle(-13, 1, 2, 2, 0, 0, 0, -20, 20 * Math.sinh(0.5), 20 * Math.cosh(0.5), 0, 0, 9);  // pT 20, y 0.5, phi -pi/2
        b.endEvent();
        ParticleSets events = ParticleSets.finalState(b.build());
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.weight()).containsExactly(new double[]{30, 20}, within(1e-12));
        assertThat(events.y()).containsExactly(new double[]{0, 0.5}, within(1e-12));
        assertThat(events.phi()).containsExactly(new double[]{0, -Math.PI / 2}, within(1e-12));
    }

    @Test
    void takesJaggedColumnsAndNamesMismatches() {
        int[] offsets = {0, 2, 3};
        var pt = new org.hepml.engine.events.JaggedColumn("pt", offsets, new double[]{10, 5, 15});
        var y = new org.hepml.engine.events.JaggedColumn("y", offsets, new double[]{0, 0.3, 0.1});
        var phi = new org.hepml.engine.events.JaggedColumn("phi", offsets, new double[]{0, 0, 0});
        ParticleSets jets = ParticleSets.of(pt, y, phi);
        assertThat(jets.size()).isEqualTo(2);
        assertThat(jets.total(0)).isEqualTo(15.0);
        // 10 moved by 0.1 and 5 by 0.2, over R = 0.5: 2 + 2
        assertThat(new EnergyMoversDistance(0.5, 1).distance(jets, 0, jets, 1)).isCloseTo(4.0, within(1e-12));
        var shortPhi = new org.hepml.engine.events.JaggedColumn("phi", new int[]{0, 1, 3}, new double[]{0, 0, 0});
        assertThatThrownBy(() -> ParticleSets.of(pt, y, shortPhi)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("'pt', 'y' and 'phi'");
    }

    @Test
    void interruptedMatrixStopsWithCancelled() {
        ParticleSets jets = randomJets(new SplittableRandom(5), 40, 30, 0.4);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new EnergyMoversDistance(0.4, 1).pairwise(jets)).isInstanceOf(Cancelled.class)
                    .hasMessageContaining("EMD matrix");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> new EnergyMoversDistance(0, 1)).isInstanceOf(HepmlException.class).hasMessageContaining("R must");
        assertThatThrownBy(() -> new EnergyMoversDistance(0.4, -1)).isInstanceOf(HepmlException.class).hasMessageContaining("beta");
        assertThatThrownBy(() -> ParticleSets.of(new double[]{1, -2}, new double[]{0, 0}, new double[]{0, 0}))
                .isInstanceOf(HepmlException.class).hasMessageContaining("particle 1 of set 0");
        ParticleSets empty = new ParticleSets(new int[]{0, 0}, new double[0], new double[0], new double[0]);
        ParticleSets one = ParticleSets.of(ONE, new double[]{0}, new double[]{0});
        assertThat(new EnergyMoversDistance(0.4, 1).distance(empty, 0, one, 0)).isEqualTo(1.0);
        assertThatThrownBy(() -> new EnergyMoversDistance(0.4, 1, true).distance(empty, 0, one, 0))
                .isInstanceOf(HepmlException.class).hasMessageContaining("no weight");
        assertThatThrownBy(() -> new EnergyMoversDistance(0.4, 1).distance(one, 1, one, 0))
                .isInstanceOf(HepmlException.class).hasMessageContaining("no set 1");
    }

    /** Jets of {@code particles} particles around random axes within 0.6 of each other, spread ~ R/2. */
    static ParticleSets randomJets(SplittableRandom rng, int jets, int particles, double r) {
        double[][][] sets = new double[jets][][];
        for (int k = 0; k < jets; k++) {
            double y0 = rng.nextDouble(-0.3, 0.3), phi0 = rng.nextDouble(-0.3, 0.3);
            double[] w = new double[particles], y = new double[particles], phi = new double[particles];
            for (int p = 0; p < particles; p++) {
                w[p] = -Math.log(1 - rng.nextDouble()) * 10;
                y[p] = y0 + r / 2 * (rng.nextDouble() - 0.5) * 2;
                phi[p] = phi0 + r / 2 * (rng.nextDouble() - 0.5) * 2;
            }
            sets[k] = new double[][]{w, y, phi};
        }
        return ParticleSets.of(sets);
    }

    private static double[] scale(double[] w, double f) {
        double[] out = w.clone();
        for (int i = 0; i < out.length; i++) out[i] *= f;
        return out;
    }

    /** {params = {R, beta, norm, emd_energyflow, emd_pot}, jet0 = {pt, y, phi}, jet1}. */
    static List<Object[]> referencePairs() throws IOException {
        List<Object[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                EnergyMoversDistanceTest.class.getResourceAsStream("emd-reference.txt"), StandardCharsets.US_ASCII))) {
            String line;
            double[] params = null;
            List<double[][]> jets = new ArrayList<>();
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) continue;
                String[] f = line.trim().split(" ");
                if (f[0].equals("P")) {
                    params = new double[]{Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]), Double.parseDouble(f[5])};
                    jets.clear();
                } else {
                    int n = (f.length - 1) / 3;
                    double[][] jet = new double[3][n];
                    for (int p = 0; p < n; p++) {
                        for (int c = 0; c < 3; c++) jet[c][p] = Double.parseDouble(f[1 + 3 * p + c]);
                    }
                    jets.add(jet);
                    if (jets.size() == 2) out.add(new Object[]{params, jets.get(0), jets.get(1)});
                }
            }
        }
        return out;
    }
}
