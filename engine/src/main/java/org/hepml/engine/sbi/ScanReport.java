package org.hepml.engine.sbi;

import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.plot.Figure;

import java.util.List;
import java.util.stream.Collectors;

/** One or more likelihood scans (learned and exact) with their figure, shown together in the notebook. */
public record ScanReport(List<ScanResult> scans, double[] truth) implements HtmlRenderable {

    public Figure figure() {
        return ScanPlot.of(scans, truth);
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
