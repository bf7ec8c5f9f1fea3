package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.events.Dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes Les Houches Event files (version 3.0 layout; gzip when the name ends in {@code .gz}). Numbers are
 * written in Java's shortest round-trip form, so a file read back gives exactly the doubles written — unless
 * {@link #significantDigits} asks for shorter, Fortran-looking numbers (for small shipped samples).
 * <pre>{@code
 * try (LheWriter w = LheWriter.create(Path.of("ee_mumu.lhe.gz"))) {
 *     w.beams(11, -11, 45.6, 45.6).process(1, 1500.0, 3.0, 1.0).weight("rw0001", "b = -0.5", "afb");
 *     w.event(1, 1.0, 91.2, 0.0078, 0.118).particle(11, -1, 0, 0, 0, 0, 0, 0, 45.6, 45.6, 0)
 *      ...
 *      .namedWeight("rw0001", 0.93).endEvent();
 * }
 * }</pre>
 */
public final class LheWriter implements AutoCloseable {
    private final Writer out;
    private final Path file;
    private final List<String> generators = new ArrayList<>();
    private final Map<String, String[]> weights = new LinkedHashMap<>(); // id -> {description, group}
    private final List<String> headerComments = new ArrayList<>();
    private final List<double[]> processes = new ArrayList<>();
    private final int[] beamId = {2212, 2212}, pdfGroup = {0, 0}, pdfSet = {0, 0};
    private final double[] beamEnergy = {6500, 6500};
    private int idwtup = 3;
    private int digits;
    private boolean initWritten;
    // the event being written
    private final StringBuilder particles = new StringBuilder();
    private final List<String> comments = new ArrayList<>();
    private final Map<String, Double> eventWeights = new LinkedHashMap<>();
    private int nup;
    private double[] info;
    private final StringBuilder line = new StringBuilder(256);

    private LheWriter(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or replaces) the file; gzip-compressed when its name ends in {@code .gz}. */
    public static LheWriter create(Path file) {
        try {
            OutputStream os = Files.newOutputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) os = new GZIPOutputStream(os, 1 << 16);
            return new LheWriter(file, new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.US_ASCII), 1 << 16));
        } catch (IOException e) {
            throw new HepmlException("Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }

    public LheWriter generator(String name, String version) {
        generators.add("<generator name='" + HtmlRenderable.escape(name) + "' version='" + HtmlRenderable.escape(version) + "'/>");
        return this;
    }

    /** A line of free text in the header (kept in a {@code <hepml>} block). */
    public LheWriter headerComment(String text) {
        headerComments.add(text);
        return this;
    }

    public LheWriter beams(int pdg1, int pdg2, double energy1, double energy2) {
        beamId[0] = pdg1;
        beamId[1] = pdg2;
        beamEnergy[0] = energy1;
        beamEnergy[1] = energy2;
        return this;
    }

    public LheWriter pdf(int group1, int set1, int group2, int set2) {
        pdfGroup[0] = group1;
        pdfSet[0] = set1;
        pdfGroup[1] = group2;
        pdfSet[1] = set2;
        return this;
    }

    /** IDWTUP: 3 = unit weights, -4 = weighted with signs, ... (LHE 1.0 section 2.1). */
    public LheWriter weightingStrategy(int idwtup) {
        this.idwtup = idwtup;
        return this;
    }

    /** One {@code <init>} process line: LPRUP, XSECUP (pb), XERRUP, XMAXUP. */
    public LheWriter process(int id, double crossSection, double error, double maxWeight) {
        processes.add(new double[]{crossSection, error, maxWeight, id});
        return this;
    }

    /** Declares a named weight in {@code <initrwgt>}; events give its value with {@link #namedWeight}. */
    public LheWriter weight(String id, String description, String group) {
        weights.put(id, new String[]{description, group == null ? "" : group});
        return this;
    }

    /** Writes numbers with this many significant digits (Fortran-like, smaller files) instead of exactly. */
    public LheWriter significantDigits(int n) {
        if (n < 1 || n > 17) throw new HepmlException("significantDigits must be 1..17, got " + n + ".");
        digits = n;
        return this;
    }

    /** Starts an event: IDPRUP, XWGTUP, SCALUP, AQEDUP, AQCDUP. */
    public LheWriter event(int processId, double weight, double scale, double alphaQed, double alphaS) {
        if (info != null) throw new IllegalStateException("endEvent() was not called for the previous event");
        info = new double[]{processId, weight, scale, alphaQed, alphaS};
        nup = 0;
        particles.setLength(0);
        comments.clear();
        eventWeights.clear();
        return this;
    }

    /** One particle line: IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1 ICOLUP2 PX PY PZ E M (VTIMUP 0, SPINUP 9). */
    public LheWriter particle(int pdg, int status, int mother1, int mother2, int color1, int color2,
                              double px, double py, double pz, double e, double m) {
        return particle(pdg, status, mother1, mother2, color1, color2, px, py, pz, e, m, 0, 9);
    }

    public LheWriter particle(int pdg, int status, int mother1, int mother2, int color1, int color2,
                              double px, double py, double pz, double e, double m, double lifetime, double spin) {
        line.setLength(0);
        line.append(String.format(Locale.ROOT, "%9d %2d %4d %4d %4d %4d", pdg, status, mother1, mother2, color1, color2));
        for (double v : new double[]{px, py, pz, e, m, lifetime, spin}) line.append(' ').append(num(v));
        particles.append(line).append('\n');
        nup++;
        return this;
    }

    /** A {@code #} comment line after the particles (as generators write them). */
    public LheWriter comment(String text) {
        comments.add(text.startsWith("#") ? text : "# " + text);
        return this;
    }

    public LheWriter namedWeight(String id, double value) {
        if (!weights.containsKey(id)) weights.put(id, new String[]{"", ""});
        eventWeights.put(id, value);
        return this;
    }

    public LheWriter endEvent() {
        if (info == null) throw new IllegalStateException("event(...) was not called");
        try {
            if (!initWritten) writeInit();
            StringBuilder s = new StringBuilder(particles.length() + 256);
            s.append("<event>\n");
            s.append(String.format(Locale.ROOT, "%3d %4d", nup, (int) info[0]));
            for (int k = 1; k < 5; k++) s.append(' ').append(num(info[k]));
            s.append('\n').append(particles);
            for (String c : comments) s.append(c).append('\n');
            if (!eventWeights.isEmpty()) {
                s.append("<rwgt>\n");
                for (Map.Entry<String, Double> w : eventWeights.entrySet()) {
                    s.append("<wgt id='").append(HtmlRenderable.escape(w.getKey())).append("'> ").append(num(w.getValue())).append(" </wgt>\n");
                }
                s.append("</rwgt>\n");
            }
            s.append("</event>\n");
            out.write(s.toString());
        } catch (IOException e) {
            throw new HepmlException("Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
        info = null;
        return this;
    }

    /** Writes every event of {@code events} (particles and weights), with their run information. */
    public static void write(Path file, LoadedEvents events) {
        RunInfo run = events.runInfo();
        try (LheWriter w = create(file)) {
            if (run.beams().size() == 2) {
                RunInfo.Beam a = run.beams().get(0), b = run.beams().get(1);
                w.beams(a.pdg(), b.pdg(), a.energy(), b.energy()).pdf(a.pdfGroup(), a.pdfSet(), b.pdfGroup(), b.pdfSet());
            }
            if (run.weightingStrategy() != 0) w.weightingStrategy(run.weightingStrategy());
            for (RunInfo.Process p : run.processes()) w.process(p.id(), p.crossSection(), p.crossSectionError(), p.maxWeight());
            for (RunInfo.Generator g : run.generators()) w.generator(g.name(), g.version());
            for (RunInfo.WeightInfo wi : run.weights().values()) w.weight(wi.id(), wi.description(), wi.group());
            var d = events.events();
            ParticleArrays p = events.particles();
            double[] weight = d.column("weight");
            double[] proc = column(d, "process_id"), scale = column(d, "scale"), aqed = column(d, "alpha_qed"), as = column(d, "alpha_s");
            Map<String, double[]> named = new LinkedHashMap<>();
            for (String c : d.columnNames()) if (c.startsWith("weight.")) named.put(c.substring(7), d.column(c));
            for (int i = 0; i < p.events(); i++) {
                w.event((int) proc[i], weight[i], scale[i], aqed[i], as[i]);
                for (int k = p.first(i); k < p.end(i); k++) {
                    w.particle(p.pdg()[k], p.status()[k], p.mother1()[k], p.mother2()[k], p.color1()[k], p.color2()[k],
                            p.px()[k], p.py()[k], p.pz()[k], p.e()[k], p.m()[k],
                            Double.isNaN(p.lifetime()[k]) ? 0 : p.lifetime()[k], Double.isNaN(p.spin()[k]) ? 9 : p.spin()[k]);
                }
                for (Map.Entry<String, double[]> nw : named.entrySet()) {
                    if (!Double.isNaN(nw.getValue()[i])) w.namedWeight(nw.getKey(), nw.getValue()[i]);
                }
                w.endEvent();
            }
        }
    }

    private static double[] column(Dataset d, String c) {
        return d.has(c) ? d.column(c) : new double[d.size()];
    }

    private void writeInit() throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("<LesHouchesEvents version=\"3.0\">\n<header>\n");
        for (String g : generators) s.append(g).append('\n');
        if (!headerComments.isEmpty()) {
            s.append("<hepml>\n");
            for (String c : headerComments) s.append(HtmlRenderable.escape(c)).append('\n');
            s.append("</hepml>\n");
        }
        if (!weights.isEmpty()) {
            s.append("<initrwgt>\n");
            Map<String, List<String>> byGroup = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> w : weights.entrySet()) byGroup.computeIfAbsent(w.getValue()[1], k -> new ArrayList<>()).add(w.getKey());
            for (Map.Entry<String, List<String>> g : byGroup.entrySet()) {
                boolean grouped = !g.getKey().isEmpty();
                if (grouped) s.append("<weightgroup name='").append(HtmlRenderable.escape(g.getKey())).append("'>\n");
                for (String id : g.getValue()) {
                    s.append("<weight id='").append(HtmlRenderable.escape(id)).append("'>").append(HtmlRenderable.escape(weights.get(id)[0])).append("</weight>\n");
                }
                if (grouped) s.append("</weightgroup>\n");
            }
            s.append("</initrwgt>\n");
        }
        s.append("</header>\n<init>\n");
        s.append(beamId[0]).append(' ').append(beamId[1]).append(' ').append(num(beamEnergy[0])).append(' ').append(num(beamEnergy[1]))
                .append(' ').append(pdfGroup[0]).append(' ').append(pdfGroup[1]).append(' ').append(pdfSet[0]).append(' ').append(pdfSet[1])
                .append(' ').append(idwtup).append(' ').append(processes.size()).append('\n');
        for (double[] p : processes) {
            s.append(num(p[0])).append(' ').append(num(p[1])).append(' ').append(num(p[2])).append(' ').append((int) p[3]).append('\n');
        }
        s.append("</init>\n");
        out.write(s.toString());
        initWritten = true;
    }

    private String num(double v) {
        if (digits > 0 && Double.isFinite(v)) return String.format(Locale.ROOT, "%." + (digits - 1) + "E", v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && (v != 0 || 1 / v > 0)) return Long.toString((long) v) + ".";
        return Double.toString(v);
    }

    @Override
    public void close() {
        try {
            if (info != null) throw new IllegalStateException("the last event was not finished with endEvent()");
            if (!initWritten) writeInit();
            out.write("</LesHouchesEvents>\n");
            out.close();
        } catch (IOException e) {
            throw new HepmlException("Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }
}
