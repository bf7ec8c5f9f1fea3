package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.nn.Activation;
import org.hepml.engine.nn.ChunkedEvaluation;
import org.hepml.engine.nn.DeviceChoice;
import org.hepml.engine.nn.Mlp;
import org.hepml.engine.nn.TrainingSettings;

import java.util.List;

/** What the anomaly methods share: their default training, and feature columns as network inputs and outputs. */
public final class Classifiers {
    private Classifiers() {
    }

    /**
     * The weakly supervised and decorrelated classifiers: two hidden layers of 64, relu, up to 30 epochs of batches of
     * 256, learning rate 1e-3 falling along a cosine to 1/20, 20% validation and the best epoch kept (stopping after 5
     * without improvement): a CWoLa classifier overfits its noisy labels, and early stopping on held-out events is
     * what the CWoLa-hunting papers do.
     */
    public static final TrainingSettings WEAK_SUPERVISION = new TrainingSettings(new int[]{64, 64}, Activation.RELU, 30, 256, 1e-3,
            TrainingSettings.Decay.cosineDividedBy(20), 0.2, 5, 1, DeviceChoice.AUTO);

    /** Events x features, checking that every feature exists and is finite. */
    public static double[][] features(Dataset d, List<String> columns) {
        if (columns.isEmpty()) throw new HepmlException("Give at least one feature column.");
        double[][] cols = new double[columns.size()][];
        for (int j = 0; j < cols.length; j++) {
            cols[j] = d.column(columns.get(j));
            for (int i = 0; i < cols[j].length; i++) {
                if (!Double.isFinite(cols[j][i])) {
                    throw new HepmlException("Column '" + columns.get(j) + "' of '" + d.name() + "' is " + cols[j][i] + " at event " + i
                            + "; the features must be finite.");
                }
            }
        }
        double[][] x = new double[d.size()][cols.length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < cols.length; j++) x[i][j] = cols[j][i];
        return x;
    }

    static float[][] rows(double[][] x, int[] events) {
        float[][] out = new float[events.length][];
        for (int k = 0; k < events.length; k++) {
            double[] r = x[events[k]];
            out[k] = new float[r.length];
            for (int j = 0; j < r.length; j++) out[k][j] = (float) r[j];
        }
        return out;
    }

    /** The network's outputs for the events {@code events} of {@code x}, [event][output]. */
    static float[][] outputs(Mlp net, double[][] x, int[] events) {
        int d = net.inputs(), o = net.outputs();
        float[][] out = new float[events.length][o];
        ChunkedEvaluation.forEachChunk(events.length, d, ChunkedEvaluation.CHUNK, (i, flat, off) -> {
            for (int j = 0; j < d; j++) flat[off + j] = (float) x[events[i]][j];
        }, (from, to, flat) -> {
            float[] v = ChunkedEvaluation.forward(net, flat, to - from, d);
            for (int i = from; i < to; i++) System.arraycopy(v, (i - from) * o, out[i], 0, o);
        });
        return out;
    }

    static int[] all(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }
}
