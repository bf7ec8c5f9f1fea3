package org.hepml.engine.events;

import org.hepml.engine.HepmlException;

import java.util.Arrays;

/**
 * A variable-length column, one list of numbers per event (a Delphes {@code Jet.PT}, a NanoAOD {@code Jet_pt}), stored
 * as awkward-array and Arrow store it: {@code values} of all events back to back and {@code offsets}, so that event
 * {@code i} owns {@code values[offsets[i] .. offsets[i+1])}. The arrays are shared: read them, do not modify them.
 */
public record JaggedColumn(String name, int[] offsets, double[] values) {
    public JaggedColumn {
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != values.length) {
            throw new HepmlException("Jagged column '" + name + "': offsets must start at 0 and end at the number of values ("
                    + values.length + ").");
        }
    }

    public int events() {
        return offsets.length - 1;
    }

    /** Entries of event {@code event}. */
    public int count(int event) {
        return offsets[event + 1] - offsets[event];
    }

    /** The {@code k}-th entry of event {@code event}, or NaN where the event has fewer (as for a missing jet). */
    public double get(int event, int k) {
        return k < count(event) ? values[offsets[event] + k] : Double.NaN;
    }

    /** The entries of one event, copied. */
    public double[] of(int event) {
        return Arrays.copyOfRange(values, offsets[event], offsets[event + 1]);
    }

    /** Events {@code [from, to)} as a column of their own. */
    public JaggedColumn slice(int from, int to) {
        int[] o = new int[to - from + 1];
        for (int i = from; i <= to; i++) o[i - from] = offsets[i] - offsets[from];
        return new JaggedColumn(name, o, Arrays.copyOfRange(values, offsets[from], offsets[to]));
    }
}
