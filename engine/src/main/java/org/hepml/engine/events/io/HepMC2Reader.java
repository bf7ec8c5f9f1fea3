package org.hepml.engine.events.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads HepMC2 {@code IO_GenEvent} text (Dobbs and Hansen, Comput. Phys. Commun. 134 (2001) 41): events of
 * {@code E}, {@code N} (weight names), {@code U} (units), {@code C} (cross section), {@code H} (heavy ion,
 * ignored), {@code F} (PDF info, ignored), {@code V} and {@code P} lines. A particle's mothers are the particles
 * whose end vertex is its production vertex (first and last of them, 1-based within the event). The number
 * of P lines after each V must match the V line's orphan + outgoing counts. Weight names (quoted on the N line)
 * are kept exactly ({@link RunInfo.WeightInfo#original()}); the column is {@code weight.<name>} without leading and
 * trailing whitespace.
 */
final class HepMC2Reader extends HepMCTextReader {
    private static final String E_LAYOUT = "E event_number n_mpi scale alpha_qcd alpha_qed signal_process_id signal_vertex n_vertices beam1 beam2 n_random [random...] n_weights [weights...]";
    private static final String TAGS = "E, N, U, C, H, F, V or P";
    /** The columns of the current N line's weight names, in order. */
    private final List<String> weightColumns = new ArrayList<>();
    private int[] productionVertex = new int[64], endVertex = new int[64];
    private int particles, vertexParticlesLeft, orphansLeft, currentVertex;
    private long vertexLine;
    private double unit = 1;
    private double[] eventWeights = new double[0];

    HepMC2Reader(Path file, EventSink sink) {
        super(file, sink, EventFormat.HEPMC2, "IO_GenEvent", "HepMC2", "Asciiv3", "HepMC3");
    }

    @Override
    boolean dataLine(LineReader r, HepMCFields f) {
        checkTag(r, f, TAGS);
        char tag = (char) (r.line[0] & 0xff);
        switch (tag) {
            case 'E' -> {
                if (!nextEvent(f)) return false;
                startEvent(r, f);
            }
            case 'N' -> {
                requireEvent(f, "N");
                weightColumns.clear();
                for (int k = 2; k < r.fields; k++) weightColumns.add(run.weight(r.field(k), f::fail).column());
            }
            case 'U' -> {
                requireEvent(f, "U");
                unit = momentumUnit(r, f);
            }
            case 'C' -> {
                requireEvent(f, "C");
                f.need(3, "C cross_section error");
                xsec = f.number(1, "cross section");
                xsecErr = f.number(2, "cross section error");
            }
            case 'H', 'F' -> requireEvent(f, String.valueOf(tag));
            case 'V' -> {
                requireEvent(f, "V");
                closeVertex(f);
                f.need(10, "V barcode id x y z ctau n_orphan_in n_out n_weights [weights...]");
                currentVertex = f.integer(1, "vertex barcode");
                orphansLeft = f.integer(7, "number of orphan incoming particles");
                int out = f.integer(8, "number of outgoing particles");
                if (orphansLeft < 0 || out < 0) throw f.fail("negative particle counts on the V line");
                vertexParticlesLeft = orphansLeft + out;
                vertexLine = r.number;
            }
            case 'P' -> {
                requireEvent(f, "P");
                if (vertexParticlesLeft == 0) throw f.fail("a P line beyond the particles the V line announces (n_orphan_in + n_out)");
                f.need(13, "P barcode pdg px py pz e m status theta phi end_vertex flow_size [flows...]");
                if (particles == productionVertex.length) {
                    productionVertex = Arrays.copyOf(productionVertex, particles * 2);
                    endVertex = Arrays.copyOf(endVertex, particles * 2);
                }
                productionVertex[particles] = orphansLeft > 0 ? 0 : currentVertex;
                endVertex[particles] = f.integer(11, "end vertex barcode");
                particles++;
                if (orphansLeft > 0) orphansLeft--;
                vertexParticlesLeft--;
                sink.particles.addParticle(f.integer(2, "PDG id"), f.integer(8, "status"), 0, 0, 0, 0,
                        unit * f.number(3, "px"), unit * f.number(4, "py"), unit * f.number(5, "pz"),
                        unit * f.number(6, "e"), unit * f.number(7, "m"), Double.NaN, Double.NaN);
            }
            default -> throw f.fail("unknown line type '" + tag + "'; expected " + TAGS);
        }
        return true;
    }

    private void startEvent(LineReader r, HepMCFields f) {
        f.need(13, E_LAYOUT);
        f.integer(1, "event number");
        double sc = f.number(3, "scale"), as = f.number(4, "alpha_qcd"), aq = f.number(5, "alpha_qed");
        int proc = f.integer(6, "signal_process_id");
        int nRandom = f.integer(11, "n_random");
        if (nRandom < 0 || 12 + nRandom >= r.fields) throw f.fail("expected " + E_LAYOUT + "; n_random = " + nRandom + " does not fit the line");
        int wAt = 12 + nRandom;
        int nWeights = f.integer(wAt, "n_weights");
        if (nWeights < 0 || wAt + 1 + nWeights > r.fields) throw f.fail("n_weights = " + nWeights + " but the E line has " + (r.fields - wAt - 1) + " weights");
        eventWeights = new double[nWeights];
        for (int k = 0; k < nWeights; k++) eventWeights[k] = f.number(wAt + 1 + k, "weight " + (k + 1));
        sink.columns.set(scale, sc);
        sink.columns.set(alphaS, as);
        sink.columns.set(alphaQed, aq);
        sink.columns.set(processId, proc);
        inEvent = true;
        particles = 0;
        vertexParticlesLeft = 0;
        orphansLeft = 0;
        unit = 1;
    }

    private void closeVertex(HepMCFields f) {
        if (vertexParticlesLeft > 0) {
            throw f.failAt(vertexLine, "the V line announces " + vertexParticlesLeft + " more P lines than follow it (n_orphan_in + n_out disagrees with the particles)");
        }
    }

    @Override
    void finishEvent(HepMCFields f) {
        closeVertex(f);
        if (eventWeights.length > 0) sink.columns.set(weight, eventWeights[0]);
        if (eventWeights.length > 1 || !weightColumns.isEmpty()) {
            for (int k = 0; k < eventWeights.length; k++) {
                String column = k < weightColumns.size() ? weightColumns.get(k) : run.weight("w" + k, f::fail).column();
                sink.columns.set(column, eventWeights[k]);
            }
        }
        // mothers of a particle = the particles ending in its production vertex: one pass to index them
        Map<Integer, int[]> incoming = new HashMap<>();
        for (int j = 0; j < particles; j++) {
            if (endVertex[j] == 0) continue;
            int[] fl = incoming.get(endVertex[j]);
            if (fl == null) incoming.put(endVertex[j], new int[]{j + 1, 0});
            else fl[1] = j + 1;
        }
        int base = sink.particles.size() - particles;
        for (int i = 0; i < particles; i++) {
            int[] fl = productionVertex[i] == 0 ? null : incoming.get(productionVertex[i]);
            if (fl != null) sink.particles.setMothers(base + i, fl[0], fl[1]);
        }
        sink.endEvent();
        inEvent = false;
        f.event = 0;
    }
}
