package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.events.sim.TractableSimulator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scan machinery, fed with the exact likelihood ratio: Wilks' 68.3% intervals must cover the true
 * parameter in 68.3% of pseudo-experiments. With 200 experiments the binomial standard error of the
 * coverage is sqrt(0.683 * 0.317 / 200) = 0.033, so [0.58, 0.78] is a three-sigma band.
 */
class LikelihoodScanTest {

    static double coverage(TractableSimulator sim, double truth, double[] reference, double[] grid, int events, int experiments) {
        ExactLogRatio exact = new ExactLogRatio(sim, reference);
        int covered = 0;
        for (int e = 0; e < experiments; e++) {
            Dataset observed = new AugmentedSimulation(sim).theta(Double.toString(truth)).seed(1000 + e).generate("obs", events);
            ScanResult r = LikelihoodScan.scan(exact, observed, List.of(grid), "exact");
            if (r.covers68(truth)) covered++;
        }
        return (double) covered / experiments;
    }

    @Test
    void galtonExactIntervalsCoverAtTheNominalRate() {
        double c = coverage(new GaltonBoard(), -0.6, new double[]{-0.6}, LikelihoodScan.grid(-1.2, 0.0, 121), 100, 200);
        assertThat(c).isBetween(0.58, 0.78);
    }

    /**
     * At the Z pole A_FB depends on sin^2 th_W through g_V^2, nearly symmetric about 0.25, so Wilks' theorem
     * needs the statistical error well below the distance 0.02 to that point: 20,000 events give 0.0037.
     * (With 2,000 events the mirror solution pulls the coverage down to about 53%: physics, not a bug.)
     */
    @Test
    void eeMuMuExactIntervalsCoverAtTheNominalRate() {
        double c = coverage(new ElectroweakMuonPairs(), 0.23, new double[]{0.23}, LikelihoodScan.grid(0.215, 0.245, 61), 20_000, 200);
        assertThat(c).isBetween(0.58, 0.78);
    }

    /** A likelihood that cannot tell theta apart: both ends of every interval are open, and it covers nothing. */
    @Test
    void anIntervalThatLeavesTheGridIsOpenAndNeverCovers() {
        GaltonBoard g = new GaltonBoard();
        LogRatio flat = new LogRatio() {
            public List<String> parameters() {
                return g.parameters();
            }

            public List<String> observables() {
                return List.of(g.observable());
            }

            public double[] logRatio(double[][] x, double[] theta) {
                return new double[x.length];
            }
        };
        Dataset observed = new AugmentedSimulation(g).theta("-0.6").seed(1).generate("obs", 100);
        ScanResult r = LikelihoodScan.scan(flat, observed, List.of(LikelihoodScan.grid(-1, 0, 11)), "flat");
        ScanResult.Interval iv = r.confidenceInterval(ScanResult.ONE_SIGMA);
        assertThat(iv.lowerOpen()).isTrue();
        assertThat(iv.upperOpen()).isTrue();
        assertThat(iv.covers(-0.6)).isFalse();
        assertThat(r.covers68(-0.6)).isFalse();
        assertThat(r.covers(new double[]{-0.6}, 0.95)).isFalse();
        assertThat(r.toString()).contains("(open)").contains("widen the grid");
        assertThat(r.toHtml()).contains("widen the grid");
        // a real scan whose upper end runs past a short grid: only that end is open
        ScanResult cut = LikelihoodScan.scan(new ExactLogRatio(g, -0.6), new AugmentedSimulation(g).theta("-0.6").seed(2).generate("o", 400),
                List.of(LikelihoodScan.grid(-1.2, -0.6, 61)), "exact");
        assertThat(cut.confidenceInterval(0.95).lowerOpen()).isFalse();
        assertThat(ScanResult.threshold(ScanResult.ONE_SIGMA, 1)).isCloseTo(1.0, within(1e-9));
        assertThat(ScanResult.threshold(0.95, 2)).isCloseTo(5.991, within(1e-3));
    }

    /** {@code exact}'s log r, presented as a learned model trained on {@code range} (null: none) with {@code events} events (0: not tracked). */
    private static LogRatio claiming(LogRatio exact, double[][] range, long events) {
        return new LogRatio() {
            public List<String> parameters() {
                return exact.parameters();
            }

            public List<String> observables() {
                return exact.observables();
            }

            public double[] logRatio(double[][] x, double[] theta) {
                return exact.logRatio(x, theta);
            }

            public double[][] trainingRange() {
                return range;
            }

            public long trainingEvents() {
                return events;
            }
        };
    }

    /**
     * A model trained on theta in [-1, -0.4] (here the exact ratio, claiming that range): a 95% region that reaches the
     * outer tenth of the range is flagged, in the scan and in a coverage study; one well inside is not. 400 Galton events
     * give a 95% half-width of ~0.08, so data at -0.97 always reach -0.94 and data at -0.7 never reach -0.94 or -0.46
     * (a 3-sigma fluctuation would be needed).
     */
    @Test
    void aRegionThatReachesTheEdgeOfTheTrainingRangeIsFlagged() {
        GaltonBoard g = new GaltonBoard();
        ExactLogRatio exact = new ExactLogRatio(g, -0.6);
        LogRatio trained = claiming(exact, new double[][]{{-1, -0.4}}, 0);
        List<double[]> grid = List.of(LikelihoodScan.grid(-1.2, -0.2, 101));
        ScanResult nearEdge = LikelihoodScan.scan(trained, new AugmentedSimulation(g).theta("-0.97").seed(3).generate("o", 400), grid, "m");
        assertThat(nearEdge.trainingEdgeCaution()).contains("training range [-1.0000, -0.40000]").contains("wider theta range");
        assertThat(nearEdge.toString()).contains("training range");
        assertThat(nearEdge.toHtml()).contains("training range");
        ScanResult inside = LikelihoodScan.scan(trained, new AugmentedSimulation(g).theta("-0.7").seed(3).generate("o", 400), grid, "m");
        assertThat(inside.trainingEdgeCaution()).isNull();
        assertThat(LikelihoodScan.scan(exact, new AugmentedSimulation(g).theta("-0.97").seed(3).generate("o", 400), grid, "exact")
                .trainingEdgeCaution()).as("an exact likelihood has no training range").isNull();
        CoverageResult study = new CoverageStudy(g, -0.97).experiments(20).events(400).grid(grid).levels(0.95).seed(4).model("m", trained).run();
        assertThat(study.curve("m").nearTrainingEdge()).isEqualTo(20);
        assertThat(study.toString()).contains("m: in 20 of 20 experiments the 95% region reaches");
    }

    /**
     * A learned likelihood trained on fewer than {@link ScanResult#TRAINING_PER_OBSERVED} events per observed event is
     * flagged (its training sample's own error moves the MLE, docs/FLOWS.md); one trained on enough, or an exact one, is
     * not. Weighted events count by Kish's effective number.
     */
    @Test
    void aScanWithTooFewTrainingEventsPerObservedEventIsFlagged() {
        GaltonBoard g = new GaltonBoard();
        ExactLogRatio exact = new ExactLogRatio(g, -0.6);
        java.util.function.LongFunction<LogRatio> trainedOn = n -> claiming(exact, null, n);
        Dataset observed = new AugmentedSimulation(g).theta("-0.7").seed(3).generate("o", 400);
        List<double[]> grid = List.of(LikelihoodScan.grid(-1.2, -0.2, 101));
        int r = ScanResult.TRAINING_PER_OBSERVED;
        ScanResult few = LikelihoodScan.scan(trainedOn.apply(400L * r - 1), observed, grid, "m");
        assertThat(few.trainingSizeCaution()).contains("400 events").contains("trained on only " + String.format(java.util.Locale.ROOT, "%,d", 400L * r - 1))
                .contains(String.format(java.util.Locale.ROOT, "at least %,d training events", 400L * r));
        assertThat(few.toString()).contains("trained on only");
        assertThat(few.toHtml()).contains("trained on only");
        assertThat(LikelihoodScan.scan(trainedOn.apply(400L * r), observed, grid, "m").trainingSizeCaution()).isNull();
        assertThat(LikelihoodScan.scan(exact, observed, grid, "exact").trainingSizeCaution()).as("an exact likelihood").isNull();
        // 400 events of weight 1 and 400 of weight 0 are 400 effective events: still enough
        double[] w = new double[800];
        java.util.Arrays.fill(w, 0, 400, 1.0);
        Dataset padded = new AugmentedSimulation(g).theta("-0.7").seed(3).generate("p", 800).withColumn("weight", w);
        assertThat(LikelihoodScan.scan(trainedOn.apply(400L * r), padded, grid, "m").trainingSizeCaution()).isNull();
    }

    @Test
    void intervalWidthFollowsTheFisherInformation() {
        // With N events the 68% half-width is 1 / sqrt(N I). A_FB is curved in sin^2 th_W, so I is taken at
        // the estimate; what is left is second order in (error / distance to 0.25) ~ 0.3%.
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs();
        int n = 200_000;
        Dataset observed = new AugmentedSimulation(ee).theta("0.23").seed(9).generate("obs", n);
        ScanResult r = LikelihoodScan.scan(new ExactLogRatio(ee, 0.23), observed, List.of(LikelihoodScan.grid(0.22, 0.24, 401)), "exact");
        double[] iv = r.interval68();
        double expected = 1 / Math.sqrt(n * ee.fisherInformation(r.mle())[0][0]);
        assertThat((iv[1] - iv[0]) / 2).isCloseTo(expected, within(0.02 * expected));
        assertThat(r.mle()[0]).isCloseTo(0.23, within(4 * expected));
        assertThat(r.toString()).contains("68% CL");
    }
}
