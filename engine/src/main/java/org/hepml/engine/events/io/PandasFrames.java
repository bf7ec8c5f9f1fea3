package org.hepml.engine.events.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.hepml.engine.HepmlException;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * A pandas DataFrame that {@code DataFrame.to_hdf} wrote (through PyTables), read with jHDF into named columns; how the
 * top-tagging landscape files (Kasieczka et al., arXiv:1902.09914) ship their jets. Two formats:
 * <ul>
 * <li>{@code fixed} (pandas_type {@code frame}): the group holds {@code axis0} (the column names), and per block of one
 *     dtype {@code blockK_items} (its column names) and {@code blockK_values} [rows, columns of the block];
 * <li>{@code table} (pandas_type {@code frame_table}): the group holds the compound dataset {@code table} with a field
 *     {@code values_block_K} [rows][columns of the block] per block; the block's column names are in the attribute
 *     {@code values_block_K_kind}, a Python list pickled with protocol 0 (pandas writes it so), read here for its strings.
 * </ul>
 * Columns come back in the frame's order as views of the arrays jHDF read (4 bytes a cell for float32), not copies:
 * the particle columns of a landscape file are unpadded straight from them.
 */
final class PandasFrames {
    private PandasFrames() {
    }

    /** Whether a group is a DataFrame pandas wrote ({@code pandas_type} frame or frame_table). */
    static boolean isFrame(Node n) {
        return n instanceof Group g && pandasType(g) != null;
    }

    private static String pandasType(Group g) {
        Attribute a = g.getAttribute("pandas_type");
        if (a == null) return null;
        String t = String.valueOf(a.getData()).trim();
        return t.equals("frame") || t.equals("frame_table") ? t : null;
    }

    /** A frame: its number of rows and its columns by name, each a view {@code row -> value}. */
    record Frame(int rows, Map<String, IntToDoubleFunction> columns) {
        /** A column's values as a new array. */
        double[] values(String column) {
            IntToDoubleFunction c = columns.get(column);
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) v[r] = c.applyAsDouble(r);
            return v;
        }
    }

    static Frame read(Path file, Group g) {
        String type = pandasType(g);
        return "frame".equals(type) ? fixed(file, g) : table(file, g);
    }

    private static Frame fixed(Path file, Group g) {
        Map<String, IntToDoubleFunction> byName = new LinkedHashMap<>();
        int rows = -1;
        for (int k = 0; ; k++) {
            Node items = g.getChildren().get("block" + k + "_items"), values = g.getChildren().get("block" + k + "_values");
            if (!(items instanceof Dataset it) || !(values instanceof Dataset v)) break;
            String[] names = strings(it.getData());
            int[] dims = v.getDimensions();
            if (dims.length != 2 || dims[1] != names.length) {
                throw new HepmlException(file + ": the pandas block '" + v.getPath() + "' has shape " + java.util.Arrays.toString(dims)
                        + " but '" + it.getPath() + "' names " + names.length + " columns; expected [rows, " + names.length + "].");
            }
            Object flat = v.getDataFlat();
            rows = dims[0];
            int cols = dims[1];
            for (int c = 0; c < cols; c++) {
                int col = c;
                byName.put(names[c], flat instanceof float[] f ? r -> f[r * cols + col] : flat instanceof double[] d ? r -> d[r * cols + col]
                        : r -> number(flat, r * cols + col));
            }
        }
        if (byName.isEmpty()) {
            throw new HepmlException(file + ": '" + g.getPath() + "' is a pandas frame in the fixed format without numeric blocks"
                    + " (blockK_items and blockK_values).");
        }
        // the frame's column order is axis0's
        Map<String, IntToDoubleFunction> ordered = new LinkedHashMap<>();
        if (g.getChildren().get("axis0") instanceof Dataset axis) {
            for (String n : strings(axis.getData())) if (byName.containsKey(n)) ordered.put(n, byName.get(n));
        }
        byName.forEach(ordered::putIfAbsent);
        return new Frame(rows, ordered);
    }

    private static Frame table(Path file, Group g) {
        if (!(g.getChildren().get("table") instanceof Dataset t) || !t.isCompound()) {
            throw new HepmlException(file + ": '" + g.getPath() + "' is a pandas frame in the table format, but it has no compound dataset"
                    + " 'table' (one row per event, fields values_block_K).");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) t.getData();
        Map<String, IntToDoubleFunction> out = new LinkedHashMap<>();
        int rows = t.getDimensions()[0];
        for (int k = 0; fields.containsKey("values_block_" + k); k++) {
            Object block = fields.get("values_block_" + k);
            Attribute kind = t.getAttribute("values_block_" + k + "_kind");
            List<String> names = kind == null ? List.of() : pickledStrings(String.valueOf(kind.getData()));
            int cols = rows == 0 ? names.size() : Array.get(block, 0).getClass().isArray() ? Array.getLength(Array.get(block, 0)) : 1;
            if (names.size() != cols) {
                throw new HepmlException(file + ": the pandas table '" + t.getPath() + "' field values_block_" + k + " has " + cols
                        + " columns but its attribute values_block_" + k + "_kind names " + names.size() + ".");
            }
            for (int c = 0; c < cols; c++) {
                int col = c;
                out.put(names.get(c), block instanceof float[][] f ? r -> f[r][col] : block instanceof double[][] d ? r -> d[r][col]
                        : r -> {
                            Object row = Array.get(block, r);
                            return row.getClass().isArray() ? number(row, col) : ((Number) row).doubleValue();
                        });
            }
        }
        if (out.isEmpty()) {
            throw new HepmlException(file + ": the pandas table '" + t.getPath() + "' has no numeric fields values_block_0, values_block_1, ...");
        }
        return new Frame(rows, out);
    }

    /**
     * The strings of a list pickled with protocol 0, as pandas stores column names: one opcode a line, {@code V<text>} a
     * unicode string (raw-unicode-escape), {@code S'<text>'} a byte string (Python 2 writers); the no-argument opcodes
     * that may start a line ({@code ( l a t .}) are skipped.
     */
    static List<String> pickledStrings(String pickle) {
        List<String> out = new ArrayList<>();
        for (String line : pickle.split("\n")) {
            int i = 0;
            while (i < line.length() && "(lat.)".indexOf(line.charAt(i)) >= 0) i++;
            if (i >= line.length()) continue;
            char op = line.charAt(i);
            String arg = line.substring(i + 1);
            if (op == 'V') out.add(unescapeUnicode(arg));
            else if (op == 'S' && arg.length() >= 2) out.add(arg.substring(1, arg.length() - 1));
        }
        return out;
    }

    private static String unescapeUnicode(String s) {
        if (!s.contains("\\u")) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    private static String[] strings(Object array) {
        int n = Array.getLength(array);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            Object v = Array.get(array, i);
            out[i] = (v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v)).trim();
        }
        return out;
    }

    private static double number(Object array, int i) {
        if (array instanceof float[] f) return f[i];
        if (array instanceof double[] d) return d[i];
        return Array.getDouble(array, i);
    }
}
