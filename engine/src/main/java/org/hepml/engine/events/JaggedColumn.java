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

    /** Entries per event, as a per-event column (the multiplicity). */
    public double[] multiplicities() {
        double[] n = new double[events()];
        for (int i = 0; i < n.length; i++) n[i] = offsets[i + 1] - offsets[i];
        return n;
    }

    /** Per event the sum of its entries (0 for an empty event): sum pT of a particle list. */
    public double[] sums() {
        double[] s = new double[events()];
        for (int i = 0; i < s.length; i++) {
            for (int k = offsets[i]; k < offsets[i + 1]; k++) s[i] += values[k];
        }
        return s;
    }

    /** Per event the largest entry, NaN for an empty event: the leading pT. */
    public double[] maxima() {
        double[] m = new double[events()];
        for (int i = 0; i < m.length; i++) {
            double v = Double.NaN;
            for (int k = offsets[i]; k < offsets[i + 1]; k++) v = Double.isNaN(v) ? values[k] : Math.max(v, values[k]);
            m[i] = v;
        }
        return m;
    }

    /** The same values under another name (the arrays shared). */
    public JaggedColumn named(String newName) {
        return new JaggedColumn(newName, offsets, values);
    }

    /**
     * The offsets of the events {@code rows} (in that order, repeats allowed) taken out of a column with {@code offsets}:
     * computed once and shared by every column of the same particle list, so a selection keeps one offsets array per list.
     */
    public static int[] selectOffsets(int[] offsets, int[] rows) {
        int[] o = new int[rows.length + 1];
        for (int r = 0; r < rows.length; r++) o[r + 1] = o[r] + offsets[rows[r] + 1] - offsets[rows[r]];
        return o;
    }

    /** The events {@code rows} of this column, with {@code newOffsets} from {@link #selectOffsets}. */
    public JaggedColumn select(int[] rows, int[] newOffsets) {
        double[] v = new double[newOffsets[rows.length]];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(values, offsets[rows[r]], v, newOffsets[r], offsets[rows[r] + 1] - offsets[rows[r]]);
        }
        return new JaggedColumn(name, newOffsets, v);
    }

    /** The events {@code rows} (in that order) as a column of their own. */
    public JaggedColumn select(int[] rows) {
        return select(rows, selectOffsets(offsets, rows));
    }

    /** The offsets left when only the entries with {@code keep[k]} stay (every event stays, perhaps empty). */
    public static int[] keepOffsets(int[] offsets, boolean[] keep) {
        int[] o = new int[offsets.length];
        for (int i = 0; i + 1 < offsets.length; i++) {
            int n = 0;
            for (int k = offsets[i]; k < offsets[i + 1]; k++) if (keep[k]) n++;
            o[i + 1] = o[i] + n;
        }
        return o;
    }

    /** Only the entries with {@code keep[k]} (a particle-level selection), with {@code newOffsets} from {@link #keepOffsets}. */
    public JaggedColumn keep(boolean[] keep, int[] newOffsets) {
        if (keep.length != values.length) {
            throw new HepmlException("Jagged column '" + name + "' has " + values.length + " entries, the selection " + keep.length + ".");
        }
        double[] v = new double[newOffsets[newOffsets.length - 1]];
        int j = 0;
        for (int k = 0; k < values.length; k++) if (keep[k]) v[j++] = values[k];
        return new JaggedColumn(name, newOffsets, v);
    }

    /** Events {@code [from, to)} as a column of their own. */
    public JaggedColumn slice(int from, int to) {
        int[] o = new int[to - from + 1];
        for (int i = from; i <= to; i++) o[i - from] = offsets[i] - offsets[from];
        return new JaggedColumn(name, o, Arrays.copyOfRange(values, offsets[from], offsets[to]));
    }
}
