package org.hepml.engine.jets.emd;

import org.hepml.engine.plot.Figure;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The transport picture: one line per flow (widths by flow), both jets' particles, the short way across phi = +-pi. */
class TransportPictureTest {

    @Test
    void drawsEveryFlowTheShortWay() {
        // two jets straddling phi = pi: the first near +pi, the second near -pi (the same place on the circle)
        SplittableRandom rng = new SplittableRandom(9);
        int n = 15;
        double[] w0 = new double[n], y0 = new double[n], p0 = new double[n], w1 = new double[n], y1 = new double[n], p1 = new double[n];
        for (int i = 0; i < n; i++) {
            w0[i] = 1 + rng.nextDouble() * 9;
            w1[i] = 1 + rng.nextDouble() * 9;
            y0[i] = rng.nextDouble(-0.3, 0.3);
            y1[i] = rng.nextDouble(-0.3, 0.3);
            p0[i] = Math.PI - rng.nextDouble(0, 0.3);
            p1[i] = -Math.PI + rng.nextDouble(0, 0.3);
        }
        ParticleSets jets = ParticleSets.of(new double[][]{w0, y0, p0}, new double[][]{w1, y1, p1});
        EnergyMoversDistance emd = new EnergyMoversDistance(0.4, 1);
        EnergyMoversDistance.Transport t = emd.transport(jets, 0, jets, 1);
        double fMax = 0;
        int flows = 0;
        for (double f : t.flow()) fMax = Math.max(fMax, f);
        for (double f : t.flow()) if (f > 1e-3 * fMax) flows++;
        // a basic optimal solution has at most n0 + n1 - 1 (+1 for the dummy) non-zero flows
        assertThat(flows).isBetween(1, 2 * n);

        Figure fig = TransportPicture.of(emd, jets, 0, jets, 1);
        XYChart c = (XYChart) fig.panels().get(0);
        int lines = 0, discs = 0;
        for (XYSeries s : c.getSeriesMap().values()) {
            if (s.getName().startsWith("flow")) {
                lines++;
                double[] ys = s.getYData();
                assertThat(Math.abs(ys[1] - ys[0])).as("a flow's azimuth span").isLessThan(1.0);
            } else if (s.getName().startsWith("jet")) {
                discs++;
            }
        }
        assertThat(lines).isEqualTo(flows);
        assertThat(discs).isEqualTo(2 * n + 2);  // every particle, and each jet's first again at its own size
        assertThat(fig.title()).startsWith("EMD = ");
        assertThat(fig.toPng().length).isGreaterThan(1000);
    }
}
