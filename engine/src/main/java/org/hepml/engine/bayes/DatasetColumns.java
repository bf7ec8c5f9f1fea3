package org.hepml.engine.bayes;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.Dataset;

import java.util.List;

/** Turns dataset columns into the primitive arrays the networks eat, once per dataset (never per event). */
final class DatasetColumns {
    private DatasetColumns() {
    }

    /** The given input columns, or every observable (x.*) when none are given. */
    static List<String> inputs(Dataset data, List<String> inputs) {
        List<String> cols = inputs == null || inputs.isEmpty() ? data.columns(ColumnRole.OBSERVABLE) : inputs;
        if (cols.isEmpty()) {
            throw new HepmlException("Dataset '" + data.name() + "' has no observables (x.* columns) to learn from; name the inputs with --inputs.");
        }
        return List.copyOf(cols);
    }

    static double[][] rows(Dataset data, List<String> cols) {
        double[][] x = new double[data.size()][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            double[] c = data.column(cols.get(j));
            for (int i = 0; i < c.length; i++) x[i][j] = c[i];
        }
        return x;
    }

    static float[][] toFloat(double[][] x) {
        float[][] f = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            f[i] = new float[x[i].length];
            for (int j = 0; j < f[i].length; j++) f[i][j] = (float) x[i][j];
        }
        return f;
    }

    /** Weights rescaled to mean 1, so the KL term divided by the event count keeps its meaning. */
    static float[] unitMeanWeights(double[] w) {
        double s = 0;
        for (double v : w) s += v;
        if (!(s > 0)) throw new HepmlException("The event weights sum to " + s + "; a Bayesian network needs a positive total weight.");
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) f[i] = (float) (w[i] * w.length / s);
        return f;
    }
}
