package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Quantities;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.Simulators;
import org.hepml.engine.events.sim.TractableSimulator;

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
        return of(sally.fisherInformation(data), data, events, exact);
    }

    /** The same for a learned likelihood (NDE, SCANDAL): its score is the flow's gradient in theta at the data's point. */
    public static FisherReport of(LikelihoodEstimator likelihood, Dataset data, double events, boolean exact) {
        if (!(events > 0)) throw new HepmlException("--events (the expected number of events) must be positive, got " + events + ".");
        return of(likelihood.fisherInformation(data), data, events, exact);
    }

    private static FisherReport of(FisherInformation learned, Dataset data, double events, boolean exact) {
        if (!exact) return new FisherReport(learned, null, null, events);
        TractableSimulator sim = Simulators.of(data);
        double[] ref = Simulators.truthOf(data, sim.parameters());
        if (ref == null) throw new HepmlException("--exact needs --data simulated at one parameter point (the reference).");
        FisherInformation ex = new FisherInformation(sim.parameters(), sim.fisherInformation(ref), new double[ref.length], "exact");
        return new FisherReport(learned, ex, ref, events);
    }

    /** "sin2w ± 0.0114, sqrts ± 0.52": the error on each parameter with the report's number of events. */
    private static String errorsText(FisherInformation f, double events) {
        double[] e = f.errors(events);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < e.length; i++) {
            b.append(i == 0 ? "" : ", ").append(f.parameters().get(i)).append(" \u00b1 ").append(Quantities.significant(e[i], 3));
        }
        return b.toString();
    }

    /** The number of events as written: 1000, 10,000, 2.5e+06 for a non-integer count is avoided. */
    private String eventsText() {
        return events == Math.rint(events) ? String.format(Locale.ROOT, "%,.0f", events) : Quantities.significant(events, 4);
    }

    @Override
    public String toString() {
        String s = learned + "\nCramer-Rao errors with " + eventsText() + " events: " + errorsText(learned, events);
        if (exact != null) s += "\n" + exact + "\nexact Cramer-Rao errors with " + eventsText() + " events: " + errorsText(exact, events);
        return s;
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<div>").append(learned.toHtml());
        if (exact != null) b.append(exact.toHtml());
        b.append("Cram\u00e9r\u2013Rao errors with ").append(eventsText()).append(" events: learned ")
                .append(HtmlRenderable.escape(errorsText(learned, events)));
        if (exact != null) b.append("; exact ").append(HtmlRenderable.escape(errorsText(exact, events)));
        if (learned.parameters().size() == 2 && reference != null) {
            b.append("<br>").append((exact != null ? learned.ellipse(reference, events, exact) : learned.ellipse(reference, events)).toHtmlImage());
        }
        return b.append("</div>").toString();
    }
}
