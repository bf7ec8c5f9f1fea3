package org.hepml.engine.events.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.ColumnRole;
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

    static LoadedEvents hdf5(Path file, String name, LoadOptions options) {
        Map<String, double[]> columns = new LinkedHashMap<>();
        try (HdfFile h = new HdfFile(file)) {
            Node node = options.group().isEmpty() ? h : h.getByPath(options.group());
            if (node instanceof Dataset d) addDataset(d, columns, file);
            else if (node instanceof Group g) {
                for (Node child : g.getChildren().values()) {
                    Cancelled.check("Loading " + file.getFileName());
                    if (child instanceof Dataset d && !d.isScalar() && !d.isCompound() && !d.isVariableLength() && isNumeric(d)) addDataset(d, columns, file);
                }
            }
        } catch (HepmlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HepmlException(file + ": cannot read the HDF5 " + (options.group().isEmpty() ? "file" : "path '" + options.group() + "'")
                    + ": " + e.getMessage() + ". Expected 1-D datasets of equal length, a 2-D [events, features] dataset, or a 3-D "
                    + "[events, constituents, features] dataset (choose one with the group option).", e);
        }
        if (columns.isEmpty()) {
            throw new HepmlException(file + ": no numeric datasets found" + (options.group().isEmpty() ? " in the root group" : " at '" + options.group() + "'")
                    + ". Name the group or dataset holding the table with the group option.");
        }
        return build(file, name, columns, options, EventFormat.HDF5, Map.of());
    }

    private static boolean isNumeric(Dataset d) {
        Class<?> t = d.getJavaType();
        return t == double.class || t == float.class || t == int.class || t == long.class || t == short.class || t == byte.class;
    }

    private static void addDataset(Dataset d, Map<String, double[]> columns, Path file) {
        int[] dims = d.getDimensions();
        double[] flat = toDoubles(d.getDataFlat());
        String base = d.getName();
        int rows = dims.length == 0 ? 0 : dims[0];
        if (!columns.isEmpty()) {
            int n = columns.values().iterator().next().length;
            if (n != rows) {
                throw new HepmlException(file + ": dataset '" + d.getPath() + "' has " + rows + " rows but the others have " + n
                        + "; a table needs datasets of equal length (name one with the group option).");
            }
        }
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
            case 3 -> {
                int nc = dims[1], nf = dims[2];
                String[] features = columnNames(d, nf);
                double[] count = new double[rows];
                double[][] sums = new double[nf][rows];
                for (int i = 0; i < rows; i++) {
                    for (int c = 0; c < nc; c++) {
                        boolean padding = true;
                        for (int f = 0; f < nf; f++) {
                            double v = flat[(i * nc + c) * nf + f];
                            if (v != 0 && !Double.isNaN(v)) padding = false;
                            if (!Double.isNaN(v)) sums[f][i] += v;
                        }
                        if (!padding) count[i]++;
                    }
                }
                columns.put(base + "_n", count);
                for (int f = 0; f < nf; f++) columns.put(base + "_sum_" + stripPrefix(features[f], base), sums[f]);
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
        return build(file, name, columns, options, EventFormat.CSV, text.isEmpty() ? Map.of() : Map.of("ignored_text_columns", String.join(",", text)));
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
                                      Map<String, String> notes) {
        int rows = columns.values().iterator().next().length;
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
        RunInfo run = new RunInfo.Builder(format).build();
        return new LoadedEvents(file, new org.hepml.engine.events.Dataset(name, t, meta), null, run, Map.of());
    }
}
