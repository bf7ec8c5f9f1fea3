package org.hepml.engine.nn;

import org.hepml.engine.HepmlException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a network trains on: input features, per-event weights, and any named per-event targets a loss
 * reads (labels, joint ratios, joint scores...), as primitive arrays. Targets may be several columns wide
 * (e.g. a joint score with one entry per parameter).
 */
public final class TrainingData implements java.io.Serializable { // shipped whole to a task that trains elsewhere
    final float[][] features;
    final float[] weights;
    final Map<String, float[][]> targets = new LinkedHashMap<>();
    /** The group of every row (null: every row its own); rows of one group fall on one side of the validation split. */
    int[] groups;

    public TrainingData(float[][] features, float[] weights) {
        if (features.length == 0) throw new HepmlException("No events to train on.");
        if (weights != null && weights.length != features.length) {
            throw new HepmlException(features.length + " events but " + weights.length + " weights.");
        }
        this.features = features;
        this.weights = weights;
        check("inputs", features);
        if (weights != null) {
            for (int i = 0; i < weights.length; i++) {
                if (!Float.isFinite(weights[i])) throw new HepmlException("Event " + i + " has weight " + weights[i] + "; weights must be finite.");
            }
        }
    }

    /** Adds a target read by the loss; {@code values[event][component]}. */
    public TrainingData target(String name, float[][] values) {
        if (values.length != features.length) {
            throw new HepmlException("Target '" + name + "' has " + values.length + " events, the inputs " + features.length + ".");
        }
        check(name, values);
        targets.put(name, values);
        return this;
    }

    /** Adds a one-column target. */
    public TrainingData target(String name, float[] values) {
        float[][] v = new float[values.length][1];
        for (int i = 0; i < values.length; i++) v[i][0] = values[i];
        return target(name, v);
    }

    /**
     * Rows that belong together: rows with the same group id always land on the same side of the validation split
     * (e.g. the two copies of one event that OmniFold's step 2 puts in both classes). {@code null}: no groups, every
     * row is split on its own.
     */
    public TrainingData groups(int[] groupOfRow) {
        if (groupOfRow != null && groupOfRow.length != features.length) {
            throw new HepmlException(features.length + " events but " + groupOfRow.length + " group ids.");
        }
        this.groups = groupOfRow == null ? null : groupOfRow.clone();
        return this;
    }

    public int size() {
        return features.length;
    }

    public int inputs() {
        return features[0].length;
    }

    public float[][] features() {
        return features;
    }

    private static void check(String what, float[][] v) {
        long bad = 0;
        int first = -1;
        for (int i = 0; i < v.length; i++) {
            for (float x : v[i]) {
                if (!Float.isFinite(x)) {
                    bad++;
                    if (first < 0) first = i;
                }
            }
        }
        if (bad > 0) {
            throw new HepmlException(bad + " value(s) of " + what + " are NaN or infinite (first at event " + first
                    + "); remove or fix those events before training.");
        }
    }
}
