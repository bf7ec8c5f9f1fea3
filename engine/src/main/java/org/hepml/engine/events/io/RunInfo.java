package org.hepml.engine.events.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a file says about the whole run: the LHE {@code <init>} block (beams, PDFs, weighting strategy,
 * per-process cross sections), the generators, and the named weights with their descriptions. For HepMC the
 * beams are unknown (null), the cross section is the last event's running estimate and the generators come
 * from the {@code T} lines.
 *
 * @param beams             the two beams, or an empty list when the format does not say
 * @param weightingStrategy LHE IDWTUP (±1..±4), 0 when unknown
 * @param weights           named alternative weights by id, in file order; their column is {@code weight.<id>}
 * @param attributes        anything else worth keeping (HepMC run attributes, LHE header facts)
 */
public record RunInfo(EventFormat format, String formatVersion, List<Beam> beams, int weightingStrategy,
                      List<Process> processes, List<Generator> generators, Map<String, WeightInfo> weights,
                      Map<String, String> attributes) {

    /** One beam: PDG id, energy in GeV, PDF author group and set (LHAPDF style; -1 or 0 when none). */
    public record Beam(int pdg, double energy, int pdfGroup, int pdfSet) {
    }

    /** One process of the {@code <init>} block: id (LPRUP), cross section and its error in pb, maximum weight. */
    public record Process(int id, double crossSection, double crossSectionError, double maxWeight) {
    }

    public record Generator(String name, String version) {
    }

    /** A named weight: its id, what the generator says it is, and its group (MadGraph's {@code weightgroup}). */
    public record WeightInfo(String id, String description, String group) {
        /** The dataset column holding this weight. */
        public String column() {
            return "weight." + id;
        }
    }

    /** Sum of the process cross sections in pb (NaN if there are none). */
    public double totalCrossSection() {
        if (processes.isEmpty()) return Double.NaN;
        double s = 0;
        for (Process p : processes) s += p.crossSection();
        return s;
    }

    static final class Builder {
        EventFormat format;
        String version = "";
        final List<Beam> beams = new ArrayList<>();
        int weightingStrategy;
        final List<Process> processes = new ArrayList<>();
        final List<Generator> generators = new ArrayList<>();
        final Map<String, WeightInfo> weights = new LinkedHashMap<>();
        final Map<String, String> attributes = new LinkedHashMap<>();

        Builder(EventFormat format) {
            this.format = format;
        }

        RunInfo build() {
            return new RunInfo(format, version, List.copyOf(beams), weightingStrategy, List.copyOf(processes),
                    List.copyOf(generators), Collections.unmodifiableMap(new LinkedHashMap<>(weights)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(attributes)));
        }
    }
}
