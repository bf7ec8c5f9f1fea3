package org.hepml.engine.unfold;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Unbinned OmniFold with neural classifiers on the paper's Gaussian toy. */
class OmniFoldTest {

    static double[] moments(double[] x, double[] w) {
        double s = 0, m = 0, v = 0;
        for (int i = 0; i < x.length; i++) {
            s += w[i];
            m += w[i] * x[i];
        }
        m /= s;
        for (int i = 0; i < x.length; i++) v += w[i] * (x[i] - m) * (x[i] - m);
        return new double[]{m, Math.sqrt(v / s), s};
    }

    @Test
    void gaussianToyUnfoldsToTheDataTruth() {
        int n = 20_000;
        Dataset sim = new GaussianToy().mu(0).sigma(1).seed(1).generate("sim", n);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).seed(2).generate("data", n);
        long t0 = System.nanoTime();
        OmniFold of = new OmniFold().iterations(3).reweighters(new ClassifierReweighter().epochs(10).seed(3),
                new ClassifierReweighter().epochs(10).seed(4));
        Dataset u = Unfolding.omnifold(of, sim, List.of("x.gen"), List.of("x.reco"), data, List.of("x.reco"), "u");
        double[] m = moments(u.column("x.gen"), u.column("weight"));
        double[] truth = moments(data.column("x.gen"), data.weights());
        System.out.printf("omnifold: mean %.4f std %.4f sum %.1f (truth %.4f %.4f) in %.1f s%n", m[0], m[1], m[2], truth[0], truth[1],
                (System.nanoTime() - t0) / 1e9);
        assertThat(Math.abs(m[0] - truth[0])).isLessThan(0.05);
        assertThat(Math.abs(m[1] - truth[1])).isLessThan(0.05);
    }
}
