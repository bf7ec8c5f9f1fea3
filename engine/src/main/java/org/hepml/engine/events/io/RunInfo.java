package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a file says about the whole run: the LHE {@code <init>} block (beams, PDFs, weighting strategy,
 * per-process cross sections), the generators, and the named weights with their descriptions. For HepMC the
 * beams are unknown (null), the cross section is the last event's running estimate and the generators come
 * from the {@code T} lines.
 *
 * @param beams             the two beams, or an empty list when the format does not say
 * @param weightingStrategy LHE IDWTUP (±1..±4), 0 when unknown
 * @param weights           named alternative weights by id, in file order; their column is {@code weight.<id>}, where the
 *                          id is the name in the file without leading and trailing whitespace
 *                          ({@link WeightInfo#original()} keeps the name exactly)
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

    /**
     * A named weight: its id, what the generator says it is, its group (MadGraph's {@code weightgroup}), and its name
     * exactly as the file writes it ({@code <weight id=" a ">}, a HepMC weight name, an LHEH5 weight name). The id, and
     * so the column {@code weight.<id>}, is that name without leading and trailing whitespace.
     */
    public record WeightInfo(String id, String description, String group, String original) {
        /** A weight whose name in the file is its id. */
        public WeightInfo(String id, String description, String group) {
            this(id, description, group, id);
        }

        /** The dataset column holding this weight. */
        public String column() {
            return "weight." + id;
        }

        /** The id (and column suffix) of a weight named {@code original} in a file: the name without leading and trailing whitespace. */
        public static String idOf(String original) {
            return original.trim();
        }
    }

    /**
     * Dataset metadata {@code weight_name.<column>} = the weight's name exactly as in the file, for each weight whose name
     * differs from its id (leading or trailing whitespace, which the column name drops). A column without such an entry
     * holds the weight whose name is exactly its id.
     */
    public Map<String, String> originalWeightNames() {
        Map<String, String> m = new LinkedHashMap<>();
        for (WeightInfo w : weights.values()) if (!w.original().equals(w.id())) m.put("weight_name." + w.column(), w.original());
        return m;
    }

    /** A weight name as the user needs to see it: quoted, blanks visible, control characters escaped. */
    static String quoted(String name) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\t' -> s.append("\\t");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '"' -> s.append("\\\"");
                default -> s.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return s.append('"').toString();
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

        /**
         * The weight a file names {@code original} (exactly, whitespace included), registered on first sight; a description
         * or group given fills one still empty. Two different names with the same id would share a column and mix two
         * weights, so that is an error, made by {@code error} from the problem text (the reader adds where).
         */
        WeightInfo weight(String original, String description, String group, Function<String, HepmlException> error) {
            String id = WeightInfo.idOf(original);
            WeightInfo w = weights.get(id);
            if (w != null && !w.original().equals(original)) {
                throw error.apply("the weight names " + quoted(w.original()) + " and " + quoted(original) + " differ only in leading or"
                        + " trailing whitespace, so both would be the column " + w.column() + "; hepml keeps weight names exactly and"
                        + " does not merge two of them: rename one in the file");
            }
            if (w == null || (w.description().isEmpty() && !description.isEmpty()) || (w.group().isEmpty() && !group.isEmpty())) {
                w = new WeightInfo(id, w == null || w.description().isEmpty() ? description : w.description(),
                        w == null || w.group().isEmpty() ? group : w.group(), original);
                weights.put(id, w);
            }
            return w;
        }

        WeightInfo weight(String original, Function<String, HepmlException> error) {
            return weight(original, "", "", error);
        }

        RunInfo build() {
            return new RunInfo(format, version, List.copyOf(beams), weightingStrategy, List.copyOf(processes),
                    List.copyOf(generators), Collections.unmodifiableMap(new LinkedHashMap<>(weights)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(attributes)));
        }
    }
}
