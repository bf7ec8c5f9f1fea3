package org.hepml.engine.sbi;

import org.hepml.engine.nn.TrainingSettings;
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
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(15));
        try (ScoreEstimator sally = ScoreEstimator.train(train, o)) {
            FisherInformation learned = sally.fisherInformation(eval);
            double exact = ee.fisherInformation(new double[]{0.23})[0][0];
            assertThat(learned.perEvent()[0][0]).isCloseTo(exact, within(0.10 * exact));
            // E[t] = 0: compared with the score's spread sqrt(I), a mean beyond 10% of it would be a bias
            assertThat(Math.abs(learned.meanScore()[0])).isLessThan(0.1 * Math.sqrt(exact));
            assertThat(learned.errors(1000)[0]).isCloseTo(1 / Math.sqrt(1000 * exact), within(0.1 / Math.sqrt(1000 * exact)));

            // SALLY as a likelihood, from the learned score: 200 pseudo-experiments of 2,000 events at 0.20 (grid step
            // 0.2 sigma), one
            // reference sample of 2,000,000 events at 0.23 reweighted to every theta
            double truth = 0.20;
            double[] grid = LikelihoodScan.grid(0.16, 0.24, 81);
            ScoreSummaryLikelihood likelihood = ScoreSummaryLikelihood.sally(sally, ee, new double[]{0.23}, 2_000_000, 20, 5);
            CoverageResult study = new CoverageStudy(ee, truth).experiments(200).events(2000).grid(List.of(grid))
                    .levels(RatioEstimatorTest.COVERAGE_LEVELS).seed(700).model("sally", likelihood).exact(true).run();
            // (1) agreement with the exact MLE within half the exact 68% width. The binned likelihood loses ~1% of the
            // information, so the two MLEs differ by ~0.15 sigma, and the reference sample's Monte Carlo error by less
            // (checked below): agreement fails with probability ~1e-10 per experiment. We require 90% of 200; with
            // p = 0.97 the chance of fewer than 180 is 0.2%, while the former per-point sampling (p ~ 0.6) would pass
            // with probability < 1e-20.
            int agree = 0;
            for (int e = 0; e < 200; e++) {
                ScanResult ex = study.curve("exact").scans().get(e), sl = study.curve("sally").scans().get(e);
                ScanResult.Interval ci = ex.confidenceInterval(ScanResult.ONE_SIGMA);
                if (!ci.open() && Math.abs(sl.mle()[0] - ex.mle()[0]) < ci.width() / 2) agree++;
            }
            assertThat(agree).as("experiments whose SALLY MLE lies within half the exact 68%% width of the exact MLE").isGreaterThanOrEqualTo(180);
            // (2) two-sided coverage of the exact and the SALLY likelihood (bounds: RatioEstimatorTest.assertCoverage);
            // the SALLY bias is the reference sample's: below 0.1 sigma, taken as 0
            RatioEstimatorTest.assertCoverage(study, "exact", 0);
            RatioEstimatorTest.assertCoverage(study, "sally", 0);
            // (3) the reported Monte Carlo error of q on one experiment's scan, and the curve's smoothness
            Dataset observed = new AugmentedSimulation(ee).theta(Double.toString(truth)).seed(9).generate("obs", 2000);
            ScanResult scan = LikelihoodScan.scan(likelihood, observed, List.of(grid), "sally");
            assertThat(scan.monteCarloErrorNearMinimum()).as("Monte Carlo error of q near the minimum").isLessThan(0.1);
            assertThat(scan.toString()).contains("Monte Carlo error of q");
            // SALLINO with one parameter histograms the same projection (u = +-1, one sign): the same curve
            ScoreSummaryLikelihood small = ScoreSummaryLikelihood.sally(sally, ee, new double[]{0.23}, 100_000, 20, 6);
            ScoreSummaryLikelihood sallino = ScoreSummaryLikelihood.sallino(sally, ee, new double[]{0.23}, 100_000, 20, 6);
            assertThat(LikelihoodScan.scan(sallino, observed, List.of(grid), "sallino").q())
                    .containsExactly(LikelihoodScan.scan(small, observed, List.of(grid), "sally").q(), within(1e-9));
        }
    }

    /**
     * The SALLY likelihood without any training, on the simulator's exact score (ee -> mumu, 2,000 events at 0.21,
     * reference 0.23): the reported Monte Carlo error of q (delta method) must match the actual spread of q over 12
     * independent reference samples of 100,000 events, and q must be smooth along the grid.
     * <ul>
     * <li>The spread from 12 samples is sd * sqrt(chi2_11 / 11): its central 99.8% is [0.41, 1.69] times the true sd, so
     * the ratio spread / reported must lie there (the delta method is first order; with these sizes its own error is
     * a few percent).</li>
     * <li>Smooth: with the same reference events at every point, the second difference of q along the grid differs
     * from the exact likelihood's by information loss and Monte Carlo error only, which at 0.1 sigma steps is below
     * 0.02 (the exact second difference is 0.02 itself); the former per-point sampling made q jump by units.</li>
     * </ul>
     */
    @Test
    void sallyLikelihoodOnTheExactScoreIsSmoothAndReportsItsMonteCarloError() {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs(List.of("sin2w"), 0.23122, 91.1876, 0.1);
        double[] grid = LikelihoodScan.grid(0.18, 0.24, 61);
        Dataset observed = new AugmentedSimulation(ee).theta("0.21").seed(9).generate("obs", 2000);
        ScanResult exact = LikelihoodScan.scan(new ExactLogRatio(ee, 0.23), observed, List.of(grid), "exact");
        ScanResult.Interval ci = exact.confidenceInterval(ScanResult.ONE_SIGMA);
        int edge = 0; // the grid point nearest the upper end of the exact 68% interval
        for (int i = 0; i < grid.length; i++) if (Math.abs(grid[i] - ci.upper()) < Math.abs(grid[edge] - ci.upper())) edge = i;
        int best = 0;
        for (int i = 0; i < grid.length; i++) if (Math.abs(grid[i] - exact.mle()[0]) < Math.abs(grid[best] - exact.mle()[0])) best = i;
        int seeds = 12;
        double[] d = new double[seeds];
        double reported = 0;
        double[] exactQ = exact.q();
        for (int s = 0; s < seeds; s++) {
            ScoreSummaryLikelihood l = ScoreSummaryLikelihood.sally(Score.exact(ee, 0.23), ee, new double[]{0.23}, 100_000, 20, 100 + s);
            ScanResult r = LikelihoodScan.scan(l, observed, List.of(grid), "sally");
            double[] logL = r.logLikelihood();
            d[s] = -2 * (logL[edge] - logL[best]);
            reported += l.qErrors(LikelihoodScan.observables(observed, l.observables()), observed.weights(), List.of(new double[]{grid[edge]}),
                    new double[]{grid[best]})[0] / seeds;
            double[] q = r.q();
            for (int i = 1; i + 1 < grid.length; i++) {
                if (exactQ[i] > 9) continue;
                double second = q[i - 1] - 2 * q[i] + q[i + 1], exactSecond = exactQ[i - 1] - 2 * exactQ[i] + exactQ[i + 1];
                assertThat(Math.abs(second - exactSecond)).as("second difference of q at %.4f", grid[i]).isLessThan(0.02);
            }
        }
        double mean = java.util.Arrays.stream(d).average().orElseThrow();
        double spread = Math.sqrt(java.util.Arrays.stream(d).map(v -> (v - mean) * (v - mean)).sum() / (seeds - 1));
        assertThat(spread / reported).as("spread %.4f over reference samples / reported error %.4f", spread, reported).isBetween(0.41, 1.69);
    }

    @Test
    void sallyRefusesRatioSamplesAndDataWithoutJointScores() {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs();
        Dataset noScore = new AugmentedSimulation(ee).theta("0.23").seed(1).generate("plain", 100);
        assertThatThrownBy(() -> ScoreEstimator.train(noScore, EstimatorOptions.DEFAULT)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("t_xz").hasMessageContaining("--augment");
        Dataset ratio = new AugmentedSimulation(ee).theta("uniform(0.2,0.26)").reference(0.23).augment(true).seed(1).generate("r", 100);
        assertThatThrownBy(() -> ScoreEstimator.train(ratio, EstimatorOptions.DEFAULT)).hasMessageContaining("without --reference");
    }
}
