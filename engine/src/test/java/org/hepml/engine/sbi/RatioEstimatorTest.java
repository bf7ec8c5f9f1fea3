package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.GaltonBoard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatioEstimatorTest {
    static final GaltonBoard GALTON = new GaltonBoard();

    /** The paper's metric: sum_x p(x | theta1) (log r_hat(x | theta0) - log r(x | theta0))^2. */
    static double galtonError(RatioEstimator est, double theta0, double theta1) {
        double[] p1 = GALTON.probabilities(theta1);
        double[][] x = new double[GaltonBoard.POSITIONS][1];
        for (int i = 0; i < x.length; i++) x[i][0] = i;
        double[] lr = est.logRatio(x, new double[]{theta0});
        double err = 0;
        for (int i = 0; i < x.length; i++) {
            if (p1[i] < 1e-12) continue;
            double exact = GALTON.logRatio(i, new double[]{theta0}, new double[]{theta1});
            err += p1[i] * (lr[i] - exact) * (lr[i] - exact);
        }
        return err;
    }

    static Dataset train(int n, long seed) {
        return new AugmentedSimulation(GALTON).theta("uniform(-1,-0.4)").reference(-0.6).augment(true).seed(seed).generate("train", n);
    }

    /**
     * Every method on 10,000 Galton-board events, 20 epochs, fixed seeds. The bounds are about three times what
     * the methods reach here; the published
     * figure at 10,000 events reads 0.020 for the plain classifier and 0.002 for RASCAL (+-10%). A constant guess
     * (log r = 0) scores 0.063.
     */
    @Test
    void everyMethodLearnsTheGaltonRatioAndTheAugmentedOnesBetterThanCarl() {
        Dataset d = train(10_000, 1);
        EstimatorOptions o = new EstimatorOptions();
        o.epochs = 20;
        java.util.Map<Method, Double> err = new java.util.EnumMap<>(Method.class);
        for (Method m : Method.values()) {
            try (RatioEstimator e = RatioEstimator.train(d, m, 1.0, o)) {
                err.put(m, galtonError(e, -0.8, -0.6));
            }
        }
        double constantGuess = 0;
        double[] p1 = GALTON.probabilities(-0.6);
        for (int x = 0; x < p1.length; x++) {
            if (p1[x] > 1e-12) constantGuess += p1[x] * Math.pow(GALTON.logRatio(x, new double[]{-0.8}, new double[]{-0.6}), 2);
        }
        assertThat(constantGuess).isGreaterThan(0.05);
        for (Method m : new Method[]{Method.CARL, Method.CASCAL, Method.MLC}) assertThat(err.get(m)).as(m.label()).isLessThan(0.03);
        for (Method m : new Method[]{Method.ROLR, Method.ALICE, Method.RASCAL, Method.ALICES}) assertThat(err.get(m)).as(m.label()).isLessThan(0.008);
        // the mining-gold result: using the joint ratio beats the plain classifier at this size
        assertThat(err.get(Method.RASCAL)).isLessThan(err.get(Method.CARL) / 2);
        assertThat(err.get(Method.ALICE)).isLessThan(err.get(Method.CARL) / 2);
    }

    /**
     * ee -> mumu with sin^2 theta_W: every method against the exact log r on held-out events at theta0 = 0.19
     * (mean squared error over events from theta1 = 0.23); the bound is half a constant guess's error (0.021).
     * Measured with these seeds: carl 6e-4, rolr 8e-5, alice 5e-5, mlc 6e-4, rascal 2e-3, cascal and alices 7e-3:
     * with alpha = 1 the score term (joint scores of order 1/0.035 in sin^2 theta_W) dominates the loss here.
     */
    @Test
    void everyMethodLearnsTheElectroweakRatio() {
        org.hepml.engine.events.sim.ElectroweakMuonPairs ee = new org.hepml.engine.events.sim.ElectroweakMuonPairs(
                java.util.List.of("sin2w"), 0.23122, 91.1876, 0.1);
        Dataset d = new AugmentedSimulation(ee).theta("uniform(0.15,0.27)").reference(0.23).augment(true).seed(3).generate("ee", 30_000);
        Dataset test = new AugmentedSimulation(ee).theta("0.23").seed(4).generate("test", 2000);
        double[][] x = LikelihoodScan.observables(test, java.util.List.of("x.cos"));
        double[] exact = new ExactLogRatio(ee, 0.23).logRatio(x, new double[]{0.19});
        double constant = java.util.Arrays.stream(exact).map(v -> v * v).average().orElseThrow();
        assertThat(constant).isGreaterThan(0.01);
        EstimatorOptions o = new EstimatorOptions();
        o.epochs = 20;
        for (Method m : Method.values()) {
            try (RatioEstimator e = RatioEstimator.train(d, m, 1.0, o)) {
                double[] lr = e.logRatio(x, new double[]{0.19});
                double mse = 0;
                for (int i = 0; i < lr.length; i++) mse += (lr[i] - exact[i]) * (lr[i] - exact[i]) / lr.length;
                assertThat(mse).as("%s: mse %.5f vs constant guess %.5f", m.label(), mse, constant).isLessThan(0.5 * constant);
            }
        }
    }

    /**
     * 20 pseudo-experiments of 200 Galton events at theta = -0.6, scanned with a learned ALICES estimator:
     * the 68% interval must contain the truth in at least 12 of them (60%). For a perfect estimator the count
     * is Binomial(20, 0.683): mean 13.7, and at least 12 with probability 0.83; the seeds are fixed.
     */
    @Test
    void learnedScanCoversTheTruthInMostPseudoExperiments() {
        Dataset d = train(20_000, 5);
        EstimatorOptions o = new EstimatorOptions();
        o.epochs = 20;
        try (RatioEstimator e = RatioEstimator.train(d, Method.ALICES, 1.0, o)) {
            int covered = 0;
            for (int k = 0; k < 20; k++) {
                Dataset obs = new AugmentedSimulation(GALTON).theta("-0.6").seed(500 + k).generate("obs", 200);
                ScanResult r = LikelihoodScan.scan(e, obs, java.util.List.of(LikelihoodScan.grid(-1, -0.4, 121)), "alices");
                if (r.covers68(-0.6)) covered++;
            }
            assertThat(covered).isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void missingJointQuantitiesAreNamedWithTheWayToGetThem() {
        Dataset plain = new AugmentedSimulation(GALTON).theta("uniform(-1,0)").reference(-0.6).seed(1).generate("plain", 100);
        assertThatThrownBy(() -> RatioEstimator.train(plain, Method.RASCAL, 1, new EstimatorOptions()))
                .isInstanceOf(HepmlException.class).hasMessageContaining("r_xz").hasMessageContaining("t_xz.theta")
                .hasMessageContaining("--augment");
        Dataset noLabels = new AugmentedSimulation(GALTON).theta("uniform(-1,0)").seed(1).generate("nolabels", 100);
        assertThatThrownBy(() -> RatioEstimator.train(noLabels, Method.CARL, 1, new EstimatorOptions()))
                .hasMessageContaining("--reference");
        Dataset bad = train(100, 2).withColumn("r_xz", new double[100]).withColumn("r_xz", nanAt(100, 7));
        assertThatThrownBy(() -> RatioEstimator.train(bad, Method.ROLR, 1, new EstimatorOptions()))
                .hasMessageContaining("1 value(s) of r_xz").hasMessageContaining("event");
    }

    static double[] nanAt(int n, int i) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        v[i] = Double.NaN;
        return v;
    }
}
