package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Not a test: {@link LikelihoodEstimatorTest#ndeScanCoversTheTruth}'s setting (240k events, U(0.13, 0.31), 3 flows x 15
 * epochs, K = 200 of 1,000 events) on other data samples ({@code -Dprobe.data=22,23}; {@code -Dprobe.ensemble=K}),
 * printing the bias and the coverage counts: how often the test's setting covers, over trainings.
 */
class NdeCoverageProbe {
    public static void main(String[] args) {
        new NdeCoverageProbe().probe();
    }

    @Test
    void probe() {
        var ee = LikelihoodEstimatorTest.EE;
        int events = 1000, k = Integer.getInteger("probe.ensemble", 3);
        for (String d : System.getProperty("probe.data", "22").split(",")) {
            Dataset train = new AugmentedSimulation(ee).theta("uniform(0.13,0.31)").seed(Long.parseLong(d)).generate("train", 240 * events);
            TrainingSettings s = LikelihoodEstimatorTest.SETTINGS.withEpochs(15).withBatchSize(1024).withLearningRate(3e-3, 3e-5);
            try (LikelihoodEstimator nde = LikelihoodEstimator.train(train, LikelihoodMethod.NDE, 0, s, new FlowShape(2, 6, 3), k)) {
                double truth = 0.20;
                double[] grid = LikelihoodScan.grid(0.15, 0.27, 61);
                double sigma = 1 / Math.sqrt(events * ee.fisherInformation(new double[]{truth})[0][0]);
                double bias = RatioEstimatorTest.asymptoticMle(nde, ee, truth, grid) - truth;
                CoverageResult r = new CoverageStudy(ee, truth).experiments(200).events(events).grid(List.of(grid))
                        .levels(RatioEstimatorTest.COVERAGE_LEVELS).seed(800).model("NDE", nde).run();
                System.err.printf("PROBE data %s ensemble %d: bias %+.2f sigma, coverage %d (%d open) at 68.3%%, %d (%d open) at 95%% of 200%n", d, k,
                        bias / sigma, r.covered("NDE", RatioEstimatorTest.COVERAGE_LEVELS[0]), r.open("NDE", RatioEstimatorTest.COVERAGE_LEVELS[0]),
                        r.covered("NDE", 0.95), r.open("NDE", 0.95));
            }
        }
    }
}
