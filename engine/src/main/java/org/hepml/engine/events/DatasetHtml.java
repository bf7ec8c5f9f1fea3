package org.hepml.engine.events;

import org.hepml.engine.HtmlRenderable;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTML views of datasets and tables for the notebook: shape, column roles, first rows, metadata. */
public final class DatasetHtml {
    static final int PREVIEW_ROWS = 5;

    private DatasetHtml() {
    }

    public static String of(Dataset d) {
        StringBuilder b = new StringBuilder("<div class='hepml-dataset'><b>")
                .append(HtmlRenderable.escape(d.name())).append("</b>: ")
                .append(String.format(Locale.ROOT, "%,d events &times; %d columns", d.size(), d.columnNames().size()));
        b.append("<br>roles: ");
        boolean first = true;
        for (ColumnRole role : ColumnRole.values()) {
            var cols = d.columns(role);
            if (cols.isEmpty()) continue;
            if (!first) b.append("; ");
            first = false;
            b.append("<i>").append(role.name().toLowerCase(Locale.ROOT)).append("</i> ")
                    .append(HtmlRenderable.escape(String.join(", ", cols)));
        }
        if (!d.jagged().isEmpty()) {
            b.append("<br>jagged: ");
            List<String> parts = new java.util.ArrayList<>();
            for (JaggedColumn j : d.jagged().values()) {
                int max = 0;
                for (int i = 0; i < j.events(); i++) max = Math.max(max, j.count(i));
                parts.add(HtmlRenderable.escape(j.name()) + String.format(Locale.ROOT, " (%.1f per event, at most %d)",
                        j.events() == 0 ? 0.0 : j.values().length / (double) j.events(), max));
            }
            b.append(String.join(", ", parts));
        }
        b.append(table(d.table(), PREVIEW_ROWS));
        b.append(metadataHtml(d)).append("</div>");
        return b.toString();
    }

    /** The first {@code rows} rows of a table, with its shape when it is cut. */
    public static String table(Table t, int rows) {
        StringBuilder b = new StringBuilder("<table><tr>");
        for (String c : t.columnNames()) {
            b.append("<th>").append(HtmlRenderable.escape(c)).append("</th>");
        }
        b.append("</tr>");
        int n = Math.min(rows, t.rowCount());
        for (int r = 0; r < n; r++) {
            b.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                b.append("<td>").append(HtmlRenderable.escape(t.getString(r, c))).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
        if (t.rowCount() > n) {
            b.append(String.format(Locale.ROOT, "<small>first %d of %,d rows</small>", n, t.rowCount()));
        }
        return b.toString();
    }

    static String metadataHtml(Dataset d) {
        if (d.metadata().isEmpty()) return "";
        StringBuilder b = new StringBuilder("<details><summary>metadata</summary><table>");
        for (Map.Entry<String, String> e : d.metadata().entrySet()) {
            b.append("<tr><td>").append(HtmlRenderable.escape(e.getKey())).append("</td><td>")
                    .append(HtmlRenderable.escape(e.getValue())).append("</td></tr>");
        }
        return b.append("</table></details>").toString();
    }
}
