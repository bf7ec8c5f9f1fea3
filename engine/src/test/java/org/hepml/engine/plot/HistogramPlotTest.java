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
}
