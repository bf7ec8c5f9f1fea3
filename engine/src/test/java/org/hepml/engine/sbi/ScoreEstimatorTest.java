package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScoreEstimatorTest {

    /**
     * SALLY on ee -> mumu (smeared by 0.1) at sin^2 theta_W = 0.23: the Fisher information from the learned
     * score must agree with the exact one within 10%, and the mean score must vanish. The Monte Carlo error of
     * the estimate on 100,000 events is about 1%, so the bound tests the network.
     */
    @Test
    void fisherInformationAgreesWithTheExactOneWithinTenPercent() {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs(List.of("sin2w"), 0.23122, 91.1876, 0.1);
        Dataset train = new AugmentedSimulation(ee).theta("0.23").augment(true).seed(1).generate("train", 50_000);
        Dataset eval = new AugmentedSimulation(ee).theta("0.23").seed(2).generate("eval", 100_000);
        EstimatorOptions o = new EstimatorOptions();
        o.epochs = 15;
        try (ScoreEstimator sally = ScoreEstimator.train(train, o)) {
            FisherInformation learned = sally.fisherInformation(eval);
            double exact = ee.fisherInformation(new double[]{0.23})[0][0];
            assertThat(learned.perEvent()[0][0]).isCloseTo(exact, within(0.10 * exact));
            // E[t] = 0: compared with the score's spread sqrt(I), a mean beyond 10% of it would be a bias
            assertThat(Math.abs(learned.meanScore()[0])).isLessThan(0.1 * Math.sqrt(exact));
            assertThat(learned.errors(1000)[0]).isCloseTo(1 / Math.sqrt(1000 * exact), within(0.1 / Math.sqrt(1000 * exact)));

            // SALLY and SALLINO as likelihoods (score histograms at each theta): on 5,000 events at 0.22 their
            // maxima must lie within half the exact 68% interval's width of the exact maximum; with one
            // parameter the two coincide up to the sign of the projection
            Dataset observed = new AugmentedSimulation(ee).theta("0.22").seed(9).generate("obs", 5000);
            List<double[]> grid = List.of(LikelihoodScan.grid(0.18, 0.25, 36));
            ScanResult exactScan = LikelihoodScan.scan(new ExactLogRatio(ee, 0.23), observed, grid, "exact");
            double[] ci = exactScan.interval68();
            for (ScoreSummaryLikelihood l : List.of(ScoreSummaryLikelihood.sally(sally, ee, new double[]{0.23}, 20_000, 20),
                    ScoreSummaryLikelihood.sallino(sally, ee, new double[]{0.23}, 20_000, 20))) {
                ScanResult r = LikelihoodScan.scan(l, observed, grid, "score");
                assertThat(Math.abs(r.mle()[0] - exactScan.mle()[0])).isLessThan((ci[1] - ci[0]) / 2);
            }
        }
    }

    @Test
    void sallyRefusesRatioSamplesAndDataWithoutJointScores() {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs();
        Dataset noScore = new AugmentedSimulation(ee).theta("0.23").seed(1).generate("plain", 100);
        assertThatThrownBy(() -> ScoreEstimator.train(noScore, new EstimatorOptions())).isInstanceOf(HepmlException.class)
                .hasMessageContaining("t_xz").hasMessageContaining("--augment");
        Dataset ratio = new AugmentedSimulation(ee).theta("uniform(0.2,0.26)").reference(0.23).augment(true).seed(1).generate("r", 100);
        assertThatThrownBy(() -> ScoreEstimator.train(ratio, new EstimatorOptions())).hasMessageContaining("without --reference");
    }
}
