package org.hepml.engine.api;

import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.io.LoadedEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the workspace holds: name, kind and a short description of each entry. */
public record WorkspaceListing(List<Entry> entries) implements HtmlRenderable {

    public record Entry(String name, String kind, String detail) {
    }

    /**
     * The entries in the order they were stored. What {@code %events load} keeps besides the table, under NAME.file
     * (the particles and run information), is not an entry of its own: the dataset NAME says it has it.
     */
    public static WorkspaceListing of(Workspace ws) {
        List<Entry> out = new ArrayList<>();
        Map<String, Object> all = ws.entries();
        for (Map.Entry<String, Object> e : all.entrySet()) {
            Object v = e.getValue();
            String name = e.getKey();
            if (v instanceof LoadedEvents f && name.endsWith(".file")) {
                String table = name.substring(0, name.length() - ".file".length());
                if (all.get(table) instanceof Dataset) continue;
                out.add(new Entry(name, "loaded file", "the loaded file's particles and run information (hep.loaded(\"" + table
                        + "\")), its table dropped: " + f));
            } else if (v instanceof Dataset d) {
                String file = all.get(name + ".file") instanceof LoadedEvents f
                        ? " from " + f.file().getFileName() + " (the file's " + (f.particles() != null ? "particles and " : "")
                          + "run information: hep.loaded(\"" + name + "\"))" : "";
                out.add(new Entry(name, "dataset", String.format(Locale.ROOT, "%,d events%s; %s", d.size(), file,
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
