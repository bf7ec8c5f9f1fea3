package org.hepml.engine.plot;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorials' key figures compared pixel by pixel with the reference images in src/test/resources/figures, so a
 * change of the style (a lost tick, a moved title, another colour, E-notation) shows as a failure. A pixel differs
 * when a colour channel moves by more than {@value #CHANNEL_TOLERANCE}; anti-aliasing and font hinting on another
 * machine move a few edge pixels, so up to {@value #MAX_DIFFERING} of the pixels may differ.
 *
 * <p>The figures are rendered at their fixed sizes with DejaVu Sans (Debian's fonts-dejavu-core); where that font
 * is missing the comparison is skipped, since every glyph would differ. After an intended change of the style,
 * regenerate with {@code mvn -pl engine test -Dtest=ReferenceImagesTest -Dhepml.figures.regenerate=true} and look at
 * the new images before committing them. A failing comparison writes the new image and a difference map to
 * target/figure-diffs/.
 */
class ReferenceImagesTest {
    static final int CHANNEL_TOLERANCE = 64;
    static final double MAX_DIFFERING = 0.001;
    static final Path SOURCE = Path.of("src", "test", "resources", "figures");
    static final Path DIFFS = Path.of("target", "figure-diffs");

    static Map<String, Supplier<Figure>> references() {
        SampleFigures figures = new SampleFigures();
        Map<String, Supplier<Figure>> m = new LinkedHashMap<>();
        m.put("quickstart-ratio", figures::quickstart);
        m.put("scan", figures::scan);
        m.put("unfolding-spectrum", figures::unfolding);
        m.put("bnn-bands", figures::bnnBands);
        return m;
    }

    @TestFactory
    Stream<DynamicTest> figuresMatchTheirReferences() {
        boolean regenerate = Boolean.getBoolean("hepml.figures.regenerate");
        return references().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            BufferedImage actual = e.getValue().get().image();
            String file = e.getKey() + ".png";
            if (regenerate) {
                Files.createDirectories(SOURCE);
                ImageIO.write(actual, "png", SOURCE.resolve(file).toFile());
                return;
            }
            Assumptions.assumeTrue("DejaVu Sans".equals(HepStyle.FONT_FAMILY),
                    "the reference images are drawn with DejaVu Sans (fonts-dejavu-core), not installed here");
            BufferedImage expected = read("/figures/" + file);
            assertThat(expected).as("reference image figures/%s (make it with -Dhepml.figures.regenerate=true)", file).isNotNull();
            assertThat(actual.getWidth()).as("width").isEqualTo(expected.getWidth());
            assertThat(actual.getHeight()).as("height").isEqualTo(expected.getHeight());
            double differing = compare(expected, actual, e.getKey());
            assertThat(differing).as("fraction of pixels of %s that differ from the reference (diff in %s)", file, DIFFS)
                    .isLessThanOrEqualTo(MAX_DIFFERING);
        }));
    }

    private static BufferedImage read(String resource) throws IOException {
        try (InputStream in = ReferenceImagesTest.class.getResourceAsStream(resource)) {
            return in == null ? null : ImageIO.read(in);
        }
    }

    /** The fraction of pixels that differ; writes the image and a difference map when any does. */
    static double compare(BufferedImage expected, BufferedImage actual, String name) throws IOException {
        int w = expected.getWidth(), h = expected.getHeight(), differing = 0;
        BufferedImage diff = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = expected.getRGB(x, y), b = actual.getRGB(x, y);
                int d = Math.max(Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)),
                        Math.max(Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)), Math.abs((a & 255) - (b & 255))));
                boolean differs = d > CHANNEL_TOLERANCE;
                if (differs) differing++;
                diff.setRGB(x, y, differs ? 0xff0000 : (a & 0xfefefe) >> 1 | 0x808080);
            }
        }
        if (differing > 0) {
            Files.createDirectories(DIFFS);
            ImageIO.write(actual, "png", DIFFS.resolve(name + ".png").toFile());
            ImageIO.write(diff, "png", DIFFS.resolve(name + "-diff.png").toFile());
        }
        return (double) differing / (w * h);
    }
}
