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
import java.util.Arrays;
import java.util.Base64;

/**
 * One picture made of XChart panels stacked vertically (a main plot and, say, a ratio panel below it),
 * rendered as PNG for the notebook and as SVG for papers. XChart draws one chart at a time; stacking is
 * done here by painting each chart into its band of one canvas.
 */
public final class Figure {
    /** A chart and the rectangle of the canvas it is painted into. */
    private record Panel(Chart<?, ?> chart, int x, int y, int width, int height) {
    }

    private final List<Panel> panels;
    private final int width;
    private final int height;

    private Figure(List<Panel> panels, int width, int height) {
        this.panels = List.copyOf(panels);
        this.width = width;
        this.height = height;
    }

    /** Panels stacked vertically, each {@code width} wide, with the given heights. */
    public Figure(int width, List<Chart<?, ?>> charts, int[] heights) {
        this(stack(width, charts, heights), width, Arrays.stream(heights).sum());
    }

    private static List<Panel> stack(int width, List<Chart<?, ?>> charts, int[] heights) {
        if (charts.size() != heights.length || charts.isEmpty()) throw new IllegalArgumentException("one height per panel");
        List<Panel> out = new ArrayList<>();
        int y = 0;
        for (int i = 0; i < charts.size(); i++) {
            out.add(new Panel(charts.get(i), 0, y, width, heights[i]));
            y += heights[i];
        }
        return out;
    }

    public static Figure of(Chart<?, ?> chart) {
        return new Figure(chart.getWidth(), List.of(chart), new int[]{chart.getHeight()});
    }

    /** Figures laid out in a grid, row by row, {@code columns} per row (each cell as big as the largest figure). */
    public static Figure grid(List<Figure> figures, int columns) {
        if (figures.isEmpty() || columns < 1) throw new IllegalArgumentException("nothing to lay out");
        int cellW = figures.stream().mapToInt(Figure::width).max().orElseThrow();
        int cellH = figures.stream().mapToInt(Figure::height).max().orElseThrow();
        List<Panel> out = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            int ox = (i % columns) * cellW, oy = (i / columns) * cellH;
            for (Panel p : figures.get(i).panels) out.add(new Panel(p.chart(), ox + p.x(), oy + p.y(), p.width(), p.height()));
        }
        int rows = (figures.size() + columns - 1) / columns;
        return new Figure(out, Math.min(columns, figures.size()) * cellW, rows * cellH);
    }

    public List<Chart<?, ?>> panels() {
        return panels.stream().<Chart<?, ?>>map(Panel::chart).toList();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    private void paint(Graphics2D g) {
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (Panel p : panels) {
            Graphics2D band = (Graphics2D) g.create(p.x(), p.y(), p.width(), p.height());
            p.chart().paint(band, p.width(), p.height());
            band.dispose();
        }
    }

    public BufferedImage image() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
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

    /** The figure as an inline PNG {@code <img>} element, for results that render as HTML with a figure inside. */
    public String toHtmlImage() {
        return "<img src='data:image/png;base64," + Base64.getEncoder().encodeToString(toPng()) + "'/>";
    }

    public String toSvg() {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        Processor processor = new SVGProcessor();
        Document doc = processor.getDocument(g.getCommands(), new PageSize(0, 0, width, height));
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

    /** This figure with another below it. */
    public Figure above(Figure other) {
        List<Panel> all = new ArrayList<>(panels);
        for (Panel p : other.panels) all.add(new Panel(p.chart(), p.x(), height + p.y(), p.width(), p.height()));
        return new Figure(all, Math.max(width, other.width), height + other.height);
    }
}
