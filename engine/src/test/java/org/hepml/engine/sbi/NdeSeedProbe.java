package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Not a test: the asymptotic NDE bias over training seeds, single flows and their log p averages (docs/FLOWS.md). */
class NdeSeedProbe {
    @Test
    void probe() {
        var EE = LikelihoodEstimatorTest.EE;
        int dataSeed = Integer.getInteger("probe.data", 1);
        String[] seeds = System.getProperty("probe.seeds", "1,21,41,61").split(",");
        Dataset train = new AugmentedSimulation(EE).theta("uniform(0.15,0.27)").seed(dataSeed).generate("train", 60_000);
        double truth = 0.20;
        double[] grid = LikelihoodScan.grid(0.15, 0.27, 61);
        double sigma = 1 / Math.sqrt(1000 * EE.fisherInformation(new double[]{truth})[0][0]);
        List<LikelihoodEstimator> flows = new ArrayList<>();
        for (String s : seeds) {
            long t0 = System.nanoTime();
            TrainingSettings ts = LikelihoodEstimatorTest.SETTINGS.withEpochs(Integer.getInteger("probe.epochs", 20)).withBatchSize(1024)
                    .withLearningRate(3e-3, 3e-5).withSeed(Long.parseLong(s));
            LikelihoodEstimator e = LikelihoodEstimator.train(train, LikelihoodMethod.NDE, 0, ts, new FlowShape(2, 6, 3));
            flows.add(e);
            double b = RatioEstimatorTest.asymptoticMle(e, EE, truth, grid) - truth;
            System.err.printf("PROBE data %d seed %s bias %+.3f sigma (%.1f s)%n", dataSeed, s, b / sigma, (System.nanoTime() - t0) / 1e9);
        }
        LogRatio mean = new LogRatio() {
            public List<String> parameters() { return flows.get(0).parameters(); }
            public List<String> observables() { return flows.get(0).observables(); }
            public double[] logRatio(double[][] x, double[] theta) {
                double[] out = new double[x.length];
                for (LikelihoodEstimator f : flows) {
                    double[] lr = f.logRatio(x, theta);
                    for (int i = 0; i < out.length; i++) out[i] += lr[i] / flows.size();
                }
                return out;
            }
        };
        double b = RatioEstimatorTest.asymptoticMle(mean, EE, truth, grid) - truth;
        System.err.printf("PROBE data %d ensemble of %d bias %+.3f sigma%n", dataSeed, flows.size(), b / sigma);
        flows.forEach(LikelihoodEstimator::close);
    }
}
