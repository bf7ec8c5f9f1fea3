package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.Version;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes HepMC3 {@code Asciiv3} text from loaded events (gzip when the name ends in {@code .gz}), in GeV and
 * mm, with the run's weight names on the run-info {@code W} line. Mothers become vertices: a particle with
 * one mother points at it directly (HepMC3's positive parent id); one with two mothers {@code a, b} gets a
 * vertex {@code [a,b]}, so {@link HepMC3Reader} reads back the same first and last mother. Numbers are
 * written in shortest round-trip form.
 */
public final class HepMC3Writer {
    private HepMC3Writer() {
    }

    public static void write(Path file, LoadedEvents events) {
        Dataset d = events.events();
        ParticleArrays p = events.particles();
        List<String> names = new ArrayList<>();
        for (String c : d.columnNames()) if (c.startsWith("weight.")) names.add(c.substring(7));
        List<double[]> weightColumns = new ArrayList<>();
        for (String n : names) weightColumns.add(d.column("weight." + n));
        double[] weight = d.weights();
        double[] proc = d.has("process_id") ? d.column("process_id") : null;
        double[] scale = d.has("scale") ? d.column("scale") : null;
        double[] as = d.has("alpha_s") ? d.column("alpha_s") : null;
        try {
            OutputStream os = Files.newOutputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) os = new GZIPOutputStream(os, 1 << 16);
            try (Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.US_ASCII), 1 << 16)) {
                w.write("HepMC::Version 3.02.06\nHepMC::Asciiv3-START_EVENT_LISTING\n");
                w.write("W" + (names.isEmpty() ? " nominal" : " nominal " + String.join(" ", names)) + "\n");
                w.write("T hepml\\|" + Version.get() + "\\|written by hepml HepMC3Writer\n");
                StringBuilder s = new StringBuilder(4096);
                for (int i = 0; i < p.events(); i++) {
                    s.setLength(0);
                    int first = p.first(i), n = p.count(i);
                    int vertices = 0;
                    StringBuilder body = new StringBuilder(n * 100);
                    for (int k = 0; k < n; k++) {
                        int g = first + k;
                        int mo1 = p.mother1()[g], mo2 = p.mother2()[g];
                        int parent = 0;
                        if (mo1 > 0 && mo2 > 0 && mo2 != mo1) {
                            parent = -(++vertices);
                            body.append("V ").append(parent).append(" 0 [").append(mo1).append(',').append(mo2).append("]\n");
                        } else if (mo1 > 0) {
                            parent = mo1;
                        }
                        body.append("P ").append(k + 1).append(' ').append(parent).append(' ').append(p.pdg()[g])
                                .append(' ').append(num(p.px()[g])).append(' ').append(num(p.py()[g])).append(' ').append(num(p.pz()[g]))
                                .append(' ').append(num(p.e()[g])).append(' ').append(num(p.m()[g])).append(' ').append(p.status()[g]).append('\n');
                    }
                    s.append("E ").append(i).append(' ').append(vertices).append(' ').append(n).append('\n');
                    s.append("U GEV MM\n");
                    s.append("W ").append(num(weight[i]));
                    for (double[] c : weightColumns) s.append(' ').append(num(c[i]));
                    s.append('\n');
                    if (proc != null) s.append("A 0 signal_process_id ").append((int) proc[i]).append('\n');
                    if (scale != null) s.append("A 0 event_scale ").append(num(scale[i])).append('\n');
                    if (as != null) s.append("A 0 alphaQCD ").append(num(as[i])).append('\n');
                    s.append(body);
                    w.write(s.toString());
                }
                w.write("HepMC::Asciiv3-END_EVENT_LISTING\n");
            }
        } catch (IOException e) {
            throw new HepmlException("Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
