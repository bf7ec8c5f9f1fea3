package org.hepml.engine.plot;

import org.hepml.engine.bayes.RegressionPrediction;
import org.hepml.engine.bayes.UncertaintyPlots;
import org.hepml.engine.sbi.ScanReport;
import org.hepml.engine.unfold.UnfoldedSpectrum;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the figures draw is what was computed: points, bars, steps, bands and ratios, read back from the charts. */
class FigureDataTest {
    static final SampleFigures FIGURES = new SampleFigures();

    static XYSeries series(Figure f, int panel, String name) {
        XYSeries s = ((XYChart) f.panels().get(panel)).getSeriesMap().get(name);
        assertThat(s).as("series '%s' of panel %d", name, panel).isNotNull();
        return s;
    }

    /** The y values of a series at its points, NaN gaps left out. */
    static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    @Test
    void dataPointsSimulationStepsAndTheRatioAreTheHistograms() {
        Histogram data = FIGURES.hep.hist("data", "x.reco", 40, -4, 4);
        Histogram sim = FIGURES.hep.hist("sim", "x.reco", 40, -4, 4);
        Figure f = FIGURES.quickstart();
        assertThat(f.panels()).hasSize(2);

        // data: black points at the bin centres, at the counts (empty bins: no marker), with the Garwood bars
        XYSeries points = series(f, 0, "data");
        assertThat(points.getXData()).containsExactly(data.centers(), within(1e-12));
        double[] c = data.counts();
        for (int b = 0; b < c.length; b++) {
            if (c[b] > 0) assertThat(points.getYData()[b]).isEqualTo(c[b]);
            else assertThat(points.getYData()[b]).isNaN();
        }
        assertThat(points.getMarkerColor()).isEqualTo(java.awt.Color.BLACK);
        double[][] bars = Series.readErrorBars(series(f, 0, "data" + HistogramPlot.ERRORS));
        double[] lo = data.errorsLow(), hi = data.errorsHigh();
        for (int b = 0; b < c.length; b++) {
            assertThat(bars[1][b]).isCloseTo(c[b] - lo[b], within(1e-9));
            assertThat(bars[2][b]).isCloseTo(c[b] + hi[b], within(1e-9));
            double[] g = PoissonInterval.garwood(Math.round(c[b]));
            assertThat(bars[1][b]).isCloseTo(g[0], within(1e-9));
            assertThat(bars[2][b]).isCloseTo(g[1], within(1e-9));
        }

        // simulation: a filled step histogram through the bin edges at its counts, closed down to zero at both ends
        XYSeries steps = series(f, 0, "sim");
        assertThat(steps.getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.PolygonArea);
        double[][] expected = Series.steps(sim.edges(), sim.counts());
        int n = expected[0].length;
        assertThat(Arrays.copyOfRange(steps.getXData(), 1, n + 1)).containsExactly(expected[0], within(1e-12));
        assertThat(Arrays.copyOfRange(steps.getYData(), 1, n + 1)).containsExactly(expected[1]);
        assertThat(steps.getYData()[0]).isZero();
        assertThat(steps.getYData()[n + 1]).isZero();

        // ratio panel: data / sim with the data's bars divided by sim, the band 1 +- sim's relative error
        XYSeries ratio = series(f, 1, "data");
        double[][] rbars = Series.readErrorBars(series(f, 1, "data" + HistogramPlot.ERRORS));
        double[] s = sim.counts(), sLo = sim.errorsLow(), sHi = sim.errorsHigh();
        for (int b = 0; b < s.length; b++) {
            if (s[b] == 0) {
                assertThat(rbars[1][b]).isNaN();
                continue;
            }
            if (c[b] > 0) assertThat(ratio.getYData()[b]).isCloseTo(c[b] / s[b], within(1e-12));
            assertThat(rbars[1][b]).isCloseTo((c[b] - lo[b]) / s[b], within(1e-9));
            assertThat(rbars[2][b]).isCloseTo((c[b] + hi[b]) / s[b], within(1e-9));
        }
        XYSeries band = series(f, 1, HistogramPlot.REFERENCE_BAND);
        double[] by = finite(band.getYData());
        int b0 = 20; // a central bin, well populated: its band edges are among the polygon's corners
        assertThat(by).contains(new double[]{1 + sHi[b0] / s[b0], 1 - sLo[b0] / s[b0]}, within(1e-9));

        assertThat(f.info()).isEqualTo("5,000 events");
        assertThat(FigureChecks.axisTitles(f)).containsExactly("Events / 0.2", "x (detector level)", "data / sim");
    }

    @Test
    void weightedHistogramsDrawSqrtSumW2() {
        double[] x = {0.5, 0.5, 1.5}, w = {2, 3, 0.5};
        Histogram h = Histogram.of("mc", x, w, 2, 0, 2);
        Figure f = HistogramPlot.of(h).figure();
        double[][] bars = Series.readErrorBars(series(f, 0, "mc" + HistogramPlot.ERRORS));
        assertThat(bars[1]).containsExactly(5 - Math.sqrt(13), 0.5 - 0.5);
        assertThat(bars[2]).containsExactly(5 + Math.sqrt(13), 0.5 + 0.5);
    }

    @Test
    void theUnfoldedSpectrumIsDrawnWithItsBootstrapErrors() {
        Figure f = FIGURES.unfolding();
        var unfolded = FIGURES.hep.dataset("unfolded");
        XYChart main = (XYChart) f.panels().get(0);
        String name = main.getSeriesMap().keySet().stream().filter(n -> n.startsWith("unfolded (")).filter(n -> !n.endsWith(HistogramPlot.ERRORS))
                .findFirst().orElseThrow();
        // the figure's range: the 0.5%-99.5% quantiles; read the bins back from the points
        double[] xs = main.getSeriesMap().get(name).getXData();
        double width = xs[1] - xs[0], lo = xs[0] - width / 2, hi = xs[xs.length - 1] + width / 2;
        Histogram expected = UnfoldedSpectrum.of(unfolded, "x.gen", xs.length, lo, hi, false).histogram().normalized();
        double[] y = main.getSeriesMap().get(name).getYData();
        for (int b = 0; b < y.length; b++) {
            if (expected.counts()[b] > 0) assertThat(y[b]).isCloseTo(expected.counts()[b], within(1e-9));
        }
        double[][] bars = Series.readErrorBars(main.getSeriesMap().get(name + HistogramPlot.ERRORS));
        for (int b = 0; b < y.length; b++) {
            assertThat(bars[2][b] - bars[1][b]).isCloseTo(2 * expected.errors()[b], within(1e-9));
        }
        assertThat(expected.poisson()).isFalse();
    }

    @Test
    void theScanCurveIsQ() {
        ScanReport r = FIGURES.hep.scan("ee", "grid(0.15,0.3,101)", null, true);
        Figure f = r.figure();
        XYSeries curve = series(f, 0, "exact");
        assertThat(curve.getXData()).containsExactly(r.result().axes().get(0));
        assertThat(curve.getYData()).containsExactly(r.result().q());
        assertThat(FigureChecks.axisTitles(f)).containsExactly("sin²θ_W", "\u22122 \u0394ln L");
        assertThat(f.info()).isEqualTo("2,000 events");
    }

    /** The BNN bands are mean +- 1 and 2 total sigma, and both parts of sigma are drawn where they can be seen. */
    @Test
    void theBnnBandsAreTheSigmas() {
        RegressionPrediction p = SampleFigures.bnnPrediction();
        Figure f = p.bands(0, "x.1");
        assertThat(f.panels()).hasSize(2);
        double[] t = p.total();
        XYSeries band = series(f, 0, UncertaintyPlots.TOTAL_1);
        // the polygon runs along mu + sigma (x ascending) and back along mu - sigma
        int n = p.size();
        double[] bx = band.getXData(), by = band.getYData();
        for (int k = 0; k < n; k++) {
            assertThat(by[k]).isCloseTo(p.mean()[k] + t[k], within(1e-12));
            assertThat(by[2 * n - 1 - k]).isCloseTo(p.mean()[k] - t[k], within(1e-12));
            assertThat(bx[k]).isEqualTo(p.input(0)[k]);
        }
        XYSeries two = series(f, 0, UncertaintyPlots.TOTAL_2);
        assertThat(two.getYData()[7]).isCloseTo(p.mean()[7] + 2 * t[7], within(1e-12));
        assertThat(series(f, 1, UncertaintyPlots.EPISTEMIC).getYData()).containsExactly(p.epistemic());
        assertThat(series(f, 1, UncertaintyPlots.ALEATORIC).getYData()).containsExactly(p.aleatoric());
        assertThat(FigureChecks.invisibleLegendEntries(f)).isEmpty();
    }
}
