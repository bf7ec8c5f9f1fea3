package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads HepMC3 {@code Asciiv3} text (Buckley et al., HepMC3, arXiv:1912.08005): run info ({@code W} weight
 * names, {@code T} tools, {@code A} attributes) then events of {@code E}, {@code U}, {@code W}, {@code A},
 * {@code V}, {@code P} lines. Momenta are converted to GeV if the file says MEV. Mothers are 1-based particle
 * indices within the event (first and last incoming particle of the production vertex). Event attributes
 * {@code signal_process_id}, {@code event_scale}, {@code alphaQCD}, {@code alphaQED} become columns;
 * {@code GenCrossSection} of the last event becomes the run's cross section; other attributes are ignored.
 * Weight names from the run's {@code W} line are kept exactly ({@link RunInfo.WeightInfo#original()}); the column is
 * {@code weight.<name>} without leading and trailing whitespace (a name can hold blanks only when quoted).
 */
final class HepMC3Reader extends HepMCTextReader {
    private static final String TAGS = "E, U, W, A, T, V or P";
    private final List<String> weightNames = new ArrayList<>();
    private final List<String> weightColumns = new ArrayList<>();
    private final Map<Integer, int[]> vertexIncoming = new HashMap<>();
    private int[] parent = new int[64];
    private int particles, expectedParticles;
    private long eventLine;
    private double unit = 1;

    HepMC3Reader(Path file, EventSink sink) {
        super(file, sink, EventFormat.HEPMC3, "Asciiv3", "HepMC3", "IO_GenEvent", "HepMC2");
    }

    @Override
    boolean dataLine(LineReader r, HepMCFields f) {
        checkTag(r, f, TAGS);
        char tag = (char) (r.line[0] & 0xff);
        switch (tag) {
            case 'E' -> {
                if (!nextEvent(f)) return false;
                f.need(4, "E event_number n_vertices n_particles");
                f.integer(1, "event number");
                f.integer(2, "number of vertices");
                expectedParticles = f.integer(3, "number of particles");
                if (expectedParticles < 0 || expectedParticles > 10_000_000) throw f.fail("number of particles " + expectedParticles + " is not sensible");
                eventLine = r.number;
                inEvent = true;
                particles = 0;
                unit = 1;
                vertexIncoming.clear();
            }
            case 'U' -> {
                unit = momentumUnit(r, f);
            }
            case 'W' -> {
                if (!inEvent) {
                    for (int k = 1; k < r.fields; k++) {
                        String name = r.field(k);
                        run.weight(name, f::fail);
                        weightNames.add(name);
                    }
                } else {
                    for (int k = 1; k < r.fields; k++) {
                        double w = f.number(k, "weight " + k);
                        if (k == 1) sink.columns.set(weight, w);
                        if (r.fields > 2 || !weightNames.isEmpty()) sink.columns.set(weightColumn(k - 1, f::fail), w);
                    }
                }
            }
            case 'T' -> {
                if (r.fields >= 2) {
                    String[] parts = r.restAfter(0).split("\\\\\\|", -1);
                    run.generators.add(new RunInfo.Generator(parts[0].trim(), parts.length > 1 ? parts[1].trim() : ""));
                }
            }
            case 'A' -> attribute(r, f);
            case 'V' -> {
                requireEvent(f, "V");
                f.need(3, "V vertex_id status [incoming,...]");
                int id = f.integer(1, "vertex id");
                vertexIncoming.put(id, incoming(r, f));
            }
            case 'P' -> {
                requireEvent(f, "P");
                f.need(10, "P id parent pdg px py pz e m status");
                int id = f.integer(1, "particle id");
                if (id != particles + 1) throw f.fail("particle id " + id + " out of order; expected " + (particles + 1));
                if (particles == parent.length) parent = Arrays.copyOf(parent, particles * 2);
                parent[particles++] = f.integer(2, "parent (vertex id if negative, particle id if positive)");
                sink.particles.addParticle(f.integer(3, "PDG id"), f.integer(9, "status"), 0, 0, 0, 0,
                        unit * f.number(4, "px"), unit * f.number(5, "py"), unit * f.number(6, "pz"),
                        unit * f.number(7, "e"), unit * f.number(8, "m"), Double.NaN, Double.NaN);
            }
            default -> throw f.fail("unknown line type '" + tag + "'; expected " + TAGS);
        }
        return true;
    }

    private String weightColumn(int k, Function<String, HepmlException> error) {
        while (weightColumns.size() <= k) {
            int i = weightColumns.size();
            String name = i < weightNames.size() ? weightNames.get(i) : "w" + i;
            weightColumns.add(run.weight(name, error).column());
        }
        return weightColumns.get(k);
    }

    private void attribute(LineReader r, HepMCFields f) {
        if (!inEvent) {
            if (r.fields >= 2) run.attributes.put(r.field(1), r.fields > 2 ? r.restAfter(1) : "");
            return;
        }
        f.need(3, "A object_id name value");
        String name = r.field(2);
        if (r.fields < 4) return;
        switch (name) {
            case "signal_process_id" -> sink.columns.set(processId, f.integer(3, name));
            case "event_scale" -> sink.columns.set(scale, f.number(3, name));
            case "alphaQCD" -> sink.columns.set(alphaS, f.number(3, name));
            case "alphaQED" -> sink.columns.set(alphaQed, f.number(3, name));
            case "GenCrossSection" -> {
                xsec = f.number(3, "cross section");
                if (r.fields > 4) xsecErr = f.number(4, "cross section error");
            }
            default -> { } // other attributes are kept by HepMC tools, not needed here
        }
    }

    /** The particle ids in the vertex's {@code [a,b,...]} list. */
    private static int[] incoming(LineReader r, HepMCFields f) {
        int i = 0;
        while (i < r.length && r.line[i] != '[') i++;
        if (i == r.length) throw f.fail("expected the incoming particle list [id,...] on the V line");
        int close = i;
        while (close < r.length && r.line[close] != ']') close++;
        if (close == r.length) throw f.fail("the incoming particle list on the V line has no closing ']'");
        List<Integer> ids = new ArrayList<>();
        int s = i + 1;
        for (int k = i + 1; k <= close; k++) {
            if (k == close || r.line[k] == ',') {
                int a = s, b = k;
                while (a < b && r.line[a] == ' ') a++;
                while (b > a && r.line[b - 1] == ' ') b--;
                if (b > a) {
                    try {
                        ids.add(NumberParser.parseInt(r.line, a, b));
                    } catch (NumberParser.BadNumber e) {
                        throw f.fail("expected particle ids in the V line's list, found '" + new String(r.line, a, b - a, java.nio.charset.StandardCharsets.ISO_8859_1) + "'");
                    }
                }
                s = k + 1;
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    void finishEvent(HepMCFields f) {
        if (particles != expectedParticles) {
            throw f.failAt(eventLine, "the E line announces " + expectedParticles + " particles but the event has " + particles + " P lines");
        }
        int base = sink.particles.size() - particles;
        for (int i = 0; i < particles; i++) {
            int p = parent[i];
            if (p > 0) {
                if (p > particles) throw f.failAt(eventLine, "particle " + (i + 1) + " names parent particle " + p + ", beyond the " + particles + " particles of the event");
                sink.particles.setMothers(base + i, p, 0);
            } else if (p < 0) {
                int[] in = vertexIncoming.get(p);
                if (in == null) throw f.failAt(eventLine, "particle " + (i + 1) + " comes from vertex " + p + ", which has no V line in this event");
                for (int m : in) if (m < 1 || m > particles) throw f.failAt(eventLine, "vertex " + p + " lists incoming particle " + m + ", which is not in the event");
                sink.particles.setMothers(base + i, in.length > 0 ? in[0] : 0, in.length > 1 ? in[in.length - 1] : 0);
            }
        }
        sink.endEvent();
        inEvent = false;
        f.event = 0;
    }

    @Override
    void completeRun() {
        for (int i = 0; i < weightNames.size(); i++) weightColumn(i, problem -> new HepmlException(file + ": " + problem + "."));
    }
}
