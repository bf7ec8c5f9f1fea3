package org.hepml.engine;

/**
 * A result that knows how to show itself as an HTML fragment. The engine stays free of Jupyter: the
 * kernel extension turns anything implementing this into a {@code text/html} display.
 */
public interface HtmlRenderable {
    String toHtml();

    /** Escapes text for HTML element content and attribute values. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
