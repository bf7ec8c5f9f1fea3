package org.hepml.engine.plot;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Axis titles and panel titles with sub- and superscripts, written as in LaTeX without the dollars:
 * {@code p_T}, {@code E_T^{miss}}, {@code sin²θ_W}, {@code τ_{21}}, {@code ×10^{-3}}. A single-character script
 * ({@code _T}) counts only when the next character is not a letter or digit, so a column name such as
 * {@code x.my_var} stays as written. Text is drawn as glyph outlines, the same in PNG, SVG and PDF, with no font
 * needed by whoever opens the file.
 */
public final class RichText {
    /** A piece of text and its position: 0 on the line, -1 subscript, +1 superscript. */
    record Run(String text, int script) {
    }

    private RichText() {
    }

    static List<Run> parse(String s) {
        List<Run> runs = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if ((c == '_' || c == '^') && i + 1 < s.length()) {
                int script = c == '_' ? -1 : 1;
                String body = null;
                int next = i + 1;
                if (s.charAt(next) == '{') {
                    int close = s.indexOf('}', next);
                    if (close > next) {
                        body = s.substring(next + 1, close);
                        next = close + 1;
                    }
                } else {
                    int cp = s.codePointAt(next);
                    int after = next + Character.charCount(cp);
                    boolean alone = after >= s.length() || !Character.isLetterOrDigit(s.codePointAt(after));
                    if (alone && cp != ' ') {
                        body = new String(Character.toChars(cp));
                        next = after;
                    }
                }
                if (body != null) {
                    if (!plain.isEmpty()) runs.add(new Run(plain.toString(), 0));
                    plain.setLength(0);
                    runs.add(new Run(body, script));
                    i = next;
                    continue;
                }
            }
            plain.append(c);
            i++;
        }
        if (!plain.isEmpty()) runs.add(new Run(plain.toString(), 0));
        return runs;
    }

    /** The text without its markup, e.g. "pT(j₁) [GeV]" for "p_T(j₁) [GeV]". */
    public static String plain(String s) {
        StringBuilder b = new StringBuilder();
        for (Run r : parse(s)) b.append(r.text());
        return b.toString();
    }

    /** The outline of the text with its baseline starting at (0, 0). */
    public static Shape outline(String s, Font font, FontRenderContext frc) {
        Path2D.Double path = new Path2D.Double();
        double x = 0;
        Font small = font.deriveFont(font.getSize2D() * 0.7f);
        for (Run r : parse(s)) {
            if (r.text().isEmpty()) continue;
            Font f = r.script() == 0 ? font : small;
            double dy = r.script() < 0 ? 0.22 * font.getSize2D() : r.script() > 0 ? -0.42 * font.getSize2D() : 0;
            TextLayout layout = new TextLayout(r.text(), f, frc);
            path.append(layout.getOutline(AffineTransform.getTranslateInstance(x, dy)), false);
            x += layout.getAdvance();
        }
        return path;
    }

    /** The advance width of the text. */
    public static double width(String s, Font font, FontRenderContext frc) {
        double x = 0;
        Font small = font.deriveFont(font.getSize2D() * 0.7f);
        for (Run r : parse(s)) {
            if (!r.text().isEmpty()) x += new TextLayout(r.text(), r.script() == 0 ? font : small, frc).getAdvance();
        }
        return x;
    }

    /**
     * Draws the text with its baseline at y, starting at x ({@code align} 0), centred on x (0.5) or ending at x (1);
     * {@code rotated} turns it a quarter to the left (reading upwards, as a y-axis title), about (x, y).
     */
    public static Rectangle2D draw(Graphics2D g, String s, Font font, double x, double y, double align, boolean rotated) {
        Shape shape = outline(s, font, g.getFontRenderContext());
        double w = width(s, font, g.getFontRenderContext());
        AffineTransform t = AffineTransform.getTranslateInstance(x, y);
        if (rotated) t.rotate(-Math.PI / 2);
        t.translate(-align * w, 0);
        Shape placed = t.createTransformedShape(shape);
        g.fill(placed);
        return placed.getBounds2D();
    }
}
