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
 */
public final class Dataset implements HtmlRenderable {
    private final String name;
    private final Table table;
    private final Map<String, String> metadata;

    public Dataset(String name, Table table, Map<String, String> metadata) {
        this.name = Objects.requireNonNull(name, "name");
        this.table = Objects.requireNonNull(table, "table");
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        table.setName(name);
    }

    public Dataset(String name, Table table) {
        this(name, table, Map.of());
    }

    /** Starts a Dataset from primitive columns (no per-event objects). */
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

    /** A new Dataset with the same table under another name. */
    public Dataset named(String newName) {
        return new Dataset(newName, table.copy(), metadata);
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
        return new Dataset(name, t, metadata);
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
        return "Dataset '" + name + "': " + size() + " events, columns " + table.columnNames();
    }

    /** Collects primitive columns and metadata, then makes the table in one go. */
    public static final class Builder {
        private final String name;
        private final Map<String, double[]> columns = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

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

        public Builder meta(String key, Object value) {
            metadata.put(key, String.valueOf(value));
            return this;
        }

        public Dataset build() {
            Table t = Table.create(name);
            columns.forEach((c, v) -> t.addColumns(WrappedDoubleColumn.of(c, v)));
            return new Dataset(name, t, metadata);
        }
    }
}
