package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.Simulators;
import org.hepml.engine.events.sim.TractableSimulator;

import java.util.Arrays;
import java.util.Locale;

/**
 * Learned (and exact) Fisher information side by side, with the Cramer-Rao errors for the expected number of
 * events ({@code %infer fisher}); with two parameters the error ellipses too.
 */
public record FisherReport(FisherInformation learned, FisherInformation exact, double[] reference, double events)
        implements HtmlRenderable {

    /**
     * The Fisher information per event of a SALLY estimator on {@code data} (events at its reference point), with
     * the simulator's exact information beside it when {@code exact} (then {@code data} must come from one point).
     */
    public static FisherReport of(ScoreEstimator sally, Dataset data, double events, boolean exact) {
        if (!(events > 0)) throw new HepmlException("--events (the expected number of events) must be positive, got " + events + ".");
        FisherInformation learned = sally.fisherInformation(data);
        if (!exact) return new FisherReport(learned, null, null, events);
        TractableSimulator sim = Simulators.of(data);
        double[] ref = Simulators.truthOf(data, sim.parameters());
        if (ref == null) throw new HepmlException("--exact needs --data simulated at one parameter point (the reference).");
        FisherInformation ex = new FisherInformation(sim.parameters(), sim.fisherInformation(ref), new double[ref.length], "exact");
        return new FisherReport(learned, ex, ref, events);
    }

    @Override
    public String toString() {
        String s = learned + String.format(Locale.ROOT, "%nerrors with %.0f events: %s", events,
                Arrays.toString(learned.errors(events)));
        if (exact != null) s += "\n" + exact + String.format(Locale.ROOT, "%nexact errors: %s", Arrays.toString(exact.errors(events)));
        return s;
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div>").append(learned.toHtml());
        if (exact != null) b.append(exact.toHtml());
        b.append(String.format(Locale.ROOT, "Cramer-Rao errors with %.0f events: learned %s", events,
                Arrays.toString(learned.errors(events))));
        if (exact != null) b.append(", exact ").append(Arrays.toString(exact.errors(events)));
        if (learned.parameters().size() == 2 && reference != null) {
            b.append("<br>").append((exact != null ? learned.ellipse(reference, events, exact) : learned.ellipse(reference, events)).toHtmlImage());
        }
        return b.append("</div>").toString();
    }
}
