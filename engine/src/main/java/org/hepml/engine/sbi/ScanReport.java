package org.hepml.engine.sbi;

import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.plot.Figure;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One or more likelihood scans (learned and exact) with their figure, shown together in the notebook.
 *
 * @param events the number of observed events scanned (0 if unknown), shown on the figure
 */
public record ScanReport(List<ScanResult> scans, double[] truth, long events) implements HtmlRenderable {

    public ScanReport(List<ScanResult> scans, double[] truth) {
        this(scans, truth, 0);
    }

    public Figure figure() {
        return ScanPlot.of(scans, truth).info(events > 0 ? String.format(Locale.ROOT, "%,d events", events) : "");
    }

    /** The first scan (the model's, when a model was scanned). */
    public ScanResult result() {
        return scans.get(0);
    }

    @Override
    public String toString() {
        return scans.stream().map(ScanResult::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toHtml() {
        return "<div>" + scans.stream().map(ScanResult::toHtml).collect(Collectors.joining()) + figure().toHtmlImage() + "</div>";
    }
}
