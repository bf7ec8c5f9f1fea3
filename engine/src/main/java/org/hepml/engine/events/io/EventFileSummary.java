package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
                               List<Particle> firstEvent, List<String> columns, Map<String, Double> jaggedPerEvent,
                               Map<String, int[]> jaggedRange) implements HtmlRenderable {

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
        Map<String, int[]> range = new LinkedHashMap<>();
        ev.jagged().forEach((name, j) -> {
            jagged.put(name, j.events() == 0 ? 0 : j.values().length / (double) j.events());
            int min = j.events() == 0 ? 0 : Integer.MAX_VALUE, max = 0;
            for (int i = 0; i < j.events(); i++) {
                min = Math.min(min, j.count(i));
                max = Math.max(max, j.count(i));
            }
            range.put(name, new int[]{min, max});
        });
        return new EventFileSummary(ev.file().toString(), r.format().name().toLowerCase(Locale.ROOT), r.formatVersion(), d.size(), sums, frac,
                warnings, r, first, columns, jagged, range);
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
                int[] mm = jaggedRange.get(e.getKey());
                s.append(k++ == 0 ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " (%.3g per event", e.getValue()))
                        .append(mm == null ? ")" : String.format(Locale.ROOT, ", %d to %d)", mm[0], mm[1]));
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
        StringWriter out = new StringWriter();
        try (JsonWriter j = new JsonWriter(out)) {
            j.beginObject();
            j.name("file").value(file);
            j.name("format").value(format);
            j.name("version").value(version);
            j.name("generators").beginArray();
            for (RunInfo.Generator g : run.generators()) {
                j.beginObject().name("name").value(g.name()).name("version").value(g.version()).endObject();
            }
            j.endArray();
            number(j.name("events"), events);
            j.name("beams").beginArray();
            for (RunInfo.Beam b : run.beams()) {
                j.beginObject().name("pdg").value(b.pdg());
                number(j.name("energy"), b.energy());
                j.name("pdf_group").value(b.pdfGroup()).name("pdf_set").value(b.pdfSet()).endObject();
            }
            j.endArray();
            j.name("weighting_strategy").value(run.weightingStrategy());
            j.name("processes").beginArray();
            for (RunInfo.Process p : run.processes()) {
                j.beginObject().name("id").value(p.id());
                number(j.name("cross_section_pb"), p.crossSection());
                number(j.name("cross_section_error_pb"), p.crossSectionError());
                number(j.name("max_weight"), p.maxWeight());
                j.endObject();
            }
            j.endArray();
            j.name("weights").beginObject();
            for (Map.Entry<String, Double> e : weightSums.entrySet()) {
                String id = e.getKey().startsWith("weight.") ? e.getKey().substring(7) : "";
                RunInfo.WeightInfo info = run.weights().get(id);
                j.name(e.getKey()).beginObject();
                number(j.name("sum"), e.getValue());
                j.name("name").value(info == null ? "" : info.original());
                j.name("description").value(info == null ? "" : info.description());
                j.name("group").value(info == null ? "" : info.group()).endObject();
            }
            j.endObject();
            number(j.name("negative_weight_fraction"), negativeWeightFraction);
            j.name("warnings").beginArray();
            for (String w : warnings) j.value(w);
            j.endArray();
            j.name("columns").beginArray();
            for (String c : columns) j.value(c);
            j.endArray();
            j.name("jagged").beginObject();
            for (Map.Entry<String, Double> e : jaggedPerEvent.entrySet()) {
                j.name(e.getKey()).beginObject();
                number(j.name("per_event"), e.getValue());
                int[] mm = jaggedRange.get(e.getKey());
                if (mm != null) j.name("min").value(mm[0]).name("max").value(mm[1]);
                j.endObject();
            }
            j.endObject();
            j.name("first_event").beginArray();
            for (Particle p : firstEvent) {
                j.beginObject().name("pdg").value(p.pdg()).name("status").value(p.status())
                        .name("mother1").value(p.mother1()).name("mother2").value(p.mother2());
                number(j.name("px"), p.px());
                number(j.name("py"), p.py());
                number(j.name("pz"), p.pz());
                number(j.name("e"), p.e());
                number(j.name("m"), p.m());
                j.endObject();
            }
            j.endArray();
            j.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Whole numbers without a decimal point (6500, not 6500.0), non-finite ones as null (JSON has no NaN). */
    private static void number(JsonWriter j, double v) throws IOException {
        if (!Double.isFinite(v)) j.nullValue();
        else if (v == Math.rint(v) && Math.abs(v) < 1e15) j.value((long) v);
        else j.value(v);
    }
}
