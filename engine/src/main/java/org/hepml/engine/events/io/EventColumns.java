package org.hepml.engine.events.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Per-event numeric columns filled row by row. A column that first appears at event k (a weight id a
 * generator only writes sometimes) reads NaN for the events before; one an event lacks reads NaN there.
 */
final class EventColumns {
    private final Map<String, DoubleGrowable> columns = new LinkedHashMap<>();
    private int rows;

    /** The column, made on first use (events before read NaN). */
    DoubleGrowable column(String name) {
        return columns.computeIfAbsent(name, k -> new DoubleGrowable());
    }

    /** Sets a value for the current (not yet finished) row. */
    void set(String name, double value) {
        column(name).set(rows, value);
    }

    void set(DoubleGrowable column, double value) {
        column.set(rows, value);
    }

    int row() {
        return rows;
    }

    void endRow() {
        rows++;
    }

    /** Drops the values of the current row (an event that is skipped). */
    void discardRow() {
        for (DoubleGrowable c : columns.values()) {
            if (c.size() > rows) c.set(rows, Double.NaN);
        }
    }

    int rows() {
        return rows;
    }

    /** Hands each column over as an exact-size array and forgets it, so peak memory stays near one copy. */
    void drain(BiConsumer<String, double[]> sink) {
        var it = columns.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            sink.accept(e.getKey(), e.getValue().toArray(rows));
            it.remove();
        }
    }

    Map<String, double[]> toArrays() {
        Map<String, double[]> out = new LinkedHashMap<>();
        columns.forEach((k, v) -> out.put(k, v.toArray(rows)));
        return out;
    }
}
