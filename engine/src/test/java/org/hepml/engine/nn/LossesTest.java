package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The shared losses on small hand-made batches, against formulas written out in double precision. Tolerances
 * are float rounding (relative 1e-6 of the terms), far below any error the assertions are meant to catch.
 */
class LossesTest {

    static NDArray column(NDManager m, double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return m.create(f, new Shape(v.length, 1));
    }

    static Batch batch(NDManager m, double[] weights, Map<String, NDArray> targets) {
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) weights[i];
        return new Batch(m.zeros(new Shape(weights.length, 1)), m.create(w), targets);
    }

    /** -[y log sigmoid(s) + (1 - y) log(1 - sigmoid(s))], weighted batch mean, as in a textbook. */
    static double textbookBce(double[] logit, double[] y, double[] w) {
        double sum = 0, wsum = 0;
        for (int i = 0; i < logit.length; i++) {
            double p = 1 / (1 + Math.exp(-logit[i]));
            sum += w[i] * -(y[i] * Math.log(p) + (1 - y[i]) * Math.log1p(-p));
            wsum += w[i];
        }
        return sum / wsum;
    }

    @Test
    void theFusedBinaryCrossEntropyIsTheTextbookFormula() {
        // hard and soft labels, logits from -20 to 20 (where a naive log(1 - sigmoid) in float would overflow), uneven weights
        double[] logit = {-20, -3, -0.5, 0, 0.5, 2, 7, 20};
        double[] y = {0, 1, 0.3, 1, 0, 0.9, 1, 0};
        double[] w = {1, 2, 0.5, 1, 3, 1, 0.25, 1.5};
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, w, Map.of("y", column(m, y)));
            double fused = Losses.bce().compute(column(m, logit), null, b).getFloat();
            double expected = textbookBce(logit, y, w);
            assertThat(fused).isCloseTo(expected, within(1e-6 * expected));
            // per event too: no compensation between events can hide a wrong term
            float[] perEvent = Losses.bceWithLogits(column(m, logit).get(":, 0"), column(m, y).get(":, 0")).toFloatArray();
            for (int i = 0; i < logit.length; i++) {
                double one = textbookBce(new double[]{logit[i]}, new double[]{y[i]}, new double[]{1});
                assertThat((double) perEvent[i]).as("event %d", i).isCloseTo(one, within(1e-6 * Math.max(1, one)));
            }
        }
    }

    @Test
    void theCrossEntropyOfALogitOfZeroIsLn2ForAnyLabel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Batch b = batch(m, new double[]{1, 3, 0.5, 2}, Map.of("y", column(m, 0, 1, 0.25, 1)));
            assertThat((double) Losses.bce().compute(column(m, 0, 0, 0, 0), null, b).getFloat()).isCloseTo(Math.log(2), within(1e-6));
        }
    }

    @Test
    void theSquaredErrorSumsOverOutputsAndAveragesWithTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = m.create(new float[]{1, 2, 3, 4, 5, 6}, new Shape(3, 2));
            NDArray out = m.create(new float[]{1, 2, 4, 2, 5, 7}, new Shape(3, 2));
            Batch b = batch(m, new double[]{2, 1, 1}, Map.of("y", target));
            // event squared errors 0, 1 + 4 = 5, 0 + 1 = 1; weighted mean (2*0 + 5 + 1) / 4
            assertThat((double) Losses.mse().compute(out, null, b).getFloat()).isCloseTo(1.5, within(1e-6));
            assertThat((double) Losses.mse().compute(target, null, b).getFloat()).isZero();
        }
    }

    /**
     * A loss of named terms: each term computed once, the total their weighted sum in order; a plain function is
     * one term called "loss", the shared losses name theirs, and a name cannot be used twice. Values to float
     * rounding (relative 1e-6).
     */
    @Test
    void namedTermsWithWeightsSumToTheTotal() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = column(m, 0.5, -1, 2);
            Batch b = batch(m, new double[]{1, 2, 1}, Map.of("y", column(m, 1, 0, 1)));
            Loss mean = (o, t, batch) -> o.mean();
            Loss square = (o, t, batch) -> o.square().mean();
            assertThat(mean.terms()).extracting(Loss.Term::name).containsExactly("loss");
            Loss sum = Loss.named("mean", mean).plus("square", 0.25, square).plus("bce", 3, Losses.bce());
            assertThat(sum.terms()).extracting(Loss.Term::name).containsExactly("mean", "square", "bce");
            assertThat(sum.terms()).extracting(Loss.Term::weight).containsExactly(1.0, 0.25, 3.0);
            Loss.Values v = sum.values(out, null, b);
            double bce = textbookBce(new double[]{0.5, -1, 2}, new double[]{1, 0, 1}, new double[]{1, 2, 1});
            double[] expected = {1.5 / 3, 5.25 / 3, bce};
            for (int k = 0; k < 3; k++) assertThat((double) v.terms().get(k).getFloat()).isCloseTo(expected[k], within(1e-6));
            assertThat((double) v.total().getFloat()).isCloseTo(expected[0] + 0.25 * expected[1] + 3 * expected[2], within(1e-6));
            assertThat(sum.compute(out, null, b).getFloat()).isEqualTo(v.total().getFloat());
            assertThat(Losses.bce().terms()).extracting(Loss.Term::name).containsExactly(Losses.CROSS_ENTROPY);
            assertThat(Losses.mse().terms()).extracting(Loss.Term::name).containsExactly(Losses.SQUARED_ERROR);
            // a one-term loss is exactly its function: the weight of one is not multiplied in
            Loss.Values one = Losses.bce().values(out, null, b);
            assertThat(one.total()).isSameAs(one.terms().get(0));
            assertThatThrownBy(() -> sum.plus("mean", 1, mean)).hasMessageContaining("'mean'");
        }
    }
}
