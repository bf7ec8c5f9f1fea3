package org.hepml.engine.events.io;

import java.util.Arrays;

/** A growable primitive column; rows never set read as NaN (a weight or observable the event does not have). */
final class DoubleGrowable {
    private double[] values = new double[1024];
    private int size;

    void set(int row, double v) {
        ensure(row + 1);
        values[row] = v;
        if (row >= size) size = row + 1;
    }

    void add(double v) {
        set(size, v);
    }

    /** Pads with NaN up to {@code rows}. */
    void padTo(int rows) {
        if (size < rows) {
            ensure(rows);
            Arrays.fill(values, size, rows, Double.NaN);
            size = rows;
        }
    }

    int size() {
        return size;
    }

    double get(int row) {
        return values[row];
    }

    double[] toArray(int rows) {
        padTo(rows);
        return values.length == rows ? values : Arrays.copyOf(values, rows);
    }

    private void ensure(int n) {
        if (n > values.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(n, values.length * 2L));
            int old = values.length;
            values = Arrays.copyOf(values, grown);
            Arrays.fill(values, old, grown, Double.NaN);
        }
        if (n > size) Arrays.fill(values, size, Math.min(n, values.length), Double.NaN);
    }
}
