package org.hepml.engine.api;

import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the workspace holds: name, kind and a short description of each entry. */
public record WorkspaceListing(List<Entry> entries) implements HtmlRenderable {

    public record Entry(String name, String kind, String detail) {
    }

    public static WorkspaceListing of(Workspace ws) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : ws.entries().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Dataset d) {
                out.add(new Entry(e.getKey(), "dataset", String.format(Locale.ROOT, "%,d events; %s", d.size(),
                        String.join(", ", d.columnNames()))));
            } else {
                out.add(new Entry(e.getKey(), v.getClass().getSimpleName(), String.valueOf(v).lines().findFirst().orElse("")));
            }
        }
        return new WorkspaceListing(out);
    }

    @Override
    public String toString() {
        if (entries.isEmpty()) return "The workspace is empty.";
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) b.append(String.format(Locale.ROOT, "%-16s %-10s %s%n", e.name(), e.kind(), e.detail()));
        return b.toString();
    }

    @Override
    public String toHtml() {
        if (entries.isEmpty()) return "<i>The workspace is empty.</i>";
        StringBuilder b = new StringBuilder("<table><tr><th>name</th><th>kind</th><th>what</th></tr>");
        for (Entry e : entries) {
            b.append("<tr><td><code>").append(HtmlRenderable.escape(e.name())).append("</code></td><td>")
                    .append(HtmlRenderable.escape(e.kind())).append("</td><td>")
                    .append(HtmlRenderable.escape(e.detail())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }
}
