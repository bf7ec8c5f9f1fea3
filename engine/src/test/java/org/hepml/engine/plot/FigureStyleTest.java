package org.hepml.engine.plot;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYChartBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of figure the engine draws, checked for what the style promises: no tick label in E-notation,
 * axis titles that are physics labels (no raw column names), every legend entry something visible in the plot,
 * and a title on every panel of a multi-panel figure.
 */
class FigureStyleTest {
    static final SampleFigures FIGURES = new SampleFigures();

    @TestFactory
    Stream<DynamicTest> everyFigureFollowsTheStyle() {
        return FIGURES.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Figure f = e.getValue().get();
            List<String> ticks = FigureChecks.tickLabels(f);
            assertThat(ticks).as("tick labels").isNotEmpty().noneMatch(HepStyle::isENotation);
            assertThat(FigureChecks.axisTitles(f)).as("axis titles").isNotEmpty()
                    .noneMatch(t -> t.startsWith("x.") || t.startsWith("theta.") || t.contains("E0"));
            assertThat(FigureChecks.invisibleLegendEntries(f)).as("legend entries not visible in the plot").isEmpty();
            if (f.panelTitles().size() > 1) assertThat(f.panelTitles()).as("panel titles").noneMatch(String::isBlank);
        }));
    }

    /** The check itself can fail: a band narrower than the line over it, the fault of the old BNN figure. */
    @Test
    void aBandHiddenUnderALineIsCaught() {
        XYChart c = new XYChartBuilder().width(400).height(300).xAxisTitle("x").yAxisTitle("y").build();
        HepStyle.apply(c);
        double[] x = new double[50], mu = new double[50], lo = new double[50], hi = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i;
            mu[i] = Math.sin(i / 8.0);
            lo[i] = mu[i] - 1e-4;
            hi[i] = mu[i] + 1e-4;
        }
        Series.band(c, "invisible band", x, lo, hi, HepStyle.alpha(HepStyle.color(2), 140), true);
        Series.line(c, "mean", x, mu, HepStyle.color(1), HepStyle.stroke(2f));
        XYSeries ghost = Series.line(c, "off the axes", new double[]{100, 101}, new double[]{0, 0}, HepStyle.color(3), HepStyle.stroke(2f));
        c.getStyler().setXAxisMin(0.0).setXAxisMax(49.0);
        assertThat(ghost.isShowInLegend()).isTrue();
        assertThat(FigureChecks.invisibleLegendEntries(Figure.of(c))).containsExactlyInAnyOrder("invisible band", "off the axes");
    }

    /** And the tick check sees E-notation where XChart writes it: a chart built without the style is drawn as it is. */
    @Test
    void eNotationInATickLabelIsCaught() {
        XYChart c = new XYChartBuilder().width(400).height(300).build();
        c.addSeries("s", new double[]{0, 1}, new double[]{0, 30000});
        c.getStyler().setYAxisDecimalPattern("0.0E0");
        assertThat(FigureChecks.tickLabels(Figure.of(c))).anyMatch(HepStyle::isENotation);
        // the same data in the style: plain numbers
        XYChart styled = new XYChartBuilder().width(400).height(300).build();
        HepStyle.apply(styled);
        styled.addSeries("s", new double[]{0, 1}, new double[]{0, 30000});
        assertThat(FigureChecks.tickLabels(Figure.of(styled))).isNotEmpty().noneMatch(HepStyle::isENotation);
    }
}
