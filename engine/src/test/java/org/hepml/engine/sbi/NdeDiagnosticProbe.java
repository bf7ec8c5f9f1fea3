package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.flows.FlowShape;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire does not pick the name up): the diagnosis of the NDE scan's coverage behind docs/FLOWS.md. It trains
 * an NDE on smeared ee -> mumu and prints -2 N [E log p_hat(theta) - E log p_hat(truth)] beside the exact curve, the
 * learned score's noise E[(t_hat - t)^2] against the Fisher information, the asymptotic bias and a K = 100 coverage.
 * Run: {@code mvn -B -ntp -q -pl engine test -Dtest=NdeDiagnosticProbe -Dprobe.n=60000 -Dprobe.epochs=20 -Dprobe.events=1000
 * -Dprobe.batch=1024 -Dprobe.lrEnd=3e-5 -Dprobe.bins=6 -Dprobe.transforms=2} (also probe.method, probe.alpha) and read
 * the PROBE lines in target/surefire-reports.
 */
class NdeDiagnosticProbe {
    @Test
    void probe() {
        var EE = LikelihoodEstimatorTest.EE;
        long t0 = System.nanoTime();
        int nTrain = Integer.getInteger("probe.n", 20000);
        int epochs = Integer.getInteger("probe.epochs", 30);
        Dataset train = new AugmentedSimulation(EE).theta("uniform(0.15,0.27)").augment(true).seed(1).generate("train", nTrain);
        try (LikelihoodEstimator nde = LikelihoodEstimator.train(train, LikelihoodMethod.valueOf(System.getProperty("probe.method", "NDE")), Double.parseDouble(System.getProperty("probe.alpha", "0")), LikelihoodEstimatorTest.SETTINGS.withEpochs(epochs).withBatchSize(Integer.getInteger("probe.batch", 256)).withLearningRate(3e-3, Double.parseDouble(System.getProperty("probe.lrEnd", "3e-4"))), new FlowShape(Integer.getInteger("probe.transforms", 3), Integer.getInteger("probe.bins", 16), 3))) {
            System.err.printf("PROBE trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            double truth = 0.20;
            int events = Integer.getInteger("probe.events", 500);
            double[] grid = LikelihoodScan.grid(0.15, 0.27, 61);
            double sigma = 1 / Math.sqrt(events * EE.fisherInformation(new double[]{truth})[0][0]);
            // expected log-likelihood per event under the exact density at truth, learned and exact
            int n = 2000;
            double lo = -1.8, hi = 1.8, h = (hi - lo) / n;
            double[][] x = new double[n + 1][1];
            double[] w = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                x[i][0] = lo + i * h;
                w[i] = Math.exp(EE.logLikelihood(x[i][0], new double[]{truth})) * h / 3 * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
            }
            double[] el = new double[grid.length], ex = new double[grid.length];
            for (int g = 0; g < grid.length; g++) {
                double[] lp = nde.logLikelihood(x, new double[]{grid[g]});
                for (int i = 0; i <= n; i++) {
                    el[g] += w[i] * lp[i];
                    ex[g] += w[i] * EE.logLikelihood(x[i][0], new double[]{grid[g]});
                }
            }
            int gt = 25;
            for (int g = 0; g < grid.length; g += 5) {
                System.err.printf("PROBE theta %.4f  -2N dEL learned %8.3f exact %8.3f%n", grid[g], -2 * events * (el[g] - el[gt]), -2 * events * (ex[g] - ex[gt]));
            }
            {
                double[][] sc = nde.score(x, new double[]{truth});
                double hh = 1e-4, info = 0, k = 0, j = 0, mt = 0;
                for (int i = 0; i <= n; i++) {
                    double t = (EE.logLikelihood(x[i][0], new double[]{truth + hh}) - EE.logLikelihood(x[i][0], new double[]{truth - hh})) / (2 * hh);
                    info += w[i] * t * t;
                    k += w[i] * sc[i][0] * sc[i][0];
                    mt += w[i] * sc[i][0];
                    j += w[i] * (sc[i][0] - t) * (sc[i][0] - t);
                }
                System.err.printf("PROBE exact I %.2f, E[t_hat^2] %.2f, E[t_hat] %.3f, E[(t_hat - t)^2] %.2f%n", info, k, mt, j);
            }
            double bias = RatioEstimatorTest.asymptoticMle(nde, EE, truth, grid) - truth;
            System.err.printf("PROBE asymptotic bias %.3f sigma (sigma %.4f)%n", bias / sigma, sigma);
            CoverageResult r = new CoverageStudy(EE, truth).experiments(100).events(events).grid(java.util.List.of(grid))
                    .levels(RatioEstimatorTest.COVERAGE_LEVELS).seed(700).model("nde", nde).exact(true).run();
            for (double level : RatioEstimatorTest.COVERAGE_LEVELS) {
                System.err.printf("PROBE coverage %.3f: nde %d (open %d), exact %d%n", level, r.covered("nde", level), r.open("nde", level), r.covered("exact", level));
            }
            System.err.printf("PROBE total %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }
}
