package org.hepml.engine.plot;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.hepml.engine.HepmlException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * One picture made of XChart panels (a main plot and a ratio panel below it, or a grid of plots), in the HEP style
 * of {@link HepStyle}: XChart paints each panel's data, legend and tick labels; this class lays the panels out,
 * lines up the frames of stacked panels, and draws over each one the inward major and minor ticks, the axis titles
 * at the axes' ends with sub- and superscripts, and the header: the panel title and the "hepml" label with what is
 * known of the sample (its event count). The same drawing goes to PNG for the notebook and to SVG and PDF (vector,
 * text as outlines) for papers.
 */
public final class Figure {
    /** Height of the band above a panel's frame that holds its title and the hepml label. */
    static final int HEADER = 14;
    static final int MAJOR_TICK = 8;
    static final int MINOR_TICK = 4;
    /** The label on every figure. */
    public static final String LABEL = "hepml";

    /** What a panel's header says: its title ({@link RichText} markup) and, beside the label, what is known of the sample. */
    record Header(String title, String info) {
        Header {
            title = title == null ? "" : title;
            info = info == null ? "" : info;
        }
    }

    /** A chart, the rectangle of the canvas it is painted into (its header band included), its header (or null). */
    private record Panel(Chart<?, ?> chart, int x, int y, int width, int height, Header header, HepStyle.Finished style) {
        Panel moved(int dx, int dy) {
            return new Panel(chart, x + dx, y + dy, width, height, header, style);
        }

        Panel withHeader(Header h) {
            return new Panel(chart, x, y, width, height, h, style);
        }

        int chartTop() {
            return y + (header != null ? HEADER : 0);
        }

        int chartHeight() {
            return height - (header != null ? HEADER : 0);
        }
    }

    private final List<Panel> panels;
    private final int width;
    private final int height;

    private Figure(List<Panel> panels, int width, int height) {
        this.panels = List.copyOf(panels);
        this.width = width;
        this.height = height;
    }

    /**
     * Panels stacked vertically that share the x axis (a main panel and a ratio panel below it), each {@code width}
     * wide, with the given heights: the frames touch and their left edges line up; the first panel has the header.
     */
    public Figure(int width, List<Chart<?, ?>> charts, int[] heights) {
        this(stack(width, charts, heights), width, Arrays.stream(heights).sum());
    }

    private static List<Panel> stack(int width, List<Chart<?, ?>> charts, int[] heights) {
        if (charts.size() != heights.length || charts.isEmpty()) throw new IllegalArgumentException("one height per panel");
        List<Panel> out = new ArrayList<>();
        int y = 0;
        for (int i = 0; i < charts.size(); i++) {
            Chart<?, ?> c = charts.get(i);
            HepStyle.Finished style = finish(c);
            if (i == 0) {
                out.add(new Panel(c, 0, y, width, heights[i], style == null ? null : new Header(style.title(), ""), style));
            } else {
                // the chart's padding above its frame overlaps the padding below the frame of the panel above,
                // so the two frames touch; its background is left out so it does not cover that panel
                int overlap = style == null ? 0 : 2 * c.getStyler().getChartPadding();
                if (style != null) c.getStyler().setChartBackgroundColor(HepStyle.TRANSPARENT);
                out.add(new Panel(c, 0, y - overlap, width, heights[i] + overlap, null, style));
            }
            y += heights[i];
        }
        alignLeftEdges(out);
        return out;
    }

    private static HepStyle.Finished finish(Chart<?, ?> chart) {
        return chart instanceof XYChart xy ? HepStyle.finish(xy) : null;
    }

    /** A figure of one chart, with its title (if any) in the header; a chart not in the HEP style is drawn as XChart draws it. */
    public static Figure of(Chart<?, ?> chart) {
        HepStyle.Finished style = finish(chart);
        Header h = style == null ? null : new Header(style.title(), "");
        return new Figure(List.of(new Panel(chart, 0, 0, chart.getWidth(), chart.getHeight(), h, style)), chart.getWidth(), chart.getHeight());
    }

    /** Figures laid out in a grid, row by row, {@code columns} per row (each cell as big as the largest figure). */
    public static Figure grid(List<Figure> figures, int columns) {
        if (figures.isEmpty() || columns < 1) throw new IllegalArgumentException("nothing to lay out");
        int cellW = figures.stream().mapToInt(Figure::width).max().orElseThrow();
        int cellH = figures.stream().mapToInt(Figure::height).max().orElseThrow();
        List<Panel> out = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            int ox = (i % columns) * cellW, oy = (i / columns) * cellH;
            for (Panel p : figures.get(i).panels) out.add(p.moved(ox, oy));
        }
        int rows = (figures.size() + columns - 1) / columns;
        return new Figure(out, Math.min(columns, figures.size()) * cellW, rows * cellH);
    }

    /** This figure with another below it (left edges of equally wide panels lined up). */
    public Figure above(Figure other) {
        List<Panel> all = new ArrayList<>(panels);
        for (Panel p : other.panels) all.add(p.moved(0, height));
        alignLeftEdges(all);
        return new Figure(all, Math.max(width, other.width), height + other.height);
    }

    /** The same figure with the first panel's title set (for a panel of a grid: which method, which observable). */
    public Figure titled(String title) {
        return withFirstHeader(h -> new Header(title, h.info()));
    }

    /** The same figure with what is known of the sample (e.g. "10,000 events") beside the hepml label of the first panel. */
    public Figure info(String info) {
        return withFirstHeader(h -> new Header(h.title(), info));
    }

    private Figure withFirstHeader(java.util.function.UnaryOperator<Header> change) {
        List<Panel> all = new ArrayList<>(panels);
        Panel first = all.get(0);
        Header h = first.header() != null ? first.header() : new Header("", "");
        all.set(0, first.withHeader(change.apply(h)));
        return new Figure(all, width, height);
    }

    /** The title of the first panel ("" if none). */
    public String title() {
        Header h = panels.get(0).header();
        return h == null ? "" : h.title();
    }

    /** The header title of every panel that has a header, in order. */
    public List<String> panelTitles() {
        return panels.stream().filter(p -> p.header() != null).map(p -> p.header().title()).toList();
    }

    /** What the first panel's header says of the sample ("" if nothing). */
    public String info() {
        Header h = panels.get(0).header();
        return h == null ? "" : h.info();
    }

    public List<Chart<?, ?>> panels() {
        return panels.stream().<Chart<?, ?>>map(Panel::chart).toList();
    }

    /** Where a panel's chart is painted on the canvas: its top-left corner and size. */
    Rectangle chartOrigin(Chart<?, ?> chart) {
        for (Panel p : panels) {
            if (p.chart() == chart) return new Rectangle(p.x(), p.chartTop(), p.width(), p.chartHeight());
        }
        throw new IllegalArgumentException("The chart is not a panel of this figure.");
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Lines up the left frame edges of panels stacked in one column (same x and width): each is measured as XChart
     * would lay it out, then all get the y-axis width of the widest.
     */
    private static void alignLeftEdges(List<Panel> all) {
        List<List<Panel>> columns = new ArrayList<>();
        for (Panel p : all) {
            if (!(p.chart() instanceof XYChart)) continue;
            List<Panel> col = columns.stream().filter(c -> c.get(0).x() == p.x() && c.get(0).width() == p.width()).findFirst().orElse(null);
            if (col == null) columns.add(col = new ArrayList<>());
            col.add(p);
        }
        for (List<Panel> col : columns) {
            if (col.size() < 2) continue;
            double left = 0;
            for (Panel p : col) {
                p.chart().getStyler().setYAxisLeftWidthHint(0);
                left = Math.max(left, measure(p).getX());
            }
            for (Panel p : col) p.chart().getStyler().setYAxisLeftWidthHint((int) Math.ceil(left));
        }
    }

    /** Paints a panel's chart off screen and returns where XChart put its frame. */
    private static Rectangle2D measure(Panel p) {
        BufferedImage scratch = new BufferedImage(Math.max(1, p.width()), Math.max(1, p.chartHeight()), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        hints(g);
        p.chart().paint(g, p.width(), p.chartHeight());
        g.dispose();
        return ChartGeometry.plot(p.chart());
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (Panel p : panels) {
            Graphics2D band = (Graphics2D) g.create(p.x(), p.chartTop(), p.width(), p.chartHeight());
            p.chart().paint(band, p.width(), p.chartHeight());
            band.dispose();
        }
        // over all panels, so a lower panel's padding never covers the frame or ticks of the one above
        for (Panel p : panels) {
            Graphics2D over = (Graphics2D) g.create();
            over.translate(p.x(), p.chartTop());
            overlay(over, p);
            over.dispose();
        }
    }

    private static void overlay(Graphics2D g, Panel p) {
        Rectangle2D frame = ChartGeometry.plot(p.chart());
        g.setColor(Color.BLACK);
        if (p.style() != null && p.chart().getStyler() instanceof AxesChartStyler s) {
            Axis<?, ?> xAxis = ChartGeometry.xAxis(p.chart()), yAxis = ChartGeometry.yAxis(p.chart());
            g.setStroke(new BasicStroke(1f));
            for (double[] t : tickMarks(ChartGeometry.ticks(xAxis), frame.getWidth(), s.isXAxisLogarithmic())) {
                double x = frame.getX() + t[0], len = t[1] > 0 ? MAJOR_TICK : MINOR_TICK;
                g.draw(new Line2D.Double(x, frame.getMaxY(), x, frame.getMaxY() - len));
                g.draw(new Line2D.Double(x, frame.getY(), x, frame.getY() + len));
            }
            for (double[] t : tickMarks(ChartGeometry.ticks(yAxis), frame.getHeight(), s.isYAxisLogarithmic())) {
                double y = frame.getMaxY() - t[0], len = t[1] > 0 ? MAJOR_TICK : MINOR_TICK;
                g.draw(new Line2D.Double(frame.getX(), y, frame.getX() + len, y));
                g.draw(new Line2D.Double(frame.getMaxX(), y, frame.getMaxX() - len, y));
            }
            g.draw(frame);
            if (p.style().xPowers()) powersOfTen(g, ChartGeometry.ticks(xAxis), frame, s, true);
            if (p.style().yPowers()) powersOfTen(g, ChartGeometry.ticks(yAxis), frame, s, false);
            FontRenderContext frc = g.getFontRenderContext();
            String xTitle = withExponent(p.style().xTitle(), p.style().xExponent());
            if (!xTitle.isBlank() && s.isXAxisTitleVisible()) {
                Rectangle2D b = new TextLayout(plainOrSpace(p.style().xTitle()), HepStyle.AXIS_TITLE_FONT, frc).getBounds();
                double baseline = xAxis.getBounds().getMaxY() - (b.getY() + b.getHeight());
                RichText.draw(g, xTitle, HepStyle.AXIS_TITLE_FONT, frame.getMaxX(), baseline, 1, false);
            }
            String yTitle = withExponent(p.style().yTitle(), p.style().yExponent());
            if (!yTitle.isBlank() && s.isYAxisTitleVisible()) {
                Rectangle2D b = new TextLayout(plainOrSpace(p.style().yTitle()), HepStyle.AXIS_TITLE_FONT, frc).getBounds();
                double baseline = yAxis.getBounds().getX() - b.getY();
                RichText.draw(g, yTitle, HepStyle.AXIS_TITLE_FONT, baseline, frame.getY(), 1, true);
            }
        }
        if (p.header() != null) header(g, p.header(), frame);
    }

    private static String plainOrSpace(String s) {
        String plain = RichText.plain(s);
        return plain.isEmpty() ? " " : plain;
    }

    /** An axis title with the power of ten its tick labels were divided by: "Events [×10³]", "p_T [×10³ GeV]". */
    static String withExponent(String title, int exponent) {
        if (exponent == 0) return title;
        String factor = "×10^{" + (exponent < 0 ? "\u2212" + -exponent : exponent) + "}";
        if (title.isBlank()) return factor;
        String unit = AxisLabels.unit(title);
        if (unit.isEmpty()) return title + " [" + factor + "]";
        return title.substring(0, title.length() - unit.length() - 1) + factor + " " + unit + "]";
    }

    /**
     * Tick marks of one axis as {position in pixels, 1 for major or 0 for minor}: majors where XChart put its
     * labelled ticks, minors between them (5 or 4 per step, as matplotlib's AutoMinorLocator), or, on a log
     * axis, XChart's unlabelled ticks at 2..9 x 10^k.
     */
    static List<double[]> tickMarks(ChartGeometry.Ticks ticks, double length, boolean log) {
        List<double[]> out = new ArrayList<>();
        List<Double> pos = ticks.positions();
        List<String> labels = ticks.labels();
        if (log) {
            for (int i = 0; i < pos.size(); i++) add(out, pos.get(i), labels.get(i) != null, length);
            return out;
        }
        List<double[]> majors = new ArrayList<>();
        for (int i = 0; i < pos.size(); i++) {
            Double v = parse(labels.get(i));
            if (v != null) majors.add(new double[]{pos.get(i), v});
        }
        for (double[] m : majors) add(out, m[0], true, length);
        if (majors.size() < 2) return out;
        double stepPx = majors.get(1)[0] - majors.get(0)[0];
        double stepValue = Math.abs(majors.get(1)[1] - majors.get(0)[1]);
        if (!(stepPx > 0) || !(stepValue > 0)) return out;
        double significand = stepValue / Math.pow(10, Math.floor(Math.log10(stepValue) + 1e-9));
        int divisions = Math.abs(significand - 1) < 0.01 || Math.abs(significand - 5) < 0.01 || Math.abs(significand - 10) < 0.01 ? 5 : 4;
        double first = majors.get(0)[0];
        int from = (int) Math.floor(-first / stepPx * divisions) - 1, to = (int) Math.ceil((length - first) / stepPx * divisions) + 1;
        for (int k = from; k <= to; k++) {
            if (Math.floorMod(k, divisions) == 0) continue;
            add(out, first + k * stepPx / divisions, false, length);
        }
        return out;
    }

    private static void add(List<double[]> out, double position, boolean major, double length) {
        // ticks on the frame's edges would only thicken it
        if (position > 0.75 && position < length - 0.75) out.add(new double[]{position, major ? 1 : 0});
    }

    private static Double parse(String label) {
        if (label == null || label.isBlank()) return null;
        try {
            return Double.parseDouble(label.replace('\u2212', '-').replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Labels a log axis's decades as 10^k (where plain numbers would be too long), XChart's own made invisible. */
    private static void powersOfTen(Graphics2D g, ChartGeometry.Ticks ticks, Rectangle2D frame, AxesChartStyler s, boolean x) {
        double lo = Math.log10(x ? s.getXAxisMin() : s.getYAxisMin()), hi = Math.log10(x ? s.getXAxisMax() : s.getYAxisMax());
        double length = x ? frame.getWidth() : frame.getHeight();
        for (int i = 0; i < ticks.positions().size(); i++) {
            double pos = ticks.positions().get(i);
            if (ticks.labels().get(i) == null || pos <= 0 || pos >= length) continue;
            long k = Math.round(lo + pos / length * (hi - lo));
            String text = "10^{" + (k < 0 ? "\u2212" + -k : String.valueOf(k)) + "}";
            if (x) {
                RichText.draw(g, text, HepStyle.TICK_FONT, frame.getX() + pos, frame.getMaxY() + 20, 0.5, false);
            } else {
                RichText.draw(g, text, HepStyle.TICK_FONT, frame.getX() - 7, frame.getMaxY() - pos + 5, 1, false);
            }
        }
    }

    /** The header above a panel's frame: the title centred (or from the left when long), the label and sample on the right. */
    private static void header(Graphics2D g, Header h, Rectangle2D frame) {
        FontRenderContext frc = g.getFontRenderContext();
        double baseline = frame.getY() - 5;
        g.setColor(Color.BLACK);
        double right = frame.getMaxX();
        if (!h.info().isBlank()) {
            RichText.draw(g, h.info(), HepStyle.HEADER_FONT, right, baseline, 1, false);
            right -= RichText.width(h.info(), HepStyle.HEADER_FONT, frc) + 7;
        }
        Font label = HepStyle.LABEL_FONT.deriveFont(Font.BOLD | Font.ITALIC);
        RichText.draw(g, LABEL, label, right, baseline, 1, false);
        right -= RichText.width(LABEL, label, frc);
        if (h.title().isBlank()) return;
        // centred; from the frame's left edge when that would reach the label; smaller, then cut, when even that would
        Font font = HepStyle.TITLE_FONT;
        String title = h.title();
        double room = right - 12 - frame.getX();
        while (RichText.width(title, font, frc) > room && font.getSize2D() > 9.5f) font = font.deriveFont(font.getSize2D() - 0.5f);
        while (RichText.width(title, font, frc) > room && title.length() > 4) title = title.substring(0, title.length() - 2) + "…";
        double w = RichText.width(title, font, frc);
        double start = frame.getCenterX() - w / 2;
        if (start + w > right - 12) start = frame.getX();
        RichText.draw(g, title, font, start, baseline, 0, false);
    }

    public BufferedImage image() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        hints(g);
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

    /** The figure as SVG (vector; text as outlines, so it looks the same without the fonts). */
    public String toSvg() {
        VectorGraphics2D g = new VectorGraphics2D();
        hints(g);
        paint(g);
        Document doc = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            doc.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The figure as a one-page PDF of its size in points (vector, as XChart's own PDF export: PDFBox's Graphics2D). */
    public byte[] toPdf() {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(width, height));
            doc.addPage(page);
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, width, height);
            hints(g);
            paint(g);
            g.dispose();
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawForm(g.getXFormObject());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The formats {@link #save} writes, by file-name ending. */
    public static final List<String> FORMATS = List.of("png", "svg", "pdf");

    /**
     * Checks, before anything is drawn, that a figure can be saved as {@code file}: a known ending and an existing
     * folder. Returns the format ("png", "svg" or "pdf").
     */
    public static String checkTarget(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!FORMATS.contains(ext)) {
            throw new HepmlException("Cannot tell the image format of '" + file + "': use a name ending in .png, .svg or .pdf.");
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new HepmlException("Could not write " + file + ": the folder " + folder + (Files.exists(folder) ? " is not a folder" : " does not exist")
                    + ". Create it first (e.g. mkdir -p " + folder + ") or save somewhere else.");
        }
        return ext;
    }

    /** Writes PNG, SVG or PDF, chosen by the file name's ending; the folder must exist. */
    public Path save(Path file) {
        String ext = checkTarget(file);
        byte[] bytes = switch (ext) {
            case "png" -> toPng();
            case "svg" -> toSvg().getBytes(StandardCharsets.UTF_8);
            default -> toPdf();
        };
        try {
            Files.write(file, bytes);
        } catch (AccessDeniedException e) {
            throw new HepmlException("Could not write " + file + ": permission denied.", e);
        } catch (FileSystemException e) {
            throw new HepmlException("Could not write " + file + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()) + ".", e);
        } catch (IOException e) {
            throw new HepmlException("Could not write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
