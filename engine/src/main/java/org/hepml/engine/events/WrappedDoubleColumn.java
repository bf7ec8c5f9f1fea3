package org.hepml.engine.events;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import tech.tablesaw.api.DoubleColumn;

/**
 * A Tablesaw double column around an existing array, without the copy {@code DoubleColumn.create} makes:
 * simulators and readers fill primitive arrays once and hand them over, so 10^8 events cost their memory
 * once, not twice.
 */
final class WrappedDoubleColumn extends DoubleColumn {
    WrappedDoubleColumn(String name, double[] values) {
        super(name, DoubleArrayList.wrap(values));
    }

    /** Hands {@code values} over to a column; the caller must not change the array afterwards. */
    static DoubleColumn of(String name, double[] values) {
        return new WrappedDoubleColumn(name, values);
    }
}
