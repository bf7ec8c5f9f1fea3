package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A network evaluated on many events: the events go through in chunks of rows so that no tensor holds more than
 * one chunk (memory stays bounded for millions of events), without autograd. The one place this loop is written;
 * estimators, reweighters and Bayesian networks call it.
 */
public final class ChunkedEvaluation {
    /** Rows per chunk when a caller has no reason to choose. */
    public static final int CHUNK = 1 << 16;

    private ChunkedEvaluation() {
    }

    /** Writes the {@code width} network inputs of event {@code event} into {@code flat} from {@code offset} on. */
    @FunctionalInterface
    public interface Row {
        void fill(int event, float[] flat, int offset);
    }

    /** Works on events {@code from} (inclusive) to {@code to} (exclusive), whose inputs are {@code flat}, row-major. */
    @FunctionalInterface
    public interface Chunk {
        void accept(int from, int to, float[] flat);
    }

    /** Calls {@code body} once per chunk of at most {@code chunk} events, with their inputs filled by {@code row}. */
    public static void forEachChunk(int events, int width, int chunk, Row row, Chunk body) {
        JniUtils.setGradMode(false); // inference on a kernel thread: no graph
        for (int from = 0; from < events; from += chunk) {
            int to = Math.min(events, from + chunk);
            float[] flat = new float[(to - from) * width];
            for (int i = from; i < to; i++) row.fill(i, flat, (i - from) * width);
            body.accept(from, to, flat);
        }
    }

    /** The inputs of every event as its row of {@code x} ({@code [event][input]}). */
    public static Row rows(double[][] x, int width) {
        return (i, flat, o) -> {
            for (int j = 0; j < width; j++) flat[o + j] = (float) x[i][j];
        };
    }

    /** The outputs of {@code net} for one chunk's inputs ({@code rows x width}, row-major), row-major. */
    public static float[] forward(Mlp net, float[] flat, int rows, int width) {
        try (NDManager m = NDManager.newBaseManager(net.parameters().get(0).getDevice())) {
            NDArray in = m.create(flat, new Shape(rows, width));
            return net.forward(in).toFloatArray();
        }
    }
}
