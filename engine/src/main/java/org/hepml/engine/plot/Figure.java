package org.hepml.engine.plot;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.hepml.engine.HepmlException;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One picture made of XChart panels stacked vertically (a main plot and, say, a ratio panel below it),
 * rendered as PNG for the notebook and as SVG for papers. XChart draws one chart at a time; stacking is
 * done here by painting each chart into its band of one canvas.
 */
public final class Figure {
    private final List<Chart<?, ?>> panels;
    private final int[] heights;
    private final int width;

    public Figure(int width, List<Chart<?, ?>> panels, int[] heights) {
        if (panels.size() != heights.length || panels.isEmpty()) {
            throw new IllegalArgumentException("one height per panel");
        }
        this.width = width;
        this.panels = List.copyOf(panels);
        this.heights = heights.clone();
    }

    public static Figure of(Chart<?, ?> chart) {
        return new Figure(chart.getWidth(), List.of(chart), new int[]{chart.getHeight()});
    }

    public List<Chart<?, ?>> panels() {
        return panels;
    }

    public int width() {
        return width;
    }

    public int height() {
        int h = 0;
        for (int x : heights) h += x;
        return h;
    }

    private void paint(Graphics2D g) {
        int y = 0;
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D band = (Graphics2D) g.create(0, y, width, heights[i]);
            panels.get(i).paint(band, width, heights[i]);
            band.dispose();
            y += heights[i];
        }
    }

    public BufferedImage image() {
        BufferedImage img = new BufferedImage(width, height(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        paint(g);
        g.dispose();
        return img;
    }

    public byte[] toPng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String toSvg() {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        Processor processor = new SVGProcessor();
        Document doc = processor.getDocument(g.getCommands(), new PageSize(0, 0, width, height()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            doc.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes PNG or SVG, chosen by the file name's ending. */
    public Path save(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        try {
            if (name.endsWith(".png")) {
                Files.write(file, toPng());
            } else if (name.endsWith(".svg")) {
                Files.writeString(file, toSvg());
            } else {
                throw new HepmlException("Cannot tell the image format of '" + file + "': use a name ending in .png or .svg.");
            }
        } catch (IOException e) {
            throw new HepmlException("Could not write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Panels of this figure followed by those of another, for figures made of several plots. */
    public Figure above(Figure other) {
        List<Chart<?, ?>> all = new ArrayList<>(panels);
        all.addAll(other.panels);
        int[] h = new int[heights.length + other.heights.length];
        System.arraycopy(heights, 0, h, 0, heights.length);
        System.arraycopy(other.heights, 0, h, heights.length, other.heights.length);
        return new Figure(Math.max(width, other.width), all, h);
    }
}
