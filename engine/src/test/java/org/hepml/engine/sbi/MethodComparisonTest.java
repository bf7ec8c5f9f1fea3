package org.hepml.engine.sbi;

import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.events.sim.GaltonBoard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MethodComparisonTest {
    static final GaltonBoard GALTON = new GaltonBoard();
    static final double[] THETA1 = {-0.6};

    /** sum_x p(x|theta1) f(x)^k over the board's positions, with f = the exact log r(x | -0.8, -0.6). */
    static double exactMoment(int k) {
        double[] p1 = GALTON.probabilities(-0.6);
        double sum = 0;
        for (int i = 0; i < p1.length; i++) {
            if (p1[i] > 1e-300) sum += p1[i] * Math.pow(GALTON.logRatio(i, new double[]{-0.8}, THETA1), k);
        }
        return sum;
    }

    /**
     * The comparison's error is the exact sum over the 31 positions: zero for the exact ratio, the second moment of
     * log r for the constant guess. The sampled error of RatioDiagnostics on 20,000 events agrees with it within
     * 4 of its standard errors, sqrt(Var[(log r)^2] / 20,000) with the variance also summed exactly (false alarm
     * 6e-5 for a normal mean).
     */
    @Test
    void theExactRatioHasNoErrorAndTheConstantGuessTheExpectedOne() {
        double constant = exactMoment(2);
        assertThat(constant).isCloseTo(0.063, within(0.001));
        assertThat(MethodComparison.error(new ExactLogRatio(GALTON, THETA1), GALTON, THETA1, new double[]{-0.8})).isZero();
        double[][] x = RatioDiagnostics.sample(GALTON, THETA1, 20_000, 3);
        assertThat(RatioDiagnostics.meanSquaredError(new ExactLogRatio(GALTON, THETA1), GALTON, THETA1, x, new double[]{-0.8})).isZero();
        double sd = Math.sqrt((exactMoment(4) - constant * constant) / x.length);
        double sampled = RatioDiagnostics.constantGuessError(GALTON, THETA1, x, new double[]{-0.8});
        assertThat(sampled).isCloseTo(constant, within(4 * sd));
        assertThat(4 * sd).as("the sampled check resolves a 10%% error").isLessThan(0.1 * constant);
    }

    /** The training protocol: every size gets the same number of optimizer steps, after the 25% validation split. */
    @Test
    void everyTrainingSizeGetsTheSameOptimizerSteps() {
        TrainingSettings o = TrainingSettings.ESTIMATOR;
        // 200 events: 50 for validation, 150 train in 2 batches of 128 -> 1000 epochs; 10,000: 7500 in 59 -> 34 epochs
        assertThat(MethodComparison.epochsFor(200, 2000, o)).isEqualTo(1000);
        assertThat(MethodComparison.epochsFor(10_000, 2000, o)).isEqualTo(34);
        assertThat(MethodComparison.epochsFor(1_000_000, 2000, o)).isEqualTo(1);
    }

    /**
     * Small and quick (a few short trainings): every cell is filled, the standard error is the sd over sqrt(seeds),
     * the reference lines are the exact sums, and the figure, table, HTML and JSON render. The ordering of the
     * methods is tested with enough seeds in {@link MiningGoldTest}.
     */
    @Test
    void comparisonFillsEveryCellAndRenders() {
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withHidden(16, 16));
        MethodComparison c = MethodComparison.run(GALTON, "uniform(-1,-0.4)", THETA1, new double[][]{{-0.8}},
                List.of(Method.CARL, Method.RASCAL), new int[]{200, 500}, 2, o, 100);
        assertThat(c.seeds()).isEqualTo(2);
        for (int m = 0; m < 2; m++) {
            for (int s = 0; s < 2; s++) {
                double[] e = c.error()[m][s];
                for (double v : e) assertThat(v).isFinite().isPositive();
                assertThat(c.mean(m, s)).isCloseTo((e[0] + e[1]) / 2, within(1e-15));
                // two seeds: sd = |e0 - e1| / sqrt(2), standard error = sd / sqrt(2) = |e0 - e1| / 2
                assertThat(c.standardError(m, s)).isCloseTo(Math.abs(e[0] - e[1]) / 2, within(1e-15));
                assertThat(c.logMean(m, s)).isCloseTo((Math.log(e[0]) + Math.log(e[1])) / 2, within(1e-12));
                assertThat(c.logStandardError(m, s)).isCloseTo(Math.abs(Math.log(e[0]) - Math.log(e[1])) / 2, within(1e-12));
            }
        }
        assertThat(c.constantGuess()).isCloseTo(exactMoment(2), within(1e-12));
        // the first-order (SALLY) floor: t(x|theta1) (theta0 - theta1) with the exact score, summed by hand here
        double[] p1 = GALTON.probabilities(-0.6);
        double floor = 0;
        for (int i = 0; i < p1.length; i++) {
            if (p1[i] < 1e-300) continue;
            double d = GALTON.score(i, THETA1)[0] * (-0.2) - GALTON.logRatio(i, new double[]{-0.8}, THETA1);
            floor += p1[i] * d * d;
        }
        assertThat(c.firstOrder()).isCloseTo(floor, within(1e-12)).isPositive().isLessThan(c.constantGuess());
        assertThat(c.figure().toPng().length).isGreaterThan(1000);
        assertThat(c.toHtml()).contains("rascal").contains("500 events").contains("standard error");
        assertThat(c.toString()).contains("\u00b1").contains("rascal");
        assertThat(c.toJson()).startsWith("{").endsWith("}").contains("\"standard_error\":[").contains("\"sizes\":[200,500]").contains("\"by_seed\":[[");
        assertThat(c.row(Method.RASCAL)).isEqualTo(1);
        assertThat(c.row(Method.ALICE)).isEqualTo(-1);
        assertThat(c.column(500)).isEqualTo(1);
        assertThat(RatioDiagnostics.calibration(new ExactLogRatio(GALTON, THETA1), GALTON, new double[]{-0.8}, THETA1, 2000, 10, 1).toPng()).isNotEmpty();
        assertThat(RatioDiagnostics.curves(new ExactLogRatio(GALTON, THETA1), GALTON, THETA1, LikelihoodScan.grid(0, 30, 31), new double[]{-0.8}).toPng()).isNotEmpty();
    }

    @Test
    void aComparisonWithNothingToCompareSaysWhat() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MethodComparison.run(GALTON, "uniform(-1,-0.4)", THETA1,
                        new double[][]{{-0.8}}, List.of(), new int[]{200}, 1, EstimatorOptions.DEFAULT))
                .hasMessageContaining("at least one method");
    }
}
