package org.hepml.engine.events.io;

import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.JaggedColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-event feature tables: HDF5 (via jhdf) and CSV/TSV (via Tablesaw). Column names that already carry a
 * role ({@code weight}, {@code weight.*}, {@code theta.*}, {@code x.*}, {@code r_xz}, {@code t_xz.*},
 * {@code y}) keep it; every other numeric column becomes an observable {@code x.<name>}.
 *
 * <p>HDF5 layouts read: a group of 1-D numeric datasets of equal length (one column each); a 2-D dataset
 * [events, features] whose column names come from an attribute {@code columns}, {@code column_names},
 * {@code names} or {@code feature_names} (else {@code <dataset>_<i>}); a 3-D dataset [events, constituents,
 * features] of per-jet constituents, summarised as {@code x.<dataset>_n} (constituents whose features are not
 * all zero — zero rows are padding) and {@code x.<dataset>_sum_<feature>}. Use
 * {@link EventFiles#hdf5Constituents(Path, String)} for the full, flattened array.
 */
final class FlatTables {
    private FlatTables() {
    }

    /** How to choose a table, in the words of each front end. */
    static final String CHOOSE_TABLE = "Choose the table with --group PATH (or --dataset PATH) in %events load and hepml describe,"
            + " or LoadOptions.group(PATH) in Java";
    /** At most this many datasets are listed in an error. */
    private static final int LISTED = 40;

    static LoadedEvents hdf5(Path file, String name, LoadOptions options) {
        Map<String, double[]> columns = new LinkedHashMap<>();
        Map<String, JaggedColumn> jagged = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        String problem = null;
        String contents = "";
        try (HdfFile h = new HdfFile(file)) {
            Node node = options.group().isEmpty() ? h : nodeAt(h, options.group());
            if (node instanceof Group g && !PandasFrames.isFrame(g) && options.group().isEmpty() && onlyFrame(g) != null) node = onlyFrame(g);
            if (node == null) problem = "there is no group or dataset '" + options.group() + "'";
            else if (PandasFrames.isFrame(node)) {
                PandasFrames.Frame frame = PandasFrames.read(file, (Group) node);
                Map<String, java.util.function.IntToDoubleFunction> views = new LinkedHashMap<>(frame.columns());
                jagged.putAll(PaddedParticles.fromIndexedColumns(file, node.getPath(), frame.rows(), views));
                for (String c : views.keySet()) columns.put(c, frame.values(c)); // the per-jet columns only: the particles are jagged now
                notes.put("pandas_frame", node.getPath());
                if (!jagged.isEmpty()) notes.put("padding", "rows of zeros");
            } else if (node instanceof Dataset d) addDataset(d, columns, jagged, notes, file, options);
            else if (node instanceof Group g) {
                List<Dataset> sets = new ArrayList<>();
                for (Node child : g.getChildren().values()) {
                    if (child instanceof Dataset d && !d.isScalar() && !d.isCompound() && !d.isVariableLength() && isNumeric(d)) sets.add(d);
                }
                // particle arrays first: the mask they use is not a table column
                sets.sort((a, b) -> Integer.compare(b.getDimensions().length == 3 ? 1 : 0, a.getDimensions().length == 3 ? 1 : 0));
                String first = null;
                int firstRows = -1;
                for (Dataset d : sets) {
                    Cancelled.check("Loading " + file.getFileName());
                    if (notes.containsValue(d.getPath())) continue;
                    int rows = d.getDimensions()[0];
                    if (first != null && rows != firstRows) {
                        problem = "dataset '" + d.getPath() + "' has " + rows(rows) + " but '" + first + "' has "
                                + rows(firstRows) + "; a table needs datasets of equal length";
                        break;
                    }
                    if (first == null) {
                        first = d.getPath();
                        firstRows = rows;
                    }
                    addDataset(d, columns, jagged, notes, file, options);
                }
            }
            if (problem != null || columns.isEmpty() && jagged.isEmpty()) contents = contents(h);
        } catch (HepmlException e) {
            throw e;
        } catch (RuntimeException e) {
            Cancelled.check("Loading " + file.getFileName()); // a kernel interrupt closes jHDF's file channel
            throw new HepmlException(file + ": cannot read the HDF5 " + (options.group().isEmpty() ? "file" : "path '" + options.group() + "'")
                    + ": " + e.getMessage() + ". Expected 1-D datasets of equal length, a 2-D [events, features] dataset, or a 3-D "
                    + "[events, constituents, features] dataset. " + CHOOSE_TABLE + ".", e);
        }
        if (problem == null && columns.isEmpty() && jagged.isEmpty()) {
            problem = "no numeric datasets " + (options.group().isEmpty() ? "in the root group" : "at '" + options.group() + "'");
        }
        if (problem != null) throw new HepmlException(file + ": " + problem + ". " + CHOOSE_TABLE + ". The file holds:" + contents);
        if (!options.features().isEmpty() && !notes.containsKey("mask")) {
            throw new HepmlException(file + ": --features names the features of a 3-D [jets, particles, features] dataset, and "
                    + (options.group().isEmpty() ? "the root group" : "'" + options.group() + "'") + " has none. " + CHOOSE_TABLE + ".");
        }
        if (!jagged.isEmpty()) {
            // the label of public jet files (is_signal_new, label) is the classifier's target y
            Map<String, double[]> renamed = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> c : columns.entrySet()) {
                String y = PaddedParticles.labelName(c.getKey());
                renamed.put(y != null && !columns.containsKey(y) && !renamed.containsKey(y) ? y : c.getKey(), c.getValue());
            }
            columns = renamed;
        }
        return build(file, name, columns, options, EventFormat.HDF5, notes, jagged);
    }

    /** The one pandas frame among a group's children when the group holds no datasets (pandas' default key 'table'). */
    private static Group onlyFrame(Group g) {
        Group frame = null;
        for (Node child : g.getChildren().values()) {
            if (child instanceof Dataset) return null;
            if (PandasFrames.isFrame(child)) {
                if (frame != null) return null;
                frame = (Group) child;
            }
        }
        return frame;
    }

    /** The node at an HDF5 path, or null if there is none. */
    private static Node nodeAt(HdfFile h, String path) {
        try {
            return h.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }

    /**
     * The datasets of an HDF5 file with their shapes, one per line (at most {@link #LISTED}), for the user to choose a
     * table from; an LHEH5 2.0 file (the flat datasets events and particles) is named, since it loads as events, not as a table.
     */
    static String contents(HdfFile h) {
        List<String> lines = new ArrayList<>();
        int[] more = {0};
        listDatasets(h, lines, more);
        lines.sort(null); // by path: jHDF gives a group's children in no fixed order
        StringBuilder s = new StringBuilder();
        int width = 0;
        for (String l : lines) width = Math.max(width, l.indexOf('\t'));
        for (String l : lines) {
            int tab = l.indexOf('\t');
            s.append("\n  ").append(String.format(Locale.ROOT, "%-" + width + "s", l.substring(0, tab))).append("  ").append(l.substring(tab + 1));
        }
        if (lines.isEmpty()) s.append(" no datasets.");
        if (more[0] > 0) s.append("\n  ... and ").append(more[0]).append(" more datasets");
        if (h.getChildren().get("events") instanceof Dataset && h.getChildren().get("particles") instanceof Dataset) {
            s.append("\nThe datasets 'events' and 'particles' are the LHEH5 2.0 layout (Sherpa, Pythia 8 LHAHDF5v2): they load as events with"
                    + " --format lheh5.");
        }
        return s.toString();
    }

    private static void listDatasets(Group g, List<String> lines, int[] more) {
        for (Node child : g.getChildren().values()) {
            if (child instanceof Group sub) {
                listDatasets(sub, lines, more);
            } else if (child instanceof Dataset d) {
                if (lines.size() == LISTED) {
                    more[0]++;
                    continue;
                }
                int[] dims = d.getDimensions();
                String shape = d.isScalar() || dims.length == 0 ? "a single value"
                        : dims.length == 1 ? rows(dims[0])
                        : rows(dims[0]) + " x " + String.join(" x ", Arrays.stream(dims).skip(1).mapToObj(String::valueOf).toList());
                String type = d.isCompound() ? ", compound" : d.isVariableLength() || !isNumeric(d) ? ", not numbers" : "";
                lines.add(d.getPath() + "\t" + shape + type);
            }
        }
    }

    private static boolean isNumeric(Dataset d) {
        Class<?> t = d.getJavaType();
        return t == double.class || t == float.class || t == int.class || t == long.class || t == short.class || t == byte.class;
    }

    private static void addDataset(Dataset d, Map<String, double[]> columns, Map<String, JaggedColumn> jagged, Map<String, String> notes,
                                   Path file, LoadOptions options) {
        int[] dims = d.getDimensions();
        String base = d.getName();
        if (dims.length == 3) {
            // per-jet particles: jagged columns (padding removed), and the multiplicity and feature sums as per-jet columns
            Map<String, JaggedColumn> list = PaddedParticles.read3d(file, d, options.features(), options.mask(), notes);
            list = PaddedParticles.unclash(list, jagged.keySet(), base);
            JaggedColumn any = list.values().iterator().next();
            columns.put(base + "_n", any.multiplicities());
            for (JaggedColumn c : list.values()) columns.put(base + "_sum_" + stripPrefix(stripPrefix(c.name(), base + "."), base), c.sums());
            jagged.putAll(list);
            return;
        }
        double[] flat = toDoubles(d.getDataFlat());
        int rows = dims.length == 0 ? 0 : dims[0];
        switch (dims.length) {
            case 1 -> columns.put(base, flat);
            case 2 -> {
                String[] names = columnNames(d, dims[1]);
                for (int k = 0; k < dims[1]; k++) {
                    double[] c = new double[rows];
                    for (int i = 0; i < rows; i++) c[i] = flat[i * dims[1] + k];
                    columns.put(names[k], c);
                }
            }
            default -> throw new HepmlException(file + ": dataset '" + d.getPath() + "' has " + dims.length
                    + " dimensions; hepml reads 1-D columns, 2-D [events, features] tables and 3-D [events, constituents, features] arrays.");
        }
    }

    private static String stripPrefix(String n, String base) {
        return n.startsWith(base + "_") ? n.substring(base.length() + 1) : n;
    }

    private static String[] columnNames(Dataset d, int n) {
        String[] names = new String[n];
        for (String key : List.of("columns", "column_names", "names", "feature_names")) {
            Attribute a = d.getAttribute(key);
            if (a == null) continue;
            Object v = a.getData();
            if (v != null && v.getClass().isArray() && Array.getLength(v) == n) {
                for (int i = 0; i < n; i++) names[i] = String.valueOf(Array.get(v, i)).trim();
                return names;
            }
        }
        for (int i = 0; i < n; i++) names[i] = d.getName() + "_" + i;
        return names;
    }

    private static double[] toDoubles(Object array) {
        if (array instanceof double[] a) return a;
        int n = Array.getLength(array);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = Array.getDouble(array, i);
        return out;
    }

    /** The full constituent array of a 3-D HDF5 dataset, flattened per event: {@code [events][constituents*features]}. */
    static double[][] constituents(Path file, String datasetPath) {
        try (HdfFile h = new HdfFile(file)) {
            Dataset d = h.getDatasetByPath(datasetPath);
            int[] dims = d.getDimensions();
            if (dims.length != 3) throw new HepmlException(file + ": '" + datasetPath + "' has " + dims.length + " dimensions, not [events, constituents, features].");
            double[] flat = toDoubles(d.getDataFlat());
            int per = dims[1] * dims[2];
            double[][] out = new double[dims[0]][];
            for (int i = 0; i < dims[0]; i++) out[i] = Arrays.copyOfRange(flat, i * per, (i + 1) * per);
            return out;
        } catch (HepmlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HepmlException(file + ": cannot read '" + datasetPath + "': " + e.getMessage() + ".", e);
        }
    }

    static LoadedEvents csv(Path file, String name, LoadOptions options) {
        Table t;
        try {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            char sep = n.endsWith(".tsv") || n.endsWith(".tsv.gz") ? '\t' : ',';
            t = Table.read().usingOptions(CsvReadOptions.builder(EventStreams.open(file)).separator(sep).tableName(name));
        } catch (HepmlException e) {
            throw e;
        } catch (Exception e) {
            throw new HepmlException(file + ": cannot read it as CSV: " + e.getMessage()
                    + ". Expected a header line of column names, then one row per event with the same number of fields.", e);
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        List<String> text = new ArrayList<>();
        for (var c : t.columns()) {
            if (c instanceof NumericColumn<?> nc) {
                double[] v = new double[nc.size()];
                for (int i = 0; i < v.length; i++) v[i] = nc.isMissing(i) ? Double.NaN : nc.getDouble(i);
                columns.put(c.name(), v);
            } else {
                refuseMixedColumn(file, c);
                text.add(c.name());
            }
        }
        if (columns.isEmpty()) throw new HepmlException(file + ": no numeric columns; expected one row per event with numbers.");
        return build(file, name, columns, options, EventFormat.CSV, text.isEmpty() ? Map.of() : Map.of("ignored_text_columns", String.join(",", text)),
                Map.of());
    }

    /**
     * A column that the CSV reader could not read as numbers: if any of its cells is a number, the others are typos or
     * damage, and dropping the column would lose its numbers silently, so the first cell that is not a number is named
     * (line as in the file: the header is line 1; quoted cells spanning lines would shift it). A column of text only
     * (a label) is left out and listed in the metadata.
     */
    private static void refuseMixedColumn(Path file, Column<?> c) {
        int firstNumber = -1, firstText = -1;
        for (int i = 0; i < c.size() && (firstNumber < 0 || firstText < 0); i++) {
            if (c.isMissing(i)) continue;
            String cell = c.getString(i).trim();
            if (isNumber(cell)) {
                if (firstNumber < 0) firstNumber = i;
            } else if (firstText < 0) {
                firstText = i;
            }
        }
        if (firstNumber >= 0 && firstText >= 0) {
            throw new HepmlException(file + ":" + (firstText + 2) + ": row " + (firstText + 1) + ", column '" + c.name()
                    + "': expected a number, found '" + c.getString(firstText) + "' (the column's other cells are numbers).");
        }
    }

    private static boolean isNumber(String s) {
        try {
            NumberParser.parseDouble(s);
            return true;
        } catch (NumberParser.BadNumber e) {
            return false;
        }
    }

    private static LoadedEvents build(Path file, String name, Map<String, double[]> columns, LoadOptions options, EventFormat format,
                                      Map<String, String> notes, Map<String, JaggedColumn> jagged) {
        int rows = columns.isEmpty() ? jagged.values().iterator().next().events() : columns.values().iterator().next().length;
        int from = (int) Math.min(rows, options.skip());
        int to = (int) Math.min(rows, from + Math.min(options.limit(), Integer.MAX_VALUE));
        Table t = Table.create(name);
        for (Map.Entry<String, double[]> c : columns.entrySet()) {
            String col = ColumnRole.of(c.getKey()) == ColumnRole.OTHER ? "x." + c.getKey() : c.getKey();
            if (t.containsColumn(col)) continue;
            t.addColumns(DoubleColumn.create(col, Arrays.copyOfRange(c.getValue(), from, to)));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", file.toString());
        meta.put("format", format.title());
        meta.putAll(notes);
        if (t.columnCount() == 0) t.addColumns(DoubleColumn.create("event", java.util.stream.IntStream.range(from, to).asDoubleStream().toArray()));
        Map<String, JaggedColumn> lists = new LinkedHashMap<>();
        if (!jagged.isEmpty()) {
            int[] kept = java.util.stream.IntStream.range(from, to).toArray();
            Map<int[], int[]> offsets = new java.util.IdentityHashMap<>();
            for (JaggedColumn j : jagged.values()) {
                lists.put(j.name(), from == 0 && to == rows ? j : j.select(kept, offsets.computeIfAbsent(j.offsets(), o -> JaggedColumn.selectOffsets(o, kept))));
            }
            meta.put("jagged_columns", String.join(", ", lists.keySet()));
        }
        RunInfo run = new RunInfo.Builder(format).build();
        return new LoadedEvents(file, new org.hepml.engine.events.Dataset(name, t, meta, lists), null, run, Map.of(), lists);
    }
}
