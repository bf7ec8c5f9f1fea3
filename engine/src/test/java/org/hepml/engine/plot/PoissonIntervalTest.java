package org.hepml.engine.plot;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Garwood 68% intervals for unweighted counts, sqrt(sum w^2) for weighted ones, and the figure drawing exactly these. */
class PoissonIntervalTest {

    @Test
    void garwoodIntervalsOfZeroOneAndFiveEvents() {
        // the PDG's central Poisson intervals, chi2_{0.1587}(2n) / 2 and chi2_{0.8413}(2n + 2) / 2
        assertThat(PoissonInterval.garwood(0)).containsExactly(new double[]{0, 1.841}, within(5e-4));
        assertThat(PoissonInterval.garwood(1)).containsExactly(new double[]{0.173, 3.300}, within(5e-4));
        assertThat(PoissonInterval.garwood(5)).containsExactly(new double[]{2.840, 8.382}, within(5e-4));
    }

    /** The defining property, checked with the Poisson distribution itself: each tail outside the interval has (1 - CL) / 2. */
    @Test
    void eachTailHoldsSixteenPercent() {
        double tail = (1 - PoissonInterval.ONE_SIGMA) / 2;
        for (int n : new int[]{0, 1, 2, 5, 17, 150}) {
            double[] g = PoissonInterval.garwood(n);
            assertThat(new PoissonDistribution(g[1]).cumulativeProbability(n)).as("P(N <= %d | upper)", n).isCloseTo(tail, within(1e-6));
            if (n > 0) {
                assertThat(1 - new PoissonDistribution(g[0]).cumulativeProbability(n - 1)).as("P(N >= %d | lower)", n).isCloseTo(tail, within(1e-6));
            }
        }
    }

    @Test
    void unweightedBinsGetGarwoodWeightedOnesSqrtSumW2() {
        // bins with 0, 1 and 5 entries
        Histogram h = Histogram.of("data", new double[]{1.5, 2.1, 2.2, 2.3, 2.4, 2.5}, null, 3, 0, 3);
        assertThat(h.counts()).containsExactly(0, 1, 5);
        assertThat(h.poisson()).isTrue();
        assertThat(h.errorsLow()).containsExactly(new double[]{0, 1 - 0.173, 5 - 2.840}, within(5e-4));
        assertThat(h.errorsHigh()).containsExactly(new double[]{1.841, 3.300 - 1, 8.382 - 5}, within(5e-4));
        // a unit-area copy scales the interval of the counts, it does not recompute one from the densities
        Histogram d = h.normalized();
        double scale = d.counts()[2] / 5;
        assertThat(d.errorsHigh()[0]).isCloseTo(1.841 * scale, within(1e-3 * scale));

        Histogram w = Histogram.of("sim", new double[]{0.5, 0.6, 2.5}, new double[]{0.5, 2, 1.5}, 3, 0, 3);
        assertThat(w.poisson()).isFalse();
        assertThat(w.errorsLow()).containsExactly(Math.sqrt(0.25 + 4), 0, 1.5);
        assertThat(w.errorsHigh()).containsExactly(w.errorsLow());
    }

    /** The figure's error bars are these intervals, bin by bin: what is drawn is what was computed. */
    @Test
    void theFigureDrawsTheGarwoodBars() {
        Histogram data = Histogram.of("data", new double[]{1.5, 2.1, 2.2, 2.3, 2.4, 2.5}, null, 3, 0, 3);
        Histogram sim = Histogram.of("sim", new double[]{0.5, 1.5, 1.6, 2.5, 2.6, 2.7}, null, 3, 0, 3);
        Figure f = HistogramPlot.of(data, sim).ratioTo(1).figure();
        XYChart main = (XYChart) f.panels().get(0);
        XYSeries bars = main.getSeriesMap().get("data" + HistogramPlot.ERRORS);
        double[][] b = Series.readErrorBars(bars);
        assertThat(b[0]).containsExactly(0.5, 1.5, 2.5);
        assertThat(b[1]).containsExactly(new double[]{0, 0.173, 2.840}, within(5e-4));
        assertThat(b[2]).containsExactly(new double[]{1.841, 3.300, 8.382}, within(5e-4));
    }
}
