package org.hepml.engine.plot;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HistogramPlotTest {

    static double[] gaussian(int n, double mu, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = mu + sigma * r.nextGaussian();
        return x;
    }

    @Test
    void ratioFigureIsOnePngWithTwoPanels() throws Exception {
        Histogram a = Histogram.of("data", gaussian(5000, 0.2, 0.8, 1), null, 30, -3, 3);
        Histogram b = Histogram.of("sim", gaussian(5000, 0, 1, 2), null, 30, -3, 3);
        Figure f = HistogramPlot.of(a, b).xLabel("x").ratioTo(1).figure();
        byte[] png = f.toPng();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(480);
        assertThat(f.panels()).hasSize(2);
        assertThat(f.toSvg()).startsWith("<?xml").contains("<svg");
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "hepml-ratio-test.png");
        Files.write(out, png);
    }

    @Test
    void weightedBinsCarrySumOfSquaredWeights() {
        Histogram h = Histogram.of("h", new double[]{0.1, 0.2, 0.6, 1.0, -1, 5, Double.NaN},
                new double[]{2, 3, 1, 1, 1, 1, 1}, 2, 0, 1);
        assertThat(h.counts()).containsExactly(5, 2);
        assertThat(h.errors()[0]).isEqualTo(Math.sqrt(13));
        assertThat(h.underflow()).isEqualTo(1);
        assertThat(h.overflow()).isEqualTo(1);
        assertThat(h.missing()).isEqualTo(1);
        assertThat(h.normalized().integral() * h.width()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void infiniteWeightsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                Histogram.of("h", new double[]{0.5}, new double[]{Double.POSITIVE_INFINITY}, 2, 0, 1))
                .hasMessageContaining("Weight of event 0");
    }
}
