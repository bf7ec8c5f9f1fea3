package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a physicist checks first about an event file: format and version, events, sum of each weight,
 * negative-weight fraction (with a warning), beams and cross sections, and the particles of the first event.
 * A weight whose name in the file differs from its column (leading or trailing whitespace) shows that name, exactly.
 * As text ({@link #toString()}), HTML, and JSON ({@link #toJson()}, keys in DESCRIBE.md).
 */
public record EventFileSummary(String file, String format, String version, int events, Map<String, Double> weightSums,
                               double negativeWeightFraction, List<String> warnings, RunInfo run,
                               List<Particle> firstEvent, List<String> columns, Map<String, Double> jaggedPerEvent) implements HtmlRenderable {

    public record Particle(int pdg, int status, int mother1, int mother2, double px, double py, double pz, double e, double m) {
    }

    static EventFileSummary of(LoadedEvents ev) {
        Dataset d = ev.events();
        Map<String, Double> sums = new LinkedHashMap<>();
        for (String c : d.columnNames()) {
            if (!c.equals("weight") && !c.startsWith("weight.")) continue;
            double s = 0;
            for (double w : d.column(c)) if (!Double.isNaN(w)) s += w;
            sums.put(c, s);
        }
        double[] w = d.weights();
        long negative = 0;
        for (double x : w) if (x < 0) negative++;
        double frac = w.length == 0 ? 0 : (double) negative / w.length;
        List<String> warnings = new ArrayList<>();
        if (negative > 0) {
            warnings.add(String.format(Locale.ROOT, "%.2f%% of the events have negative weights (kept as they are); "
                    + "histograms and estimators must use the signed weights, and the effective sample size is smaller than the event count.", 100 * frac));
        }
        if (d.size() == 0) warnings.add("the file holds no events.");
        String recovered = d.metadata().get("recovered");
        if (recovered != null) {
            warnings.add("recovered: kept the " + d.size() + " complete event(s) before a defect, which was: " + recovered);
        }
        if (d.has("weight")) {
            double[] nominal = d.column("weight");
            int missing = 0, firstMissing = -1;
            for (int i = 0; i < nominal.length; i++) {
                if (!Double.isFinite(nominal[i]) && missing++ == 0) firstMissing = i;
            }
            if (missing > 0) {
                warnings.add(String.format(Locale.ROOT, "%d event(s) have no finite weight (first: event %d); they are left out of"
                        + " the sums above and count as NaN in histograms: check the generator's output.", missing, firstMissing + 1));
            }
        }
        if (ev.hasParticles()) {
            ParticleArrays p = ev.particles();
            int bad = 0, firstBad = -1;
            for (int k = 0; k < p.events(); k++) {
                for (int i = p.first(k); i < p.end(k); i++) {
                    if (!(Double.isFinite(p.px()[i]) && Double.isFinite(p.py()[i]) && Double.isFinite(p.pz()[i]) && Double.isFinite(p.e()[i]))) {
                        if (bad++ == 0) firstBad = k;
                        break;
                    }
                }
            }
            if (bad > 0) {
                warnings.add(String.format(Locale.ROOT, "%d event(s) have a particle with a non-finite momentum or energy (first: event %d);"
                        + " observables computed from them are NaN.", bad, firstBad + 1));
            }
        }
        List<Particle> first = new ArrayList<>();
        if (ev.hasParticles() && ev.particles().events() > 0) {
            ParticleArrays p = ev.particles();
            for (int i = p.first(0); i < p.end(0); i++) {
                first.add(new Particle(p.pdg()[i], p.status()[i], p.mother1()[i], p.mother2()[i], p.px()[i], p.py()[i], p.pz()[i], p.e()[i], p.m()[i]));
            }
        }
        RunInfo r = ev.runInfo();
        // a table (ROOT, Parquet, Arrow, HDF5, CSV) is described by its columns; a particle-level file by its first event
        List<String> columns = ev.hasParticles() ? List.of() : d.columnNames();
        Map<String, Double> jagged = new LinkedHashMap<>();
        ev.jagged().forEach((name, j) -> jagged.put(name, j.events() == 0 ? 0 : j.values().length / (double) j.events()));
        return new EventFileSummary(ev.file().toString(), r.format().name().toLowerCase(Locale.ROOT), r.formatVersion(), d.size(), sums, frac,
                warnings, r, first, columns, jagged);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(file).append('\n');
        s.append("  format      ").append(run.format().title()).append(version.isEmpty() ? "" : " version " + version).append('\n');
        for (RunInfo.Generator g : run.generators()) s.append("  generator   ").append(g.name()).append(' ').append(g.version()).append('\n');
        s.append("  events      ").append(events).append('\n');
        if (run.beams().size() == 2) {
            RunInfo.Beam a = run.beams().get(0), b = run.beams().get(1);
            s.append(String.format(Locale.ROOT, "  beams       %d (%s GeV) + %d (%s GeV), PDF sets %d / %d%n", a.pdg(), g(a.energy()), b.pdg(), g(b.energy()), a.pdfSet(), b.pdfSet()));
            s.append("  IDWTUP      ").append(run.weightingStrategy()).append('\n');
        }
        for (RunInfo.Process p : run.processes()) {
            s.append(String.format(Locale.ROOT, "  process %-4d sigma = %.6g +- %.3g pb, max weight %.6g%n", p.id(), p.crossSection(), p.crossSectionError(), p.maxWeight()));
        }
        s.append("  weights     ").append(weightSums.size()).append(" column(s)\n");
        for (Map.Entry<String, Double> e : weightSums.entrySet()) {
            String id = e.getKey().startsWith("weight.") ? e.getKey().substring(7) : "";
            RunInfo.WeightInfo info = run.weights().get(id);
            s.append(String.format(Locale.ROOT, "    %-22s sum = %.6g", e.getKey(), e.getValue()));
            if (info != null && !info.original().equals(info.id())) s.append("   named ").append(RunInfo.quoted(info.original())).append(" in the file");
            if (info != null && !info.description().isEmpty()) s.append("   ").append(info.description());
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, "  negative-weight fraction %.4f%n", negativeWeightFraction));
        if (!columns.isEmpty()) {
            s.append("  columns     ").append(String.join(", ", columns.subList(0, Math.min(30, columns.size()))))
                    .append(columns.size() > 30 ? ", ... (" + columns.size() + " in all)" : "").append('\n');
        }
        if (!jaggedPerEvent.isEmpty()) {
            s.append("  jagged      ");
            int k = 0;
            for (Map.Entry<String, Double> e : jaggedPerEvent.entrySet()) {
                s.append(k++ == 0 ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " (%.3g per event)", e.getValue()));
            }
            s.append('\n');
        }
        for (String w : warnings) s.append("  WARNING: ").append(w).append('\n');
        if (!firstEvent.isEmpty()) {
            s.append("  first event (").append(firstEvent.size()).append(" particles)\n");
            s.append(String.format(Locale.ROOT, "    %4s %9s %6s %4s %4s %12s %12s %12s %12s %10s%n", "#", "pdg", "status", "mo1", "mo2", "px", "py", "pz", "E", "m"));
            int i = 1;
            for (Particle p : firstEvent) {
                s.append(String.format(Locale.ROOT, "    %4d %9d %6d %4d %4d %12.5g %12.5g %12.5g %12.5g %10.4g%n", i++, p.pdg(), p.status(), p.mother1(), p.mother2(), p.px(), p.py(), p.pz(), p.e(), p.m()));
            }
        }
        return s.toString();
    }

    /** A number as a physicist writes it: 6500, 504.321, 1.234e-05. */
    private static String g(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String t = String.format(Locale.ROOT, "%.6g", v);
        if (t.contains("e")) return t;
        return t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
    }

    @Override
    public String toHtml() {
        return "<pre>" + HtmlRenderable.escape(toString()) + "</pre>";
    }

    /** One JSON object; keys documented in DESCRIBE.md. Non-finite numbers are written as null. */
    public String toJson() {
        Json j = new Json();
        j.open();
        j.key("file").str(file);
        j.key("format").str(format);
        j.key("version").str(version);
        j.key("generators").arrayOpen();
        for (RunInfo.Generator g : run.generators()) {
            j.open().key("name").str(g.name()).key("version").str(g.version()).close();
        }
        j.arrayClose();
        j.key("events").num(events);
        j.key("beams").arrayOpen();
        for (RunInfo.Beam b : run.beams()) {
            j.open().key("pdg").num(b.pdg()).key("energy").num(b.energy()).key("pdf_group").num(b.pdfGroup()).key("pdf_set").num(b.pdfSet()).close();
        }
        j.arrayClose();
        j.key("weighting_strategy").num(run.weightingStrategy());
        j.key("processes").arrayOpen();
        for (RunInfo.Process p : run.processes()) {
            j.open().key("id").num(p.id()).key("cross_section_pb").num(p.crossSection()).key("cross_section_error_pb").num(p.crossSectionError())
                    .key("max_weight").num(p.maxWeight()).close();
        }
        j.arrayClose();
        j.key("weights").open();
        for (Map.Entry<String, Double> e : weightSums.entrySet()) {
            String id = e.getKey().startsWith("weight.") ? e.getKey().substring(7) : "";
            RunInfo.WeightInfo info = run.weights().get(id);
            j.key(e.getKey()).open().key("sum").num(e.getValue()).key("name").str(info == null ? "" : info.original());
            j.key("description").str(info == null ? "" : info.description()).key("group").str(info == null ? "" : info.group()).close();
        }
        j.close();
        j.key("negative_weight_fraction").num(negativeWeightFraction);
        j.key("warnings").arrayOpen();
        for (String w : warnings) j.str(w);
        j.arrayClose();
        j.key("columns").arrayOpen();
        for (String c : columns) j.str(c);
        j.arrayClose();
        j.key("jagged").open();
        for (Map.Entry<String, Double> e : jaggedPerEvent.entrySet()) j.key(e.getKey()).open().key("per_event").num(e.getValue()).close();
        j.close();
        j.key("first_event").arrayOpen();
        for (Particle p : firstEvent) {
            j.open().key("pdg").num(p.pdg()).key("status").num(p.status()).key("mother1").num(p.mother1()).key("mother2").num(p.mother2())
                    .key("px").num(p.px()).key("py").num(p.py()).key("pz").num(p.pz()).key("e").num(p.e()).key("m").num(p.m()).close();
        }
        j.arrayClose();
        j.close();
        return j.toString();
    }

    /** A tiny JSON writer: commas are placed by tracking whether the current container is still empty. */
    private static final class Json {
        private final StringBuilder s = new StringBuilder();
        private boolean needComma;

        Json open() { sep(); s.append('{'); needComma = false; return this; }
        Json close() { s.append('}'); needComma = true; return this; }
        Json arrayOpen() { sep(); s.append('['); needComma = false; return this; }
        Json arrayClose() { s.append(']'); needComma = true; return this; }

        Json key(String k) {
            sep();
            quote(k);
            s.append(':');
            needComma = false;
            return this;
        }

        Json str(String v) { sep(); quote(v); needComma = true; return this; }

        Json num(double v) {
            sep();
            if (!Double.isFinite(v)) s.append("null");
            else if (v == Math.rint(v) && Math.abs(v) < 1e15) s.append((long) v);
            else s.append(v);
            needComma = true;
            return this;
        }

        private void sep() {
            if (needComma) s.append(',');
            needComma = false;
        }

        private void quote(String v) {
            s.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\n' -> s.append("\\n");
                    case '\r' -> s.append("\\r");
                    case '\t' -> s.append("\\t");
                    default -> {
                        if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
                        else s.append(c);
                    }
                }
            }
            s.append('"');
        }

        @Override
        public String toString() {
            return s.toString();
        }
    }
}
