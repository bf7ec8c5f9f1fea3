package org.hepml.engine.events;

import org.hepml.engine.HepmlException;
import org.hepml.engine.HtmlRenderable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named table of events: a Tablesaw {@link Table} whose column names give their roles
 * ({@link ColumnRole}), plus free-form metadata (where it came from, seeds, generator information,
 * per-column descriptions). Immutable from hepml's side: operations return new Datasets, so a
 * Dataset that was registered never changes under a running estimator.
 *
 * <p>Besides the table's one-value-per-event columns a Dataset holds <em>jagged</em> columns: per event a list of
 * numbers of its own length (the constituents of a jet, the final-state particles of an event), stored as
 * {@link JaggedColumn}s: offsets plus one flat primitive array, never an object per particle. The columns of one
 * particle list share their offsets array. Slicing and selecting events keep them aligned with the table
 * ({@link #slice}, {@link #select}); {@link #selectParticles} keeps only some particles of every event.
 */
public final class Dataset implements HtmlRenderable {
    private final String name;
    private final Table table;
    private final Map<String, String> metadata;
    private final Map<String, JaggedColumn> jagged;

    public Dataset(String name, Table table, Map<String, String> metadata) {
        this(name, table, metadata, Map.of());
    }

    /** A dataset with jagged columns (by name; each must have one list per row of the table). */
    public Dataset(String name, Table table, Map<String, String> metadata, Map<String, JaggedColumn> jagged) {
        this.name = Objects.requireNonNull(name, "name");
        this.table = Objects.requireNonNull(table, "table");
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (Map.Entry<String, JaggedColumn> j : jagged.entrySet()) {
            if (j.getValue().events() != table.rowCount()) {
                throw new HepmlException("Jagged column '" + j.getKey() + "' has lists for " + j.getValue().events() + " events but dataset '"
                        + name + "' has " + table.rowCount() + ".");
            }
            if (table.containsColumn(j.getKey())) {
                throw new HepmlException("Dataset '" + name + "' has both a column and a jagged column named '" + j.getKey() + "'.");
            }
        }
        this.jagged = Collections.unmodifiableMap(new LinkedHashMap<>(jagged));
        table.setName(name);
    }

    public Dataset(String name, Table table) {
        this(name, table, Map.of());
    }

    /** Starts a Dataset from primitive columns (no per-event objects). */
    /** Kish's effective number of events, (sum w)^2 / sum w^2, of the weights {@code w} (NaN when every weight is 0). */
    public static double effectiveSize(double[] w) {
        double s = 0, s2 = 0;
        for (double v : w) {
            s += v;
            s2 += v * v;
        }
        return s * s / s2;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The underlying table, for slicing and joining in Java cells (a copy is cheap to take with {@code copy()}). */
    public Table table() {
        return table;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public int size() {
        return table.rowCount();
    }

    public List<String> columnNames() {
        return table.columnNames();
    }

    public boolean has(String column) {
        return table.containsColumn(column);
    }

    public ColumnRole role(String column) {
        return ColumnRole.of(column);
    }

    /** Column names with the given role, in table order. */
    public List<String> columns(ColumnRole role) {
        List<String> out = new ArrayList<>();
        for (String c : table.columnNames()) {
            if (ColumnRole.of(c) == role) out.add(c);
        }
        return out;
    }

    /**
     * The values of a numeric column as a primitive array (missing values as NaN).
     * Bulk work converts once through this, never per event.
     */
    public double[] column(String column) {
        if (!table.containsColumn(column)) {
            throw new HepmlException("Dataset '" + name + "' has no column '" + column + "'. Its columns are: "
                    + String.join(", ", table.columnNames()) + ".");
        }
        Column<?> c = table.column(column);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new HepmlException("Column '" + column + "' of dataset '" + name + "' is not numeric (it holds "
                    + c.type().name().toLowerCase() + " values).");
        }
        if (n instanceof DoubleColumn d) {
            return d.asDoubleArray();
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.isMissing(i) ? Double.NaN : n.getDouble(i);
        }
        return out;
    }

    /** The event weights: the {@code weight} column, or all ones if there is none. */
    public double[] weights() {
        if (has("weight")) return column("weight");
        double[] w = new double[size()];
        Arrays.fill(w, 1.0);
        return w;
    }

    /** The jagged (variable-length, per-event list) columns by name, in the order they were added. */
    public Map<String, JaggedColumn> jagged() {
        return jagged;
    }

    /** One jagged column; the error lists the dataset's jagged columns. */
    public JaggedColumn jagged(String column) {
        JaggedColumn j = jagged.get(column);
        if (j == null) {
            throw new HepmlException("Dataset '" + name + "' has no jagged column '" + column + "'"
                    + (jagged.isEmpty() ? " (it has no per-event lists)." : "; its jagged columns are: " + String.join(", ", jagged.keySet()) + "."));
        }
        return j;
    }

    /** A new Dataset with one more (or a replaced) jagged column. */
    public Dataset withJagged(JaggedColumn column) {
        Map<String, JaggedColumn> j = new LinkedHashMap<>(jagged);
        j.put(column.name(), column);
        return new Dataset(name, table, metadata, j);
    }

    /** Events {@code [from, to)}: the table's rows and the jagged columns' lists (offsets rebased to start at 0). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new HepmlException("Cannot slice events [" + from + ", " + to + ") of dataset '" + name + "': it has " + size() + " events.");
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) rows[i] = from + i;
        return select(rows);
    }

    /** The events where {@code keep} is true, in order. */
    public Dataset select(boolean[] keep) {
        if (keep.length != size()) {
            throw new HepmlException("The selection has " + keep.length + " entries but dataset '" + name + "' has " + size() + " events.");
        }
        int n = 0;
        for (boolean k : keep) if (k) n++;
        int[] rows = new int[n];
        for (int i = 0, r = 0; i < keep.length; i++) if (keep[i]) rows[r++] = i;
        return select(rows);
    }

    /**
     * The events {@code rows} in that order (repeats allowed: a bootstrap): one offsets array is made per particle
     * list, so columns that shared offsets still share them.
     */
    public Dataset select(int[] rows) {
        for (int r : rows) {
            if (r < 0 || r >= size()) throw new HepmlException("Event " + r + " is not in dataset '" + name + "' (events 0 to " + (size() - 1) + ").");
        }
        // Column.subset keeps the order and repeats of rows (Table.rows would sort them and drop repeats)
        Table t = Table.create(name);
        for (Column<?> c : table.columns()) t.addColumns(c.subset(rows));
        Map<int[], int[]> offsets = new java.util.IdentityHashMap<>();
        Map<String, JaggedColumn> j = new LinkedHashMap<>();
        for (JaggedColumn c : jagged.values()) {
            int[] o = offsets.computeIfAbsent(c.offsets(), old -> JaggedColumn.selectOffsets(old, rows));
            j.put(c.name(), c.select(rows, o));
        }
        return new Dataset(name, t, metadata, j);
    }

    /**
     * Keeps only the particles (entries) for which {@code keep} is true of their value in jagged column {@code column}, in
     * that column and in every jagged column of the same particle list (equal offsets); every event stays, perhaps with no
     * particles left. Other lists and the table are unchanged: recompute per-event observables after this.
     */
    public Dataset selectParticles(String column, java.util.function.DoublePredicate keep) {
        JaggedColumn c = jagged(column);
        boolean[] k = new boolean[c.values().length];
        for (int i = 0; i < k.length; i++) k[i] = keep.test(c.values()[i]);
        return selectParticles(column, k);
    }

    /** The events that pass a cut on per-event columns ({@code "x.n_particles >= 10 and |x.eta| < 2"}). */
    public Dataset where(Cut cut) {
        return select(cut.events(this));
    }

    /** Keeps the particles that pass a cut on the jagged columns of one list ({@code "pt > 1 and |eta| < 2.5"}); every event stays. */
    public Dataset whereParticles(Cut cut) {
        return selectParticles(cut.firstColumn(), cut.particles(this));
    }

    /** Keeps the entries {@code k} of {@code column}'s particle list where {@code keep[k]}, in every column of that list. */
    public Dataset selectParticles(String column, boolean[] k) {
        JaggedColumn c = jagged(column);
        if (k.length != c.values().length) {
            throw new HepmlException("The particle selection has " + k.length + " entries but column '" + column + "' has " + c.values().length + ".");
        }
        int[] o = JaggedColumn.keepOffsets(c.offsets(), k);
        Map<String, JaggedColumn> j = new LinkedHashMap<>();
        for (JaggedColumn other : jagged.values()) {
            boolean sameList = other.offsets() == c.offsets() || Arrays.equals(other.offsets(), c.offsets());
            j.put(other.name(), sameList ? other.keep(k, o) : other);
        }
        return new Dataset(name, table, metadata, j);
    }

    /**
     * Per-event observables of a jagged column as columns: {@code x.<column>_n} (the multiplicity), {@code x.<column>_sum}
     * (the scalar sum: sum pT for pT) and {@code x.<column>_max} (the leading value, NaN for an empty event).
     */
    public Dataset withListObservables(String column) {
        JaggedColumn c = jagged(column);
        return withColumn("x." + column + "_n", c.multiplicities()).withColumn("x." + column + "_sum", c.sums())
                .withColumn("x." + column + "_max", c.maxima());
    }

    /** A new Dataset with the same table under another name. */
    public Dataset named(String newName) {
        return new Dataset(newName, table.copy(), metadata, jagged);
    }

    /** A new Dataset with one more (or a replaced) numeric column. */
    public Dataset withColumn(String column, double[] values) {
        if (values.length != size()) {
            throw new HepmlException("Column '" + column + "' has " + values.length + " values but dataset '" + name
                    + "' has " + size() + " events.");
        }
        Table t = table.copy();
        if (t.containsColumn(column)) t.removeColumns(column);
        t.addColumns(DoubleColumn.create(column, values));
        return new Dataset(name, t, metadata, jagged);
    }

    public DatasetSummary summary() {
        return DatasetSummary.of(this);
    }

    @Override
    public String toHtml() {
        return DatasetHtml.of(this);
    }

    @Override
    public String toString() {
        return "Dataset '" + name + "': " + size() + " events, columns " + table.columnNames()
                + (jagged.isEmpty() ? "" : ", jagged columns " + jagged.keySet());
    }

    /** Collects primitive columns and metadata, then makes the table in one go. */
    public static final class Builder {
        private final String name;
        private final Map<String, double[]> columns = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, JaggedColumn> jagged = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a column; the array is handed over (not copied), so do not change it afterwards. */
        public Builder column(String column, double[] values) {
            if (!columns.isEmpty()) {
                int n = columns.values().iterator().next().length;
                if (values.length != n) {
                    throw new HepmlException("Column '" + column + "' has " + values.length
                            + " values, the others have " + n + ".");
                }
            }
            columns.put(column, values);
            return this;
        }

        /** Adds a jagged column (arrays shared, not copied). */
        public Builder jagged(JaggedColumn column) {
            jagged.put(column.name(), column);
            return this;
        }

        public Builder meta(String key, Object value) {
            metadata.put(key, String.valueOf(value));
            return this;
        }

        public Dataset build() {
            Table t = Table.create(name);
            columns.forEach((c, v) -> t.addColumns(WrappedDoubleColumn.of(c, v)));
            if (columns.isEmpty() && !jagged.isEmpty()) {
                // a table of jagged columns only still has one row per event
                t.addColumns(WrappedDoubleColumn.of("event", java.util.stream.IntStream.range(0, jagged.values().iterator().next().events())
                        .asDoubleStream().toArray()));
            }
            return new Dataset(name, t, metadata, jagged);
        }
    }
}
