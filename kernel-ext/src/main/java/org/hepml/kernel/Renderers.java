package org.hepml.kernel;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.DatasetHtml;
import org.hepml.engine.plot.Figure;
import org.hepml.magics.HelpText;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.util.Base64;

/** How hepml's results look in the notebook: figures as PNG (and SVG), tables and summaries as HTML. */
final class Renderers {
    static final int TABLE_PREVIEW_ROWS = 10;

    private Renderers() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(Figure.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_SVG)
                .register((f, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(f.toPng()));
                    ctx.renderIfRequested(MIMEType.IMAGE_SVG, f::toSvg);
                    ctx.getOutputContainer().putText(figureText(f));
                });
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_SVG)
                .register((c, ctx) -> {
                    Figure f = Figure.of(c);
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(f.toPng()));
                    ctx.renderIfRequested(MIMEType.IMAGE_SVG, f::toSvg);
                });
        renderer.createRegistration(HtmlRenderable.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((r, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, r::toHtml);
                    ctx.getOutputContainer().putText(r.toString());
                });
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((t, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> DatasetHtml.table(t, TABLE_PREVIEW_ROWS));
                    ctx.getOutputContainer().putText(t.print(TABLE_PREVIEW_ROWS));
                });
        renderer.createRegistration(HelpText.class)
                .preferring(MIMEType.TEXT_PLAIN)
                .register((h, ctx) -> ctx.getOutputContainer().putText(h.text()));
    }

    private static String figureText(Figure f) {
        return "<figure " + f.width() + "x" + f.height() + ", " + f.panels().size() + " panel(s)>";
    }
}
