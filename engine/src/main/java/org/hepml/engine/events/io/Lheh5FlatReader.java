package org.hepml.engine.events.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import org.hepml.engine.HepmlException;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LHEH5 2.0 layout: Les Houches events in flat HDF5 tables, as Sherpa's HDF5 event output writes them (version
 * 2.0.1, {@code AddOns/HDF5/Output_HDF5.C}), Pythia 8's {@code LHAupH5v2} ({@code LHAHDF5v2.h}, {@code LHEH5v2.h}) and
 * Sherpa's HDF5 reader read them, and pylhe writes them (version 2.0.0); Bothmann et al., arXiv:2309.13154. The root
 * holds 2-D datasets of numbers, each with its column names in a string attribute ({@code properties}, or one named
 * as the dataset, as Sherpa names that of {@code events}):
 * <ul>
 * <li>{@code events} [events, 9 + weights]: {@code pid nparticles start trials scale fscale rscale aqed aqcd}, then one
 *     column per weight ({@code NOMINAL} first in Sherpa's files); {@code start} is the row of the event's first particle;
 * <li>{@code particles} [particles, 13]: {@code id status mother1 mother2 color1 color2 px py pz e m lifetime spin};
 * <li>{@code init} [10]: {@code beamA beamB energyA energyB PDFgroupA PDFgroupB PDFsetA PDFsetB weightingStrategy
 *     numProcesses};
 * <li>{@code procInfo} [processes, 6]: {@code procId npLO npNLO xSection error unitWeight} (pb);
 * <li>{@code version} [3], e.g. 2, 0, 1;
 * <li>{@code ctevents} and {@code ctparticles}, NLO files only: the subtraction terms' emitter, spectator and momenta.
 * </ul>
 * Columns are found by name where the file names them, else in the order above, as Pythia's reader takes them (the
 * first nine columns of {@code events} are the event, every further one a weight). The result is what the grouped
 * layout gives ({@link Lheh5Reader}): the columns {@code weight}, {@code weight.<name>}, {@code process_id} (the
 * {@code pid} column, 1-based in {@code procInfo} order as Sherpa writes it), {@code scale}, {@code alpha_qed},
 * {@code alpha_s}, {@code n_particles}, {@code trials}, {@code mu_r} ({@code rscale}) and {@code mu_f} ({@code fscale});
 * the particles; the run. Sherpa pads each event's particle rows with rows of id 0 up to the largest multiplicity, and
 * when it unweights it closes a run with an event of weight 0 that only carries the trials since the last event: its
 * particle rows are all padding, so it loads as an event of weight 0 without particles and the sum of trials is kept.
 *
 * <p>In version 2.0.0 Sherpa wrote {@code unitWeight} in GeV^-2, and Sherpa's and Pythia's readers multiply it by
 * 3.89379656e8 pb GeV^2 for that version only; so does hepml, so a process's maximum weight is in pb for every version
 * (pylhe writes 2.0.0 with {@code unitWeight} in pb already, which the generators' readers scale too). Not read: the
 * NLO subtraction terms {@code ctevents} and {@code ctparticles} (the metadata entry {@code not_read} names them).
 */
final class Lheh5FlatReader implements Lheh5Layout {
    static final String LAYOUT = "an LHEH5 2.0 file has at its root the 2-D datasets events (one row per event) and particles (one row"
            + " per particle), each naming its columns in a 'properties' attribute, with init, procInfo and version";
    static final String[] EVENT_FIELDS = {"pid", "nparticles", "start", "trials", "scale", "fscale", "rscale", "aqed", "aqcd"};
    static final String[] PARTICLE_COLUMNS = {"id", "status", "mother1", "mother2", "color1", "color2", "px", "py", "pz", "e", "m", "lifetime", "spin"};
    static final String[] INIT_COLUMNS = {"beamA", "beamB", "energyA", "energyB", "PDFgroupA", "PDFgroupB", "PDFsetA", "PDFsetB",
            "weightingStrategy", "numProcesses"};
    static final String[] PROCINFO_COLUMNS = {"procId", "npLO", "npNLO", "xSection", "error", "unitWeight"};
    /** pb GeV^2: the unit weight of version 2.0.0 is in GeV^-2. */
    static final double PICOBARN = 3.89379656e8;

    private final Path file;
    private final Map<String, Node> root;
    private final Table events, particles;
    private final int[] event = new int[EVENT_FIELDS.length];      // column of each event field, -1 where absent
    private final int[] weightColumns;
    private final List<String> weightNames = new ArrayList<>();
    private final int[] particle = new int[Lheh5Reader.PARTICLE_FIELDS.length];
    private final RunInfo.Builder run = new RunInfo.Builder(EventFormat.LHEH5);

    /** Whether a root holds the LHEH5 2.0 layout: the 2-D datasets events and particles and the dataset init. */
    static boolean isFlat(Map<String, Node> root) {
        return root.get("events") instanceof Dataset e && e.getDimensions().length == 2
                && root.get("particles") instanceof Dataset p && p.getDimensions().length == 2 && root.get("init") instanceof Dataset;
    }

    Lheh5FlatReader(Path file, HdfFile h5) {
        this.file = file;
        this.root = h5.getChildren();
        events = new Table("events", "event", "one row per event: pid, nparticles, start, trials, scale, fscale, rscale, aqed, aqcd, then the weights",
                EVENT_FIELDS.length + 1);
        particles = new Table("particles", "particle", "one row per particle: id, status, mother1, mother2, color1, color2, px, py, pz, e, m,"
                + " lifetime, spin", 11);

        String[] eventNames = events.names(EVENT_FIELDS);
        List<Integer> weights = new ArrayList<>();
        for (int k = 0; k < EVENT_FIELDS.length; k++) event[k] = events.column(EVENT_FIELDS[k]);
        for (int c = 0; c < events.columns; c++) if (events.named ? !List.of(EVENT_FIELDS).contains(eventNames[c]) : c >= EVENT_FIELDS.length) weights.add(c);
        events.required("start", "the row of the event's first particle");
        events.required("nparticles", "the number of particles of the event");
        if (weights.isEmpty()) {
            throw new HepmlException(file + ": '/events' has no weight column: its columns are " + String.join(", ", eventNames)
                    + "; expected one column per weight after " + String.join(", ", EVENT_FIELDS) + ".");
        }
        weightColumns = weights.stream().mapToInt(Integer::intValue).toArray();
        if (events.named) {
            for (int c : weightColumns) weightNames.add(eventNames[c]);
        } else if (weightColumns.length > 1) {
            for (int k = 0; k < weightColumns.length; k++) weightNames.add("w" + (k + 1));
        }

        particles.names(PARTICLE_COLUMNS);
        for (int k = 0; k < particle.length; k++) {
            String field = Lheh5Reader.PARTICLE_FIELDS[k];
            particle[k] = k < Lheh5Reader.REQUIRED_PARTICLE_FIELDS
                    ? particles.required(field, "the particle's " + Lheh5Reader.PARTICLE_MEANING[k]) : particles.column(field);
        }
        runInfo();
    }

    /** A 2-D dataset of numbers at the root, one row per {@code item}, with its column names. */
    private final class Table {
        final String path, item;
        final Dataset d;
        final long rows;
        final int columns;
        final int minColumns;
        final Map<String, Integer> index = new HashMap<>();
        boolean named;
        String attribute;

        /** @param holds what the dataset holds, for the error when it is missing; {@code minColumns} without column names */
        Table(String name, String item, String holds, int minColumns) {
            this.path = "/" + name;
            this.item = item;
            Node n = root.get(name);
            if (n == null) {
                throw new HepmlException(file + ": no dataset '" + path + "' (" + holds + "); " + LAYOUT + ".");
            }
            if (!(n instanceof Dataset ds) || ds.isCompound() || ds.isVariableLength() || !Lheh5Reader.isNumeric(ds)) {
                throw new HepmlException(file + ": '" + path + "' is not a dataset of numbers; " + LAYOUT + ".");
            }
            d = ds;
            int[] dims = d.getDimensions();
            if (d.isScalar() || dims.length != 2) {
                throw new HepmlException(file + ": dataset '" + path + "' has the shape " + Lheh5Reader.shape(d) + "; expected ["
                        + item + "s, columns], one row per " + item + " (" + holds.substring(holds.indexOf(':') + 2) + ").");
            }
            rows = dims[0];
            columns = dims[1];
            this.minColumns = minColumns;
        }

        /**
         * The column names: a string attribute {@code properties}, or one named as the dataset; without either, {@code order}
         * (the layout's), which needs at least {@code minColumns} columns.
         */
        String[] names(String[] order) {
            String own = path.substring(1);
            for (String a : new String[]{"properties", own}) {
                Attribute at = d.getAttribute(a);
                if (at == null) continue;
                Object v = at.getData();
                if (v instanceof String one) v = new String[]{one};
                if (!(v instanceof String[] s)) {
                    throw new HepmlException(file + ": the attribute '" + a + "' of '" + path + "' is not a list of names; expected the"
                            + " names of the " + columns + " columns.");
                }
                if (s.length != columns) {
                    throw new HepmlException(file + ": the attribute '" + a + "' of '" + path + "' names " + s.length + " columns but the"
                            + " dataset has " + columns + " (shape " + Lheh5Reader.shape(d) + "); expected one name per column.");
                }
                for (int c = 0; c < s.length; c++) {
                    Integer before = index.put(s[c], c);
                    if (before != null) {
                        throw new HepmlException(file + ": the attribute '" + a + "' of '" + path + "' names the columns " + (before + 1)
                                + " and " + (c + 1) + " both \"" + s[c] + "\"; expected each name once.");
                    }
                }
                named = true;
                attribute = a;
                return s;
            }
            if (columns < minColumns) {
                throw new HepmlException(file + ": dataset '" + path + "' has the shape " + Lheh5Reader.shape(d) + " and no column names"
                        + " (an attribute 'properties'); expected at least " + minColumns + " columns in the order " + String.join(", ", order) + ".");
            }
            String[] s = new String[columns];
            for (int c = 0; c < columns; c++) {
                s[c] = c < order.length ? order[c] : "";
                if (c < order.length) index.put(order[c], c);
            }
            return s;
        }

        /** The column of a field; -1 where the dataset lacks it. */
        int column(String name) {
            return index.getOrDefault(name, -1);
        }

        int required(String name, String meaning) {
            int c = column(name);
            if (c < 0) {
                List<String> names = index.keySet().stream().sorted((x, y) -> index.get(x) - index.get(y)).toList();
                throw new HepmlException(file + ": '" + path + "' has no column '" + name + "' (" + meaning + ", one row per " + item + "); "
                        + (named ? "its attribute '" + attribute + "' names " : "its columns are ") + String.join(", ", names) + ".");
            }
            return c;
        }

        /** Rows [from, from+n) as numbers, [n][columns]. */
        double[][] rows(long from, int n) {
            double[][] out = new double[n][];
            if (n == 0) return out;
            Object data = d.getData(new long[]{from, 0}, new int[]{n, columns});
            for (int i = 0; i < n; i++) out[i] = Lheh5Reader.toDoubles(Array.get(data, i));
            return out;
        }
    }

    /** Beams, PDFs and weighting strategy from {@code init}; processes from {@code procInfo}; the version. */
    private void runInfo() {
        Node n = root.get("init");
        String holds = "one value each: " + String.join(", ", INIT_COLUMNS);
        if (n == null) throw new HepmlException(file + ": no dataset '/init' (" + holds + "); " + LAYOUT + ".");
        if (!(n instanceof Dataset init) || init.isCompound() || init.isVariableLength() || !Lheh5Reader.isNumeric(init)
                || init.isScalar() || init.getDimensions().length > 2 || init.getDimensions().length == 2 && init.getDimensions()[0] != 1) {
            throw new HepmlException(file + ": '/init' is " + (n instanceof Dataset d ? "a dataset of the shape " + Lheh5Reader.shape(d) : "not a dataset")
                    + "; expected one row of numbers (" + holds + ").");
        }
        InitValues value = new InitValues(Lheh5Reader.toDoubles(init.getDimensions().length == 2 ? Array.get(init.getData(), 0) : init.getData()),
                names(init, (int) init.getSize()), holds);
        run.beams.add(new RunInfo.Beam((int) value.get("beamA", null), value.get("energyA", null),
                (int) value.get("PDFgroupA", -1.0), (int) value.get("PDFsetA", -1.0)));
        run.beams.add(new RunInfo.Beam((int) value.get("beamB", null), value.get("energyB", null),
                (int) value.get("PDFgroupB", -1.0), (int) value.get("PDFsetB", -1.0)));
        run.weightingStrategy = (int) value.get("weightingStrategy", 0.0);

        if (root.get("version") instanceof Dataset v && Lheh5Reader.isNumeric(v) && !v.isScalar() && v.getSize() == 3) {
            double[] xyz = Lheh5Reader.toDoubles(v.getDataFlat());
            run.version = (long) xyz[0] + "." + (long) xyz[1] + "." + (long) xyz[2];
        }

        Table procInfo = new Table("procInfo", "process", "one row per process: " + String.join(", ", PROCINFO_COLUMNS), PROCINFO_COLUMNS.length);
        procInfo.names(PROCINFO_COLUMNS);
        int id = procInfo.required("procId", "the process id (LPRUP)"), xs = procInfo.required("xSection", "the cross section in pb (XSECUP)");
        int err = procInfo.required("error", "the cross-section error in pb (XERRUP)"), max = procInfo.column("unitWeight");
        long processes = procInfo.rows;
        double numProcesses = value.get("numProcesses", (double) processes);
        if (numProcesses != processes) {
            throw new HepmlException(file + ": '/init' numProcesses = " + Lheh5Reader.g(numProcesses) + " but '/procInfo' has " + processes
                    + " rows; expected one procInfo row per process.");
        }
        double unit = run.version.equals("2.0.0") ? PICOBARN : 1;
        for (double[] row : procInfo.rows(0, (int) processes)) {
            run.processes.add(new RunInfo.Process(Lheh5Reader.integer(file, row[id], "'/procInfo' procId", -1), row[xs], row[err],
                    max < 0 ? Double.NaN : row[max] * unit));
        }
    }

    /** The values of init by name: from its column names where it has them, else in the layout's order. */
    private final class InitValues {
        final double[] values;
        final String[] declared;
        final String holds;
        final Map<String, Integer> index = new HashMap<>();

        InitValues(double[] values, String[] declared, String holds) {
            this.values = values;
            this.declared = declared;
            this.holds = holds;
            String[] order = declared != null ? declared : INIT_COLUMNS;
            for (int c = 0; c < Math.min(order.length, values.length); c++) index.putIfAbsent(order[c], c);
        }

        /** The value named {@code name}; {@code otherwise} where init lacks it, an error where that is null. */
        double get(String name, Double otherwise) {
            Integer c = index.get(name);
            if (c != null) return values[c];
            if (otherwise != null) return otherwise;
            throw new HepmlException(file + ": '/init' has no value '" + name + "' (" + holds + ")"
                    + (declared != null ? "; its names are " + String.join(", ", declared) : "; it has " + values.length + " values") + ".");
        }
    }

    /** One column of rows already read; null for -1 (a column the file lacks). */
    private static double[] column(double[][] rows, int c) {
        if (c < 0) return null;
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i][c];
        return out;
    }

    /** The names of a 1-D dataset's values from its attribute properties or one named as it; null without either. */
    private String[] names(Dataset d, int values) {
        String path = d.getPath();
        String own = d.getName();
        for (String a : new String[]{"properties", own}) {
            Attribute at = d.getAttribute(a);
            if (at == null) continue;
            Object v = at.getData();
            if (v instanceof String one) v = new String[]{one};
            if (!(v instanceof String[] s) || s.length != values) {
                throw new HepmlException(file + ": the attribute '" + a + "' of '" + path + "' names " + (v instanceof String[] s ? s.length : 0)
                        + " values but the dataset has " + values + " (shape " + Lheh5Reader.shape(d) + "); expected one name per value.");
            }
            return s;
        }
        return null;
    }

    @Override
    public Map<String, String> notes() {
        List<String> unread = new ArrayList<>();
        for (String name : new String[]{"ctevents", "ctparticles"}) if (root.containsKey(name)) unread.add(name);
        return unread.isEmpty() ? Map.of() : Map.of("not_read", String.join(", ", unread) + " (NLO subtraction terms)");
    }

    @Override
    public RunInfo.Builder run() {
        return run;
    }

    @Override
    public long events() {
        return events.rows;
    }

    @Override
    public long particleRows() {
        return particles.rows;
    }

    @Override
    public List<String> weightNames() {
        return weightNames;
    }

    @Override
    public String weightsAt() {
        return "'/events'";
    }

    @Override
    public boolean hasTrials() {
        return event[3] >= 0;
    }

    @Override
    public boolean hasRenormalisationScale() {
        return event[6] >= 0;
    }

    @Override
    public boolean hasFactorisationScale() {
        return event[5] >= 0;
    }

    @Override
    public Lheh5Layout.EventRows eventRows(long from, int n) {
        double[][] rows = events.rows(from, n);
        double[][] w = new double[weightColumns.length][];
        for (int k = 0; k < w.length; k++) w[k] = column(rows, weightColumns[k]);
        return new Lheh5Layout.EventRows(column(rows, event[2]), column(rows, event[1]), w, column(rows, event[0]),
                column(rows, event[4]), column(rows, event[7]), column(rows, event[8]), column(rows, event[3]),
                column(rows, event[6]), column(rows, event[5]));
    }

    @Override
    public double[][] particleRows(long from, int n) {
        double[][] rows = particles.rows(from, n);
        double[][] out = new double[particle.length][];
        for (int k = 0; k < particle.length; k++) out[k] = column(rows, particle[k]);
        return out;
    }

    @Override
    public String startAt() {
        return "'/events' start";
    }

    @Override
    public String countAt() {
        return "'/events' nparticles";
    }

    @Override
    public String outOfRange(long s, long c, long rows) {
        return "'/events' start = " + s + " and nparticles = " + c + " point to the particle rows " + s + ".." + (s + c - 1) + ", but"
                + " '/particles' has " + rows + " rows; expected 0 <= start and start + nparticles <= " + rows;
    }

    @Override
    public String particleAt(int field) {
        return "'/particles' column " + Lheh5Reader.PARTICLE_FIELDS[field];
    }

    @Override
    public String mothersAt(long row) {
        return "row " + row + " of '/particles', columns mother1 and mother2";
    }
}
