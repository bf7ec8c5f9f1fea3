package org.hepml.engine.unfold;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OmniFold's iteration logic, checked where the answer is known exactly: with histogram reweighters it
 * must reproduce iterative Bayesian unfolding bin by bin (with the efficiency correction when events are
 * lost), and on the paper's Gaussian toy the unfolded mean and width must approach the data's truth.
 */
class BinnedOmniFoldTest {
    static final int BINS = 30;
    static final double LO = -4, HI = 4;

    static double[][] column(double[] v) {
        double[][] x = new double[v.length][1];
        for (int i = 0; i < v.length; i++) x[i][0] = v[i];
        return x;
    }

    static boolean[] present(double[] v) {
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) b[i] = !Double.isNaN(v[i]);
        return b;
    }

    static double[] genHistogram(double[] gen, double[] w) {
        HistogramReweighter h = new HistogramReweighter(BINS, LO, HI);
        double[] out = new double[BINS];
        for (int i = 0; i < gen.length; i++) out[h.bin(gen[i])] += w[i];
        return out;
    }

    void checkAgainstIbu(double efficiency) {
        Dataset sim = new GaussianToy().mu(0).sigma(1).efficiency(efficiency).seed(1).generate("sim", 50_000);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).efficiency(efficiency).seed(2).generate("data", 50_000);
        double[] gen = sim.column("x.gen"), reco = sim.column("x.reco"), w = sim.weights();
        double[] dataReco = Arrays.stream(data.column("x.reco")).filter(x -> !Double.isNaN(x)).toArray();
        double[] dataW = new double[dataReco.length];
        Arrays.fill(dataW, 1);
        HistogramReweighter binned = new HistogramReweighter(BINS, LO, HI);
        OmniFold.Iterations it = new OmniFold().reweighters(binned, binned).iterations(4)
                .run(new PairedSimulation(column(gen), present(gen), column(reco), present(reco), w), new MeasuredData(column(dataReco), dataW));
        double[][] ibu = IterativeBayesianUnfolding.unfold(gen, reco, w, dataReco, dataW, BINS, LO, HI, 4);
        for (int k = 0; k < 4; k++) {
            double[] omni = genHistogram(gen, it.stepTwo().get(k));
            for (int j = 0; j < BINS; j++) {
                assertThat(omni[j]).as("iteration %d, bin %d", k + 1, j).isCloseTo(ibu[k][j], within(1e-8 * Math.max(1, ibu[k][j])));
            }
        }
    }

    @Test
    void binnedOmniFoldIsIterativeBayesianUnfolding() {
        checkAgainstIbu(1.0);
    }

    @Test
    void withLostEventsBinnedOmniFoldIsIbuWithTheEfficiencyCorrection() {
        checkAgainstIbu(0.7);
    }

    @Test
    void gaussianToyUnfoldsTowardsTheDataTruth() {
        int n = 100_000;
        Dataset sim = new GaussianToy().mu(0).sigma(1).seed(3).generate("sim", n);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).seed(4).generate("data", n);
        double[] gen = sim.column("x.gen"), w = sim.weights();
        HistogramReweighter binned = new HistogramReweighter(40, -4, 4);
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        OmniFold.Iterations it = new OmniFold().reweighters(binned, binned).iterations(10)
                .run(new PairedSimulation(column(gen), present(gen), column(sim.column("x.reco")), present(gen), w),
                        new MeasuredData(column(data.column("x.reco")), ones));
        double[] nu = it.finalWeights();
        double s = 0, m = 0, m2 = 0;
        for (int i = 0; i < n; i++) {
            s += nu[i];
            m += nu[i] * gen[i];
        }
        m /= s;
        for (int i = 0; i < n; i++) m2 += nu[i] * (gen[i] - m) * (gen[i] - m);
        double sd = Math.sqrt(m2 / s);
        // Statistical scale: 0.8 / sqrt(n) ~ 0.0025; regularisation by few iterations biases the width upward,
        // so the bound is loose but far tighter than the prior's offsets (0.2 in mean, 0.2 in width).
        assertThat(m).isCloseTo(0.2, within(0.02));
        assertThat(sd).isCloseTo(0.8, within(0.05));
        assertThat(s).isCloseTo(n, within(1e-6 * n)); // the data's rate
        assertThat(it.diagnostics()).hasSize(10);
        assertThat(it.diagnostics().get(9).change()).isLessThan(it.diagnostics().get(0).change());
    }
}
