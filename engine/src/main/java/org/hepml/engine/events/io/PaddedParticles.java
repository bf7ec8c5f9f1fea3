package org.hepml.engine.events.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.JaggedColumn;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-jet particle lists that public jet datasets store padded to a fixed length, turned into jagged columns (one
 * offsets array shared by the list's features, one flat double array per feature; padding removed). Two layouts:
 * <ul>
 * <li>a 3-D dataset [jets, M, F] (JetNet, energyflow, most PFN/ParticleNet inputs): the features named by an attribute
 *     ({@code features}, {@code feature_names}, {@code columns}, {@code names}) or by the user ({@code --features}); the
 *     real particles given by a mask [jets, M] (a dataset named by {@code --mask}, else a dataset {@code mask} of that
 *     shape beside it, else a feature named {@code mask}) or, without one, by zero padding (a row of all-zero features);
 * <li>columns {@code NAME_0 .. NAME_(M-1)} of a table, one group per feature (the top-tagging landscape's
 *     {@code E_i, PX_i, PY_i, PZ_i}, i &lt; 200), zero padded.
 * </ul>
 * A real particle with a NaN feature is an error naming the file, dataset, jet and particle: NaN is not padding.
 */
final class PaddedParticles {
    private PaddedParticles() {
    }

    /** The value of feature {@code f} of slot {@code k} of jet {@code j}. */
    interface Padded {
        double get(int j, int k, int f);
    }

    /** Whether slot {@code k} of jet {@code j} holds a real particle. */
    interface Mask {
        boolean real(int j, int k);
    }

    private static final Pattern INDEXED = Pattern.compile("(.+)_(\\d+)");

    /**
     * Removes padding. {@code mask} null means zero padding. The columns are named {@code features}; they share one
     * offsets array.
     */
    static Map<String, JaggedColumn> unpad(Path file, String dataset, int jets, int slots, String[] features, Padded values, Mask mask) {
        int nf = features.length;
        int[] offsets = new int[jets + 1];
        long total = 0;
        for (int j = 0; j < jets; j++) {
            for (int k = 0; k < slots; k++) if (isReal(file, dataset, features, values, mask, j, k)) total++;
            offsets[j + 1] = (int) Math.min(total, Integer.MAX_VALUE);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new HepmlException(file + ": dataset '" + dataset + "' has " + total + " particles, more than one Java array holds;"
                    + " load fewer jets (--limit).");
        }
        double[][] out = new double[nf][(int) total];
        int p = 0;
        for (int j = 0; j < jets; j++) {
            for (int k = 0; k < slots; k++) {
                if (!isReal(file, dataset, features, values, mask, j, k)) continue;
                for (int f = 0; f < nf; f++) out[f][p] = values.get(j, k, f);
                p++;
            }
        }
        Map<String, JaggedColumn> cols = new LinkedHashMap<>();
        for (int f = 0; f < nf; f++) cols.put(features[f], new JaggedColumn(features[f], offsets, out[f]));
        return cols;
    }

    private static boolean isReal(Path file, String dataset, String[] features, Padded values, Mask mask, int j, int k) {
        boolean real = mask != null && mask.real(j, k);
        boolean nan = false;
        for (int f = 0; f < features.length; f++) {
            double v = values.get(j, k, f);
            if (Double.isNaN(v)) nan = true;
            else if (mask == null && v != 0) real = true;
        }
        if (nan && (real || mask == null)) {
            throw new HepmlException(file + ": dataset '" + dataset + "', jet " + j + ", particle " + k + " has a NaN feature; expected"
                    + " numbers for every real particle, padding " + (mask == null ? "as rows of zeros (or give the real particles with"
                    + " --mask DATASET)" : "masked out") + ".");
        }
        return real;
    }

    /**
     * The particle list of a 3-D dataset [jets, M, F] and its mask, as jagged columns; {@code featureNames} (may be empty)
     * overrides the file's names. The chosen mask's path is put in {@code notes}.
     */
    static Map<String, JaggedColumn> read3d(Path file, Dataset d, List<String> featureNames, String maskPath, Map<String, String> notes) {
        int[] dims = d.getDimensions();
        int jets = dims[0], slots = dims[1], nf = dims[2];
        String[] features = featureNames(file, d, nf, featureNames);
        Object flat = d.getDataFlat();
        Padded values = flat instanceof float[] fl ? (j, k, f) -> fl[(j * slots + k) * nf + f]
                : flat instanceof double[] db ? (j, k, f) -> db[(j * slots + k) * nf + f]
                : (j, k, f) -> Array.getDouble(flat, (j * slots + k) * nf + f);
        Mask mask = null;
        Dataset maskSet = maskDataset(file, d, maskPath);
        int maskFeature = -1;
        for (int f = 0; f < nf; f++) if (features[f].equalsIgnoreCase("mask")) maskFeature = f;
        if (maskSet != null) {
            int[] md = maskSet.getDimensions();
            if (md.length != 2 || md[0] != jets || md[1] != slots) {
                throw new HepmlException(file + ": the mask '" + maskSet.getPath() + "' has shape " + Arrays.toString(md) + "; dataset '"
                        + d.getPath() + "' [jets, particles, features] = " + Arrays.toString(dims) + " needs a mask [" + jets + ", " + slots + "].");
            }
            boolean[] m = booleans(maskSet.getDataFlat());
            mask = (j, k) -> m[j * slots + k];
            notes.put("mask", maskSet.getPath());
        } else {
            if (maskFeature >= 0) {
                int mf = maskFeature;
                mask = (j, k) -> values.get(j, k, mf) != 0;
                notes.put("mask", d.getPath() + " feature '" + features[mf] + "'");
            } else {
                notes.put("mask", "none: rows of zeros are padding");
            }
        }
        if (maskFeature < 0) return unpad(file, d.getPath(), jets, slots, features, values, mask);
        // a feature 'mask' says which rows are real (or repeats the mask dataset): it is not a property of the particles
        String[] kept = new String[nf - 1];
        int[] index = new int[nf - 1];
        for (int f = 0, i = 0; f < nf; f++) {
            if (f == maskFeature) continue;
            kept[i] = features[f];
            index[i++] = f;
        }
        return unpad(file, d.getPath(), jets, slots, kept, (j, k, f) -> values.get(j, k, index[f]), mask);
    }

    private static Dataset maskDataset(Path file, Dataset d, String maskPath) {
        if (maskPath != null && !maskPath.isEmpty()) {
            Node n;
            try {
                n = d.getHdfFile().getByPath(maskPath);
            } catch (RuntimeException e) {
                n = null;
            }
            if (!(n instanceof Dataset m)) {
                throw new HepmlException(file + ": no mask dataset '" + maskPath + "' (--mask); expected a dataset [jets, particles] beside '"
                        + d.getPath() + "'. The file holds:" + FlatTables.contents(d.getHdfFile()));
            }
            return m;
        }
        Group parent = d.getParent();
        Node n = parent == null ? null : parent.getChildren().get("mask");
        if (n instanceof Dataset m && m != d) {
            int[] md = m.getDimensions();
            if (md.length == 2 && md[0] == d.getDimensions()[0] && md[1] == d.getDimensions()[1]) return m;
        }
        return null;
    }

    private static boolean[] booleans(Object flat) {
        int n = Array.getLength(flat);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object v = Array.get(flat, i);
            // h5py writes numpy booleans as an HDF5 enum, which jHDF gives as the names FALSE and TRUE
            out[i] = v instanceof Boolean b ? b : v instanceof Number x ? x.doubleValue() != 0 : String.valueOf(v).trim().equalsIgnoreCase("TRUE");
        }
        return out;
    }

    private static String[] featureNames(Path file, Dataset d, int nf, List<String> given) {
        if (!given.isEmpty()) {
            if (given.size() != nf) {
                throw new HepmlException(file + ": dataset '" + d.getPath() + "' has " + nf + " features per particle but --features names "
                        + given.size() + " (" + String.join(",", given) + "); name all " + nf + ", in the file's order.");
            }
            return given.toArray(String[]::new);
        }
        for (String key : List.of("features", "feature_names", "columns", "column_names", "names")) {
            Attribute a = d.getAttribute(key);
            if (a == null) continue;
            Object v = a.getData();
            if (v != null && v.getClass().isArray() && Array.getLength(v) == nf) {
                String[] names = new String[nf];
                for (int i = 0; i < nf; i++) names[i] = String.valueOf(Array.get(v, i)).trim();
                return names;
            }
        }
        String[] names = new String[nf];
        for (int i = 0; i < nf; i++) names[i] = d.getName() + "_" + i;
        return names;
    }

    /**
     * Takes the columns {@code NAME_0 .. NAME_(M-1)} out of a table of {@code rows} rows (every group with the same M, M &gt;= 2, is one feature of
     * one particle list) and returns the list as jagged columns {@code NAME}, zero padding removed; the map keeps the other
     * columns. Nothing is taken if there are no such groups.
     */
    static Map<String, JaggedColumn> fromIndexedColumns(Path file, String where, int rows, Map<String, IntToDoubleFunction> columns) {
        Map<String, TreeMap<Integer, IntToDoubleFunction>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, IntToDoubleFunction> c : columns.entrySet()) {
            Matcher m = INDEXED.matcher(c.getKey());
            if (m.matches() && m.group(2).length() < 6) groups.computeIfAbsent(m.group(1), g -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), c.getValue());
        }
        // a feature needs slots 0..M-1 complete; the list's M is the most common among them
        groups.values().removeIf(g -> g.size() < 2 || g.firstKey() != 0 || g.lastKey() != g.size() - 1);
        if (groups.isEmpty()) return Map.of();
        Map<Integer, Integer> bySlots = new TreeMap<>();
        for (var g : groups.values()) bySlots.merge(g.size(), 1, Integer::sum);
        int slots = bySlots.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        groups.values().removeIf(g -> g.size() != slots);
        String[] features = groups.keySet().toArray(String[]::new);
        IntToDoubleFunction[][] cols = new IntToDoubleFunction[features.length][];
        for (int f = 0; f < features.length; f++) cols[f] = groups.get(features[f]).values().toArray(IntToDoubleFunction[]::new);
        Map<String, JaggedColumn> out = unpad(file, where, rows, slots, features, (j, k, f) -> cols[f][k].applyAsDouble(j), null);
        for (Iterator<String> it = columns.keySet().iterator(); it.hasNext(); ) {
            Matcher m = INDEXED.matcher(it.next());
            if (m.matches() && groups.containsKey(m.group(1))) it.remove();
        }
        return out;
    }

    /** The label column's name for a dataset or table column that holds it in public jet files, else null. */
    static String labelName(String column) {
        return switch (column.toLowerCase(Locale.ROOT)) {
            case "is_signal_new", "is_signal", "label", "labels" -> "y";
            default -> null;
        };
    }

    /** Names the jagged columns in {@code add} that clash with {@code taken} as {@code prefix.name}. */
    static Map<String, JaggedColumn> unclash(Map<String, JaggedColumn> add, java.util.Set<String> taken, String prefix) {
        Map<String, JaggedColumn> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(add.keySet());
        for (String n : names) {
            String name = taken.contains(n) ? prefix + "." + n : n;
            out.put(name, add.get(n).named(name));
        }
        return out;
    }
}
